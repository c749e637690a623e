class Solution:
    def longestTwoDistinct(self, s: str) -> int:
        counts = {}
        left = best = 0
        for right, ch in enumerate(s):
            counts[ch] = counts.get(ch, 0) + 1
            while len(counts) > 2:
                c = s[left]
                counts[c] -= 1
                if counts[c] == 0:
                    del counts[c]
                left += 1
            best = max(best, right - left + 1)
        return best
