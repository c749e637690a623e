import sys

data = sys.stdin.read().split()
n, m = int(data[0]), int(data[1])
edges = [(int(data[2 + 2 * i]), int(data[3 + 2 * i])) for i in range(m)]
label = list(range(n + 1))
changed = True
while changed:
    changed = False
    for u, v in edges:
        low = min(label[u], label[v])
        if label[u] != low or label[v] != low:
            label[u] = label[v] = low
            changed = True
print(len(set(label[1:])))
