class Solution:
    def minDeletions(self, s: str) -> int:
        counts = {}
        for ch in s:
            counts[ch] = counts.get(ch, 0) + 1
        used = set()
        deletions = 0
        for f in sorted(counts.values(), reverse=True):
            while f > 0 and f in used:
                f -= 1
                deletions += 1
            if f:
                used.add(f)
        return deletions
