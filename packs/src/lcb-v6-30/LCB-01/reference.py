class Solution:
    def countDivisible(self, nums: List[int], k: int) -> int:
        seen = {0: 1}
        total = answer = 0
        for x in nums:
            total = (total + x) % k
            answer += seen.get(total, 0)
            seen[total] = seen.get(total, 0) + 1
        return answer
