package wordcount

import (
	"reflect"
	"testing"
)

func expect(t *testing.T, text string, want map[string]int) {
	t.Helper()
	if got := WordCount(text); !reflect.DeepEqual(got, want) {
		t.Errorf("WordCount(%q) = %v, want %v", text, got, want)
	}
}

func TestSimpleCounts(t *testing.T) {
	expect(t, "one fish two fish red fish blue fish", map[string]int{"one": 1, "fish": 4, "two": 1, "red": 1, "blue": 1})
	expect(t, "testing, 1, 2 testing", map[string]int{"testing": 2, "1": 1, "2": 1})
}

func TestCaseAndSeparators(t *testing.T) {
	expect(t, "Go go GO\tStop,stop!!\n", map[string]int{"go": 3, "stop": 2})
	expect(t, "car: carpet as java: javascript!!&@$%^&", map[string]int{"car": 1, "carpet": 1, "as": 1, "java": 1, "javascript": 1})
}

func TestApostrophes(t *testing.T) {
	expect(t, "First: don't laugh. Then: don't cry. You're getting it.",
		map[string]int{"first": 1, "don't": 2, "laugh": 1, "then": 1, "cry": 1, "you're": 1, "getting": 1, "it": 1})
	expect(t, "Joe can't tell between 'large' and large.",
		map[string]int{"joe": 1, "can't": 1, "tell": 1, "between": 1, "large": 2, "and": 1})
	expect(t, "''hey'' rock'n'roll 'tis", map[string]int{"hey": 1, "rock'n'roll": 1, "tis": 1})
}

func TestNoWords(t *testing.T) {
	if got := WordCount(" ,.!? ''"); len(got) != 0 {
		t.Errorf("WordCount of punctuation = %v, want an empty map", got)
	}
}

func TestTop(t *testing.T) {
	if got, want := Top("b a c b a b", 2), []Entry{{"b", 3}, {"a", 2}}; !reflect.DeepEqual(got, want) {
		t.Errorf("Top(2) = %v, want %v", got, want)
	}
	if got, want := Top("z y x Y z", 3), []Entry{{"y", 2}, {"z", 2}, {"x", 1}}; !reflect.DeepEqual(got, want) {
		t.Errorf("Top ties = %v, want %v", got, want)
	}
	if got, want := Top("one two", 5), []Entry{{"one", 1}, {"two", 1}}; !reflect.DeepEqual(got, want) {
		t.Errorf("Top(5) of two words = %v, want %v", got, want)
	}
	if got := Top("one two", 0); len(got) != 0 {
		t.Errorf("Top(0) = %v, want empty", got)
	}
}
