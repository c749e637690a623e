from typing import List


def merge_intervals(intervals: List[List[int]]) -> List[List[int]]:
    """Merge overlapping closed intervals [start, end] (start <= end). Intervals
    that only touch, like [1, 3] and [3, 5], merge too. The input may be in any
    order; return the merged intervals sorted by start.

    >>> merge_intervals([[1, 3], [2, 6], [8, 10]])
    [[1, 6], [8, 10]]
    >>> merge_intervals([[1, 4], [4, 5]])
    [[1, 5]]
    """
