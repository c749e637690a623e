from collections import Counter
from typing import List


def top_k_frequent(words: List[str], k: int) -> List[str]:
    counts = Counter(words)
    return sorted(counts, key=lambda w: (-counts[w], w))[:k]
