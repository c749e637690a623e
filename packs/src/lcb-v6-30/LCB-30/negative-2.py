import math

t = int(input())
for _ in range(t):
    s = str(math.factorial(int(input())))
    print(len(s) - len(s.rstrip("0")))
