n, _ = map(int, input().split())
m = [input().split() for _ in range(n)]
for j in range(n):
    print(" ".join(m[n - 1 - i][j] for i in range(n)))
