def group_digits(n: int, sep: str) -> str:
    """Write the integer n in decimal with sep between every group of three
    digits, counting from the right. A negative number keeps its leading '-'.

    >>> group_digits(1234567, ",")
    '1,234,567'
    >>> group_digits(999, ",")
    '999'
    >>> group_digits(-1234, " ")
    '-1 234'
    """
