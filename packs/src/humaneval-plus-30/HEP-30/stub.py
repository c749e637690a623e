from typing import List


def eval_rpn(tokens: List[str]) -> int:
    """Evaluate an expression in reverse Polish notation. A token is an integer
    (possibly negative, like '-3') or one of '+', '-', '*', '/'. Division
    truncates toward zero, as in C (so -7 / 2 gives -3). The expression is valid
    and never divides by zero.

    >>> eval_rpn(["2", "1", "+", "3", "*"])
    9
    >>> eval_rpn(["4", "13", "5", "/", "+"])
    6
    """
