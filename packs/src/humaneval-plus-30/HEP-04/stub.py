def is_balanced(s: str) -> bool:
    """Return True when the brackets in s are balanced: every '(', '[' and '{' is
    closed by the matching ')', ']' or '}', in the right order. Every other
    character is ignored.

    >>> is_balanced("a(b[c]{d})")
    True
    >>> is_balanced("(]")
    False
    >>> is_balanced("((")
    False
    """
