from typing import List


def first_index(nums: List[int], target: int) -> int:
    """nums is sorted in non-decreasing order and may contain duplicates. Return
    the smallest index i with nums[i] == target, or -1 when target is absent.

    >>> first_index([1, 3, 5, 7], 5)
    2
    >>> first_index([1, 2, 3], 4)
    -1
    >>> first_index([2, 2], 2)
    0
    """
