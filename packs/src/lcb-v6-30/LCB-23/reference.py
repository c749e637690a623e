class Solution:
    def countSplits(self, s: str, words: List[str]) -> int:
        mod = 10**9 + 7
        n = len(s)
        ways = [0] * (n + 1)
        ways[0] = 1
        for i in range(1, n + 1):
            for w in words:
                if len(w) <= i and s.startswith(w, i - len(w)):
                    ways[i] = (ways[i] + ways[i - len(w)]) % mod
        return ways[n]
