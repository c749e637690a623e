s = input().strip()
best_char, best_len = s[0], 0
i = 0
while i < len(s):
    j = i
    while j < len(s) and s[j] == s[i]:
        j += 1
    if j - i > best_len:
        best_char, best_len = s[i], j - i
    i = j
print(best_char, best_len)
