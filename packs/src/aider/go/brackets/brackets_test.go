package brackets

import "testing"

var cases = []struct {
	input string
	err   int
}{
	{"", -1},
	{"()", -1},
	{"[]{}()", -1},
	{"{[()()]}", -1},
	{"fn(a[1], {b: c})", -1},
	{"if (a[i] > b) { c(); } else { d[0] = {}; }", -1},
	{")", 0},
	{"a)", 1},
	{"{[}]", 2},
	{"([)]", 2},
	{"(()", 0},
	{"{[", 1},
	{"((a)", 0},
	{"[({})", 0},
	{"x{y(z", 3},
	{"é)", 2},
	{"{]", 1},
	{"(())}", 4},
}

func TestBalanced(t *testing.T) {
	for _, c := range cases {
		if got, want := Balanced(c.input), c.err == -1; got != want {
			t.Errorf("Balanced(%q) = %v, want %v", c.input, got, want)
		}
	}
}

func TestFirstErrorOnBalanced(t *testing.T) {
	for _, c := range cases {
		if c.err == -1 {
			if got := FirstError(c.input); got != -1 {
				t.Errorf("FirstError(%q) = %d, want -1", c.input, got)
			}
		}
	}
}

func TestFirstErrorPosition(t *testing.T) {
	for _, c := range cases {
		if c.err != -1 {
			if got := FirstError(c.input); got != c.err {
				t.Errorf("FirstError(%q) = %d, want %d", c.input, got, c.err)
			}
		}
	}
}
