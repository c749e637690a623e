package wordcount

import "sort"

// Entry is a word and how often it occurs.
type Entry struct {
	Word  string
	Count int
}

func alnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// WordCount counts the words in text, case-insensitively.
func WordCount(text string) map[string]int {
	counts := map[string]int{}
	var word []byte
	flush := func() {
		if len(word) > 0 {
			counts[string(word)]++
			word = word[:0]
		}
	}
	for i := 0; i < len(text); i++ {
		c := lower(text[i])
		switch {
		case alnum(c):
			word = append(word, c)
		case c == '\'' && len(word) > 0 && i+1 < len(text) && alnum(lower(text[i+1])):
			word = append(word, c)
		default:
			flush()
		}
	}
	flush()
	return counts
}

// Top returns the n most frequent words, most frequent first, ties in alphabetical order.
func Top(text string, n int) []Entry {
	entries := []Entry{}
	if n <= 0 {
		return entries
	}
	for word, count := range WordCount(text) {
		entries = append(entries, Entry{word, count})
	}
	sort.Slice(entries, func(i, j int) bool {
		if entries[i].Count != entries[j].Count {
			return entries[i].Count > entries[j].Count
		}
		return entries[i].Word < entries[j].Word
	})
	if len(entries) > n {
		entries = entries[:n]
	}
	return entries
}
