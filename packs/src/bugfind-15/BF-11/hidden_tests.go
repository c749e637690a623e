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
	leaf := func(name string) *Node { return &Node{Name: name} }
	node := func(name string, kids ...*Node) *Node { return &Node{Name: name, Children: kids} }
	report := node("shop", node("books", node("fiction", leaf("novels"), leaf("poetry"))))
	deep := node("a", node("b", node("c", node("d", leaf("e1"), leaf("e2"), leaf("e3")), node("x", leaf("y"))), leaf("f")))
	wide := node("r", leaf("1"), leaf("2"), node("3", leaf("3a"), node("3b", leaf("3b1"), leaf("3b2"))), leaf("4"))
	pqCase("report_tree", func() string { return fmt.Sprintf("%q", Breadcrumbs(report)) })
	pqCase("deep_paths", func() string { return fmt.Sprintf("%q", Paths(deep)) })
	pqCase("wide_paths", func() string { return fmt.Sprintf("%q", Paths(wide)) })
	pqCase("single_node", func() string { return fmt.Sprintf("%q", Paths(leaf("only"))) })
	pqCase("nil_root", func() string { return fmt.Sprint(len(Paths(nil))) })
	pqCase("shallow", func() string { return fmt.Sprintf("%q", Breadcrumbs(node("top", leaf("l"), leaf("r")))) })
	pqCase("paths_independent", func() string {
		ps := Paths(deep)
		ps[0][len(ps[0])-1] = "CHANGED"
		return fmt.Sprintf("%q", ps[1])
	})
	pqCase("stable_across_calls", func() string {
		first := strings.Join(Breadcrumbs(deep), "|")
		second := strings.Join(Breadcrumbs(deep), "|")
		return fmt.Sprint(first == second)
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
