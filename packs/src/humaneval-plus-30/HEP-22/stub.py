from typing import List


def spiral_order(matrix: List[List[int]]) -> List[int]:
    """Return the elements of a rectangular matrix in clockwise spiral order,
    starting at the top-left corner. The matrix may be empty ([]) or have empty
    rows ([[]]), and need not be square.

    >>> spiral_order([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    [1, 2, 3, 6, 9, 8, 7, 4, 5]
    >>> spiral_order([[1, 2], [3, 4]])
    [1, 2, 4, 3]
    """
