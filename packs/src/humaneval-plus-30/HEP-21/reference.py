from collections import Counter


def is_anagram(a: str, b: str) -> bool:
    def letters(s):
        return Counter(c for c in s.lower() if c.isalpha())
    return letters(a) == letters(b)
