package brackets

var pairs = map[byte]byte{')': '(', ']': '[', '}': '{'}

// Balanced reports whether the brackets in s are balanced.
func Balanced(s string) bool {
	return FirstError(s) == -1
}

// FirstError returns -1 for a balanced s, else the byte index of the offending bracket.
func FirstError(s string) int {
	var stack []int
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '(', '[', '{':
			stack = append(stack, i)
		case ')', ']', '}':
			if len(stack) == 0 || s[stack[len(stack)-1]] != pairs[c] {
				return i
			}
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) > 0 {
		return stack[len(stack)-1]
	}
	return -1
}
