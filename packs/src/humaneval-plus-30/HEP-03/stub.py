from typing import List, Optional


def second_largest(nums: List[int]) -> Optional[int]:
    """Return the second largest distinct value in nums, or None when nums holds
    fewer than two distinct values.

    >>> second_largest([3, 1, 4, 1, 5])
    4
    >>> second_largest([7, 7])
    >>> second_largest([2, 9])
    2
    """
