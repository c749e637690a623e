import sys

data = sys.stdin.read().split()
n = int(data[0])
print(sum(x for x in map(int, data[1:1 + n]) if x % 2 == 0))
