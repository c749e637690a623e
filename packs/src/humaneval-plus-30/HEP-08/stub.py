def digital_root(n: int) -> int:
    """Return the digital root of the non-negative integer n: add up its decimal
    digits, and repeat on the sum until a single digit remains.

    >>> digital_root(38)
    2
    >>> digital_root(9)
    9
    >>> digital_root(123456)
    3
    """
