from typing import List


def wrap_text(text: str, width: int) -> List[str]:
    """Greedily wrap the words of text (split on whitespace) into lines of at
    most width characters, with one space between words on a line. A word
    longer than width goes on a line of its own. Text without words gives [].

    >>> wrap_text("the quick brown fox", 10)
    ['the quick', 'brown fox']
    >>> wrap_text("a bb ccc", 3)
    ['a', 'bb', 'ccc']
    """
