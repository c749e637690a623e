import sys

data = sys.stdin.read().split()
out = []
for tok in data[1:1 + int(data[0])]:
    n = int(tok)
    zeros = 0
    while n:
        n //= 5
        zeros += n
    out.append(str(zeros))
print("\n".join(out))
