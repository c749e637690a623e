class Solution:
    def maxCircularSum(self, nums):
        n = len(nums)
        best = nums[0]
        for i in range(n):
            s = 0
            for k in range(n):
                s += nums[(i + k) % n]
                best = max(best, s)
        return best
