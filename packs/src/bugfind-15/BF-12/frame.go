package main

import "fmt"

// Checksum is the 8-bit additive checksum of our serial frame format: the sum of all bytes
// modulo 256. Receivers compare it with the frame's last byte, so it must stay one byte.
func Checksum(data []byte) uint8 {
	var sum uint8
	for _, b := range data {
		sum += b
	}
	return sum
}

// Frame returns payload followed by its checksum byte.
func Frame(payload []byte) []byte {
	out := make([]byte, len(payload), len(payload)+1)
	copy(out, payload)
	return append(out, Checksum(payload))
}

// Valid reports whether frame ends with the checksum of the bytes before it.
func Valid(frame []byte) bool {
	if len(frame) == 0 {
		return false
	}
	n := len(frame) - 1
	return Checksum(frame[:n]) == frame[n]
}

func main() {
	fmt.Println(Checksum([]byte{200, 100}), Valid(Frame([]byte("hello"))))
}
