from collections import deque

r, c = map(int, input().split())
g = [input().strip() for _ in range(r)]
for i in range(r):
    for j in range(c):
        if g[i][j] == "S":
            s = (i, j)
        if g[i][j] == "E":
            e = (i, j)
dist = {s: 0}
q = deque([s])
while q:
    y, x = q.popleft()
    for dy, dx in ((1, 0), (-1, 0), (0, 1), (0, -1)):
        ny, nx = y + dy, x + dx
        if 0 <= ny < r and 0 <= nx < c and g[ny][nx] != "#" and (ny, nx) not in dist:
            dist[(ny, nx)] = dist[(y, x)] + 1
            q.append((ny, nx))
print(dist[e])
