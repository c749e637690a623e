n = int(input())
iv = sorted((tuple(map(int, input().split())) for _ in range(n)), key=lambda p: p[1])
count, last = 0, -1
for l, r in iv:
    if l >= last:
        count += 1
        last = r
print(count)
