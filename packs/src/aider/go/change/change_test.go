package change

import (
	"reflect"
	"testing"
)

func expect(t *testing.T, coins []int, target int, want []int) {
	t.Helper()
	got, err := Change(coins, target)
	if err != nil {
		t.Errorf("Change(%v, %d) gave error %v, want %v", coins, target, err, want)
		return
	}
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Change(%v, %d) = %v, want %v", coins, target, got, want)
	}
}

func expectError(t *testing.T, coins []int, target int) {
	t.Helper()
	if got, err := Change(coins, target); err == nil || got != nil {
		t.Errorf("Change(%v, %d) = %v, %v; want nil and an error", coins, target, got, err)
	}
}

func TestSimpleAmounts(t *testing.T) {
	expect(t, []int{1, 5, 10, 25, 100}, 25, []int{25})
	expect(t, []int{1, 5, 10, 25, 100}, 15, []int{5, 10})
	expect(t, []int{1, 5, 10, 25, 100}, 40, []int{5, 10, 25})
}

func TestLargestFirstIsNotEnough(t *testing.T) {
	expect(t, []int{1, 4, 15, 20, 50}, 23, []int{4, 4, 15})
	expect(t, []int{1, 5, 10, 21, 25}, 63, []int{21, 21, 21})
	expect(t, []int{2, 5, 10, 20, 50}, 21, []int{2, 2, 2, 5, 10})
	expect(t, []int{4, 5}, 27, []int{4, 4, 4, 5, 5, 5})
}

func TestUnsortedCoins(t *testing.T) {
	expect(t, []int{25, 1, 10, 5}, 30, []int{5, 25})
}

func TestLargeTarget(t *testing.T) {
	got, err := Change([]int{1, 2, 5}, 999)
	if err != nil || len(got) != 201 {
		t.Errorf("Change([1 2 5], 999) gave %d coins and error %v; want 201 coins: 2, 2 and 199 fives", len(got), err)
		return
	}
	if got[0] != 2 || got[1] != 2 || got[2] != 5 || got[200] != 5 {
		t.Errorf("Change([1 2 5], 999) starts %v and ends %d; want 2, 2 then 199 fives", got[:3], got[200])
	}
}

func TestZeroTarget(t *testing.T) {
	got, err := Change([]int{1, 5}, 0)
	if err != nil || len(got) != 0 {
		t.Errorf("Change([1 5], 0) = %v, %v; want an empty slice and nil", got, err)
	}
}

func TestImpossible(t *testing.T) {
	expectError(t, []int{5, 10}, 3)
	expectError(t, []int{5, 10}, 94)
	expectError(t, []int{4, 5}, 11)
	expectError(t, []int{1, 2, 5}, -5)
}
