def group_digits(n, sep):
    s = str(n)
    out = ""
    for i, ch in enumerate(reversed(s)):
        if i and i % 3 == 0:
            out = sep + out
        out = ch + out
    return out
