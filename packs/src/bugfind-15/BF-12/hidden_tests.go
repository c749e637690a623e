package main

// Hidden tests (never shown to the model): call the candidate, print what was observed.

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

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
	pqCase("report_call", func() string { return fmt.Sprint(Checksum([]byte{200, 100})) })
	pqCase("empty", func() string { return fmt.Sprint(Checksum(nil)) })
	pqCase("hello_frame", func() string { return fmt.Sprint(Frame([]byte("hello"))) })
	pqCase("valid_roundtrip", func() string { return fmt.Sprint(Valid(Frame([]byte{255, 255, 255, 7}))) })
	pqCase("corrupted", func() string { return fmt.Sprint(Valid([]byte{1, 2, 4})) })
	parts := []string{}
	for _, c := range pqCases {
		k, _ := json.Marshal(c.name)
		v, _ := json.Marshal(pqRun(c.f))
		parts = append(parts, string(k)+":"+string(v))
	}
	fmt.Fprintf(os.Stdout, "PQ-RESULT %s {%s}\n", nonce, strings.Join(parts, ","))
	os.Exit(0)
}
