package main

import (
	"bufio"
	"fmt"
	"os"
)

// TotalLines returns the total number of lines in the given files. It stops at the first file
// that cannot be opened or read and returns that error.
func TotalLines(paths []string) (int, error) {
	total := 0
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return 0, err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			total++
		}
		if err := sc.Err(); err != nil {
			return 0, err
		}
	}
	return total, nil
}

func main() {
	n, err := TotalLines(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(n)
}
