class Solution:
    def countSplits(self, s, words):
        def count(i):
            if i == len(s):
                return 1
            return sum(count(i + len(w)) for w in words if s.startswith(w, i))
        return count(0) % (10**9 + 7)
