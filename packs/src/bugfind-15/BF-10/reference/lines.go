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
		n, err := countLines(p)
		if err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}

// countLines counts one file's lines; the deferred Close runs when this file is done.
func countLines(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		n++
	}
	return n, sc.Err()
}

func main() {
	n, err := TotalLines(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(n)
}
