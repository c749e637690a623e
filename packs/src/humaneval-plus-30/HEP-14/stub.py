from typing import List, Union

Nested = List[Union[int, "Nested"]]


def flatten(nested: Nested) -> List[int]:
    """Return the integers of an arbitrarily nested list, in left-to-right order.
    Elements are ints or lists (possibly empty) of the same kind.

    >>> flatten([1, [2, [3, 4]], 5])
    [1, 2, 3, 4, 5]
    >>> flatten([[1], [[2]]])
    [1, 2]
    """
