t = int(input())
for _ in range(t):
    n = int(input())
    a = input().split()
    print(sum(1 for i in range(n) for j in range(i + 1, n) if a[i] == a[j]))
