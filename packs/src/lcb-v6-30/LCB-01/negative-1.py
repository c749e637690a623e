class Solution:
    def countDivisible(self, nums, k):
        count = 0
        for i in range(len(nums)):
            s = 0
            for j in range(i, len(nums)):
                s += nums[j]
                if s % k == 0:
                    count += 1
        return count
