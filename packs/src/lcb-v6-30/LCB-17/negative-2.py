class Solution:
    def sumOfMinimums(self, arr):
        total = 0
        for i in range(len(arr)):
            low = arr[i]
            for j in range(i, len(arr)):
                low = min(low, arr[j])
                total += low
        return total % (10**9 + 7)
