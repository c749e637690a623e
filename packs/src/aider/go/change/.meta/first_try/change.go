package change

import (
	"errors"
	"sort"
)

// Change returns the fewest coins, in ascending order, that add up to target.
func Change(coins []int, target int) ([]int, error) {
	if target < 0 {
		return nil, errors.New("negative target")
	}
	sorted := append([]int(nil), coins...)
	sort.Sort(sort.Reverse(sort.IntSlice(sorted)))
	result := []int{}
	for _, c := range sorted {
		for target >= c {
			result = append([]int{c}, result...)
			target -= c
		}
	}
	if target != 0 {
		return nil, errors.New("cannot make change")
	}
	return result, nil
}
