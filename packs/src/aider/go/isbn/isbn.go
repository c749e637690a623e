package isbn

// IsValidISBN reports whether isbn is a valid ISBN-10.
func IsValidISBN(isbn string) bool {
	panic("not implemented")
}
