from typing import List


def count_pairs(nums: List[int], target: int) -> int:
    """Return how many index pairs (i, j) with i < j satisfy
    nums[i] + nums[j] == target. nums may hold up to 100000 numbers, so a
    quadratic algorithm is too slow.

    >>> count_pairs([1, 5, 7, -1], 6)
    2
    >>> count_pairs([1, 2, 3], 10)
    0
    """
