n, m, k = map(int, input().split())
values = sorted(i * j for i in range(1, n + 1) for j in range(1, m + 1))
print(values[k - 1])
