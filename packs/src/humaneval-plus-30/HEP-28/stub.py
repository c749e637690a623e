from typing import List


def count_islands(grid: List[List[int]]) -> int:
    """grid is a rectangle of 0s (water) and 1s (land). Return the number of
    islands: groups of land cells joined horizontally or vertically (cells that
    touch only diagonally are not joined). The grid may be empty.

    >>> count_islands([[1, 1, 0, 0], [1, 0, 0, 1], [0, 0, 1, 1]])
    2
    >>> count_islands([[0, 0], [0, 0]])
    0
    """
