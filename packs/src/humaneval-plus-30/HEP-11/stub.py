from typing import List


def common_prefix(words: List[str]) -> str:
    """Return the longest string that is a prefix of every word in words. An
    empty list gives ''.

    >>> common_prefix(["flower", "flow", "flight"])
    'fl'
    >>> common_prefix(["dog", "racecar"])
    ''
    """
