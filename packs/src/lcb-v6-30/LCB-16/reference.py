import sys


def main():
    data = sys.stdin.read().split()
    n, x = int(data[0]), int(data[1])
    mod = 10**9 + 7
    ways = [1] + [0] * x
    for c in map(int, data[2:2 + n]):
        for s in range(c, x + 1):
            ways[s] = (ways[s] + ways[s - c]) % mod
    print(ways[x])


main()
