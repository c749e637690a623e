def caesar_shift(text: str, shift: int) -> str:
    """Shift every ASCII letter (a-z and A-Z) of text by shift places in the
    alphabet, wrapping around and keeping its case. shift may be negative or
    larger than 26. Every other character, including non-ASCII letters such as
    'é', stays unchanged.

    >>> caesar_shift("abc XYZ", 3)
    'def ABC'
    >>> caesar_shift("Hello, World!", -1)
    'Gdkkn, Vnqkc!'
    """
