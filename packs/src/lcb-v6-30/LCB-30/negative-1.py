t = int(input())
for _ in range(t):
    n = int(input())
    print(n // 5)
