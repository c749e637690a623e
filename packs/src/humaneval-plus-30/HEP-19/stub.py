from typing import List


def max_subarray(nums: List[int]) -> int:
    """Return the largest sum of a non-empty contiguous part of the non-empty
    list nums.

    >>> max_subarray([-2, 1, -3, 4, -1, 2, 1, -5, 4])
    6
    >>> max_subarray([5])
    5
    """
