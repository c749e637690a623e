from typing import List


def median(nums: List[float]) -> float:
    """Return the median of the non-empty list nums as a float. nums is not
    necessarily sorted: the median is the middle value of the sorted list, or
    the mean of the two middle values when the length is even.

    >>> median([1, 2, 3])
    2.0
    >>> median([1, 2, 3, 4])
    2.5
    """
