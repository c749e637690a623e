from typing import List


def common_prefix(words: List[str]) -> str:
    if not words:
        return ""
    prefix = min(words, key=len)
    for w in words:
        while not w.startswith(prefix):
            prefix = prefix[:-1]
    return prefix
