n, k = map(int, input().split())
a = input().split()
print(max(len(set(a[i:i + k])) for i in range(n - k + 1)))
