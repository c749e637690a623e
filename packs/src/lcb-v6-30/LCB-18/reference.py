import sys


def is_pal(s, i, j):
    while i < j:
        if s[i] != s[j]:
            return False
        i += 1
        j -= 1
    return True


def ok(s):
    i, j = 0, len(s) - 1
    while i < j:
        if s[i] != s[j]:
            return is_pal(s, i + 1, j) or is_pal(s, i, j - 1)
        i += 1
        j -= 1
    return True


data = sys.stdin.read().split()
print("\n".join("YES" if ok(s) else "NO" for s in data[1:1 + int(data[0])]))
