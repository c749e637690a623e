from typing import List


def pascal_row(n: int) -> List[int]:
    """Return row n (counting from 0) of Pascal's triangle: the binomial
    coefficients C(n, 0), C(n, 1), ..., C(n, n). n can be up to 1000, so the
    numbers get very large and must be exact.

    >>> pascal_row(0)
    [1]
    >>> pascal_row(4)
    [1, 4, 6, 4, 1]
    """
