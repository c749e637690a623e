from itertools import groupby

s = input().strip()
best = ("", 0)
for ch, grp in groupby(s):
    n = len(list(grp))
    if n >= best[1]:
        best = (ch, n)
print(best[0], best[1])
