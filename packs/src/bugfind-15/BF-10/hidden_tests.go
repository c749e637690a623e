package main

// Hidden tests (never shown to the model): call the candidate, print what was observed.

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"path/filepath"
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
	dir, _ := os.MkdirTemp("", "pq-lines")
	var many []string
	for i := 0; i < 1500; i++ {
		p := filepath.Join(dir, fmt.Sprintf("part-%04d.log", i))
		os.WriteFile(p, []byte("a\nb\n"), 0o644)
		many = append(many, p)
	}
	small := filepath.Join(dir, "small.log")
	os.WriteFile(small, []byte("one\ntwo\nthree"), 0o644)
	empty := filepath.Join(dir, "empty.log")
	os.WriteFile(empty, nil, 0o644)
	sub := filepath.Join(dir, "subdir")
	os.Mkdir(sub, 0o755)
	openFDs := func() int {
		entries, _ := os.ReadDir("/proc/self/fd")
		return len(entries)
	}
	result := func(n int, err error) string { return fmt.Sprint(n, " err=", err != nil) }
	pqCase("many_files", func() string { return result(TotalLines(many)) })
	pqCase("no_trailing_newline", func() string { return result(TotalLines([]string{small, empty})) })
	pqCase("no_files", func() string { return result(TotalLines(nil)) })
	pqCase("missing_file", func() string { return result(TotalLines([]string{small, filepath.Join(dir, "nope")})) })
	pqCase("directory_is_an_error", func() string { return result(TotalLines([]string{small, sub})) })
	pqCase("no_leak_after_success", func() string {
		before := openFDs()
		TotalLines(many[:200])
		return fmt.Sprint(openFDs() - before)
	})
	pqCase("no_leak_after_read_error", func() string {
		before := openFDs()
		for i := 0; i < 40; i++ {
			TotalLines([]string{small, sub})
		}
		return fmt.Sprint(openFDs() - before)
	})
	pqCase("twice_many_files", func() string {
		a, errA := TotalLines(many)
		b, errB := TotalLines(append(append([]string{}, many...), many...))
		return fmt.Sprint(a, b, errA != nil || errB != nil)
	})
	parts := []string{}
	for _, c := range pqCases {
		k, _ := json.Marshal(c.name)
		v, _ := json.Marshal(pqRun(c.f))
		parts = append(parts, string(k)+":"+string(v))
	}
	fmt.Fprintf(os.Stdout, "PQ-RESULT %s {%s}\n", nonce, strings.Join(parts, ","))
	os.Exit(0)
}
