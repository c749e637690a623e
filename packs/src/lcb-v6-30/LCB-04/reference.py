import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, k = int(data[0]), int(data[1])
    a = data[2:2 + n]
    counts = {}
    best = 0
    for i, x in enumerate(a):
        counts[x] = counts.get(x, 0) + 1
        if i >= k:
            y = a[i - k]
            counts[y] -= 1
            if counts[y] == 0:
                del counts[y]
        if i >= k - 1:
            best = max(best, len(counts))
    print(best)


main()
