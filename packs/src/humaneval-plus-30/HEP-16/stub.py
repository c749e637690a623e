def roman_to_int(s: str) -> int:
    """Convert a valid Roman numeral in the range 1..3999 to an integer. The
    symbols are I=1, V=5, X=10, L=50, C=100, D=500, M=1000, and the subtractive
    pairs IV, IX, XL, XC, CD and CM stand for 4, 9, 40, 90, 400 and 900.

    >>> roman_to_int("III")
    3
    >>> roman_to_int("IX")
    9
    >>> roman_to_int("MCMXCIV")
    1994
    """
