class Solution:
    def countPairs(self, nums: List[int], target: int) -> int:
        a = sorted(nums)
        i, j = 0, len(a) - 1
        pairs = 0
        while i < j:
            if a[i] + a[j] <= target:
                pairs += j - i
                i += 1
            else:
                j -= 1
        return pairs
