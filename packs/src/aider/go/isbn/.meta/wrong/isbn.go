package isbn

import "strings"

// IsValidISBN reports whether isbn is a valid ISBN-10.
func IsValidISBN(isbn string) bool {
	digits := strings.ReplaceAll(isbn, "-", "")
	if len(digits) != 10 {
		return false
	}
	sum := 0
	for i, r := range digits {
		value := 0
		switch {
		case r >= '0' && r <= '9':
			value = int(r - '0')
		case r == 'X':
			value = 10
		default:
			return false
		}
		sum += value * (10 - i)
	}
	return sum%11 == 0
}
