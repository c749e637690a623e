class Solution:
    def maxCircularSum(self, nums: List[int]) -> int:
        best = cur_max = nums[0]
        worst = cur_min = nums[0]
        for x in nums[1:]:
            cur_max = max(x, cur_max + x)
            best = max(best, cur_max)
            cur_min = min(x, cur_min + x)
            worst = min(worst, cur_min)
        total = sum(nums)
        return best if best < 0 else max(best, total - worst)
