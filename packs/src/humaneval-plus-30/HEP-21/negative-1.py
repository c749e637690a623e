def is_anagram(a, b):
    clean = lambda s: sorted(c for c in s.lower() if c.isalnum())
    return clean(a) == clean(b)
