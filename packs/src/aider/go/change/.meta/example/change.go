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
	// best[v] = fewest coins for v; last[v] = a coin used in that best way.
	best := make([]int, target+1)
	last := make([]int, target+1)
	for v := 1; v <= target; v++ {
		best[v] = -1
		for _, c := range coins {
			if c <= v && best[v-c] >= 0 && (best[v] < 0 || best[v-c]+1 < best[v]) {
				best[v] = best[v-c] + 1
				last[v] = c
			}
		}
	}
	if best[target] < 0 {
		return nil, errors.New("cannot make change")
	}
	result := []int{}
	for v := target; v > 0; v -= last[v] {
		result = append(result, last[v])
	}
	sort.Ints(result)
	return result, nil
}
