class Solution:
    def nextGreater(self, nums: List[int]) -> List[int]:
        n = len(nums)
        answer = [-1] * n
        stack = []
        for k in range(2 * n):
            x = nums[k % n]
            while stack and nums[stack[-1]] < x:
                answer[stack.pop()] = x
            if k < n:
                stack.append(k)
        return answer
