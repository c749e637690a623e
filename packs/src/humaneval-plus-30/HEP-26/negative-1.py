import math


def pascal_row(n):
    return [round(math.factorial(n) / (math.factorial(k) * math.factorial(n - k))) for k in range(n + 1)]
