from typing import List


def top_k_frequent(words: List[str], k: int) -> List[str]:
    """Return the k most frequent distinct words, most frequent first. Words with
    the same count are ordered alphabetically (plain string comparison, so
    uppercase sorts before lowercase). With fewer than k distinct words, return
    all of them.

    >>> top_k_frequent(["b", "a", "b", "c", "a", "b"], 2)
    ['b', 'a']
    >>> top_k_frequent(["x"], 3)
    ['x']
    """
