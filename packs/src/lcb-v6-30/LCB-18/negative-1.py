t = int(input())
for _ in range(t):
    s = input().strip()
    i, j = 0, len(s) - 1
    answer = "YES"
    while i < j:
        if s[i] != s[j]:
            rest = s[i + 1:j + 1]
            answer = "YES" if rest == rest[::-1] else "NO"
            break
        i += 1
        j -= 1
    print(answer)
