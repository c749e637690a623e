from typing import List


def rotate_left(items: List[int], k: int) -> List[int]:
    if not items:
        return []
    k %= len(items)
    return items[k:] + items[:k]
