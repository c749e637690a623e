import sys

data = sys.stdin.buffer.read().split()
n = int(data[0])
intervals = sorted(((int(data[1 + 2 * i]), int(data[2 + 2 * i])) for i in range(n)), key=lambda p: p[1])
count, last = 0, -1
for l, r in intervals:
    if l > last:
        count += 1
        last = r
print(count)
