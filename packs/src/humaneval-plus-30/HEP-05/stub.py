from typing import List


def rotate_left(items: List[int], k: int) -> List[int]:
    """Return a new list with items rotated left by k positions. k may be larger
    than len(items), or negative (a negative k rotates right). An empty list
    gives an empty list.

    >>> rotate_left([1, 2, 3, 4, 5], 2)
    [3, 4, 5, 1, 2]
    >>> rotate_left([1, 2, 3], 4)
    [2, 3, 1]
    >>> rotate_left([1, 2, 3], -1)
    [3, 1, 2]
    """
