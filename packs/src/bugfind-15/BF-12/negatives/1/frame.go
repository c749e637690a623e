package main

import "fmt"

// Checksum returns the sum of all bytes.
func Checksum(data []byte) int {
	sum := 0
	for _, b := range data {
		sum += int(b)
	}
	return sum
}

// Frame returns payload followed by its checksum byte.
func Frame(payload []byte) []byte {
	out := make([]byte, len(payload), len(payload)+1)
	copy(out, payload)
	return append(out, byte(Checksum(payload)))
}

// Valid reports whether frame ends with the checksum of the bytes before it.
func Valid(frame []byte) bool {
	if len(frame) == 0 {
		return false
	}
	n := len(frame) - 1
	return Checksum(frame[:n]) == int(frame[n])
}

func main() {
	fmt.Println(Checksum([]byte{200, 100}), Valid(Frame([]byte("hello"))))
}
