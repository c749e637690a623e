package main

import "fmt"

// Average returns the mean of xs rounded toward zero, or 0 for an empty slice.
func Average(xs []int32) int32 {
	if len(xs) == 0 {
		return 0
	}
	var sum int64
	for _, x := range xs {
		sum += int64(x)
	}
	return int32(sum / int64(len(xs)))
}

// Spread returns the largest value minus the smallest, or 0 for an empty slice.
func Spread(xs []int32) int64 {
	if len(xs) == 0 {
		return 0
	}
	lo, hi := xs[0], xs[0]
	for _, x := range xs[1:] {
		if x < lo {
			lo = x
		}
		if x > hi {
			hi = x
		}
	}
	return int64(hi - lo)
}

func main() {
	fmt.Println(Average([]int32{1500000000, 1500000000}), Spread([]int32{3, 9, 4}))
}
