from typing import List


def extract_numbers(text: str) -> List[int]:
    """Return the integers written in text, in order. A number is a maximal run
    of the ASCII digits 0-9, negative when a '-' comes immediately before it.
    Other digit characters (like '٣' or '²') are not digits here.

    >>> extract_numbers("a1b22c333")
    [1, 22, 333]
    >>> extract_numbers("x-5 and 7")
    [-5, 7]
    >>> extract_numbers("none")
    []
    """
