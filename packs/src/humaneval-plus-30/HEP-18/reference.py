from typing import List


def count_pairs(nums: List[int], target: int) -> int:
    seen: dict = {}
    pairs = 0
    for x in nums:
        pairs += seen.get(target - x, 0)
        seen[x] = seen.get(x, 0) + 1
    return pairs
