def is_anagram(a: str, b: str) -> bool:
    """Return True when a and b contain the same letters the same number of
    times, ignoring case (compare with str.lower()) and ignoring every character
    that is not a letter (str.isalpha() is False), such as spaces, digits and
    punctuation.

    >>> is_anagram("Listen", "Silent")
    True
    >>> is_anagram("Dormitory", "dirty room!")
    True
    >>> is_anagram("abc", "abd")
    False
    """
