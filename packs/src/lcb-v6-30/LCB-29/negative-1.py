class Solution:
    def maxCircularSum(self, nums):
        best = cur_max = worst = cur_min = nums[0]
        for x in nums[1:]:
            cur_max = max(x, cur_max + x)
            best = max(best, cur_max)
            cur_min = min(x, cur_min + x)
            worst = min(worst, cur_min)
        return max(best, sum(nums) - worst)
