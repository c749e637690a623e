package wordcount

import (
	"sort"
	"strings"
	"unicode"
)

// Entry is a word and how often it occurs.
type Entry struct {
	Word  string
	Count int
}

// WordCount counts the words in text, case-insensitively.
func WordCount(text string) map[string]int {
	counts := map[string]int{}
	fields := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
	for _, f := range fields {
		counts[f]++
	}
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
