from collections import Counter


class Solution:
    def minDeletions(self, s):
        seen = set()
        res = 0
        for f in sorted(Counter(s).values(), reverse=True):
            if f in seen:
                f -= 1
                res += 1
            if f > 0:
                seen.add(f)
        return res
