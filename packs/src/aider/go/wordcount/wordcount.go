package wordcount

// Entry is a word and how often it occurs.
type Entry struct {
	Word  string
	Count int
}

// WordCount counts the words in text, case-insensitively.
func WordCount(text string) map[string]int {
	panic("not implemented")
}

// Top returns the n most frequent words, most frequent first, ties in alphabetical order.
func Top(text string, n int) []Entry {
	panic("not implemented")
}
