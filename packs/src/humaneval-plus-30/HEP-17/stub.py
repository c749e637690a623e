def to_base(n: int, base: int) -> str:
    """Write the integer n in the given base (2 to 36) using the digits 0-9 and
    then lowercase a-z. A negative number gets a leading '-'; zero is '0'.

    >>> to_base(255, 16)
    'ff'
    >>> to_base(10, 2)
    '1010'
    >>> to_base(-35, 36)
    '-z'
    """
