from bisect import bisect_right


class Solution:
    def longestIncreasing(self, nums):
        tails = []
        for x in nums:
            i = bisect_right(tails, x)
            if i == len(tails):
                tails.append(x)
            else:
                tails[i] = x
        return len(tails)
