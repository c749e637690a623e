from typing import List


def next_permutation(nums: List[int]) -> List[int]:
    """Return, as a new list, the next arrangement of nums in lexicographic order.
    If nums is already the largest arrangement, return the smallest one (sorted
    ascending). nums may contain duplicates and may be empty.

    >>> next_permutation([1, 2, 3])
    [1, 3, 2]
    >>> next_permutation([3, 2, 1])
    [1, 2, 3]
    >>> next_permutation([1, 1, 5])
    [1, 5, 1]
    """
