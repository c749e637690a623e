from bisect import bisect_left
from typing import List


def first_index(nums: List[int], target: int) -> int:
    i = bisect_left(nums, target)
    return i if i < len(nums) and nums[i] == target else -1
