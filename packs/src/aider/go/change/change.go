package change

// Change returns the fewest coins, in ascending order, that add up to target.
func Change(coins []int, target int) ([]int, error) {
	panic("not implemented")
}
