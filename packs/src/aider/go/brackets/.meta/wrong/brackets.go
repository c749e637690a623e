package brackets

var pairs = map[rune]rune{')': '(', ']': '[', '}': '{'}

// Balanced reports whether the brackets in s are balanced.
func Balanced(s string) bool {
	return FirstError(s) == -1
}

// FirstError returns -1 for a balanced s, else the byte index of the offending bracket.
func FirstError(s string) int {
	var stack []int
	for i, c := range s {
		switch c {
		case '(', '[', '{':
			stack = append(stack, i)
		case ')', ']', '}':
			if len(stack) == 0 || rune(s[stack[len(stack)-1]]) != pairs[c] {
				return i
			}
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) > 0 {
		return stack[0]
	}
	return -1
}
