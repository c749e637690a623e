package isbn

// IsValidISBN reports whether isbn is a valid ISBN-10.
func IsValidISBN(isbn string) bool {
	sum, n := 0, 0
	runes := []rune(isbn)
	for i, r := range runes {
		switch {
		case r == '-':
			continue
		case r >= '0' && r <= '9':
			sum += int(r-'0') * (10 - n)
		case r == 'X' && i == len(runes)-1 && n == 9:
			sum += 10
		default:
			return false
		}
		n++
		if n > 10 {
			return false
		}
	}
	return n == 10 && sum%11 == 0
}
