package isbn

import "testing"

func check(t *testing.T, cases map[string]bool) {
	t.Helper()
	for input, want := range cases {
		if got := IsValidISBN(input); got != want {
			t.Errorf("IsValidISBN(%q) = %v, want %v", input, got, want)
		}
	}
}

func TestValidNumbers(t *testing.T) {
	check(t, map[string]bool{"3-598-21508-8": true, "3598215088": true, "0-00-000000-0": true, "0-306-40615-2": true})
}

func TestWrongCheckDigit(t *testing.T) {
	check(t, map[string]bool{"3-598-21508-9": false, "0-306-40615-3": false, "3-598-21515-X": false})
}

func TestCheckCharacterX(t *testing.T) {
	check(t, map[string]bool{"3-598-21507-X": true, "359821507X": true, "3-598-21507-x": false,
		"3-598-2X507-9": false, "X-598-21507-3": false})
}

func TestWrongLength(t *testing.T) {
	check(t, map[string]bool{"": false, "359821507": false, "3598215078X": false, "3-598-21507": false,
		"00": false, "3-598-21508-88": false})
}

func TestOtherCharacters(t *testing.T) {
	check(t, map[string]bool{"3-598-21507-A": false, "3-598-P1581-X": false, "3 598 21508 8": false,
		"3_598_21508_8": false, "3-598-21508-８": false})
}
