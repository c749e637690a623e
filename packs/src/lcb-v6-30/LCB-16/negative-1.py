n, x = map(int, input().split())
coins = list(map(int, input().split()))
ways = [1] + [0] * x
for c in coins:
    for s in range(c, x + 1):
        ways[s] += ways[s - c]
print(ways[x])
