class Solution:
    def nextGreater(self, nums):
        n = len(nums)
        out = []
        for i in range(n):
            val = -1
            for step in range(1, n):
                if nums[(i + step) % n] > nums[i]:
                    val = nums[(i + step) % n]
                    break
            out.append(val)
        return out
