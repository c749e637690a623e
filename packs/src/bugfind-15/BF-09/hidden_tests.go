package main

// Hidden tests (never shown to the model): call the candidate, print what was observed.

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"math"
)

var _ = fmt.Sprint
var _ = strings.Join

type pqCaseT struct {
	name string
	f    func() string
}

var pqCases []pqCaseT

func pqCase(name string, f func() string) { pqCases = append(pqCases, pqCaseT{name, f}) }

func pqRun(f func() string) (out string) {
	defer func() {
		if r := recover(); r != nil {
			out = "panic"
		}
	}()
	return f()
}

func TestPQHidden(t *testing.T) {
	nonce := os.Getenv("PQ_NONCE")
	os.Unsetenv("PQ_NONCE")
	pqCase("report_example", func() string { return fmt.Sprint(Average([]int32{1500000000, 1500000000})) })
	pqCase("small", func() string { return fmt.Sprint(Average([]int32{1, 2, 3, 4})) })
	pqCase("rounds_toward_zero", func() string { return fmt.Sprint(Average([]int32{1, 1, 1, 2})) })
	pqCase("negative_toward_zero", func() string { return fmt.Sprint(Average([]int32{-3, -4})) })
	pqCase("extremes", func() string { return fmt.Sprint(Average([]int32{math.MaxInt32, math.MaxInt32, math.MinInt32})) })
	pqCase("all_max", func() string { return fmt.Sprint(Average([]int32{math.MaxInt32, math.MaxInt32, math.MaxInt32})) })
	pqCase("all_min", func() string { return fmt.Sprint(Average([]int32{math.MinInt32, math.MinInt32})) })
	pqCase("empty", func() string { return fmt.Sprint(Average(nil)) })
	pqCase("spread_small", func() string { return fmt.Sprint(Spread([]int32{3, 9, 4})) })
	pqCase("spread_full_range", func() string { return fmt.Sprint(Spread([]int32{math.MinInt32, 0, math.MaxInt32})) })
	pqCase("spread_empty", func() string { return fmt.Sprint(Spread([]int32{})) })
	parts := []string{}
	for _, c := range pqCases {
		k, _ := json.Marshal(c.name)
		v, _ := json.Marshal(pqRun(c.f))
		parts = append(parts, string(k)+":"+string(v))
	}
	fmt.Fprintf(os.Stdout, "PQ-RESULT %s {%s}\n", nonce, strings.Join(parts, ","))
	os.Exit(0)
}
