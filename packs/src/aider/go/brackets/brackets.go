package brackets

// Balanced reports whether the brackets in s are balanced.
func Balanced(s string) bool {
	panic("not implemented")
}

// FirstError returns -1 for a balanced s, else the byte index of the offending bracket.
func FirstError(s string) int {
	panic("not implemented")
}
