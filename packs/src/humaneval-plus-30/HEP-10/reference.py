from typing import List


def median(nums: List[float]) -> float:
    s = sorted(nums)
    n = len(s)
    if n % 2:
        return float(s[n // 2])
    return (s[n // 2 - 1] + s[n // 2]) / 2
