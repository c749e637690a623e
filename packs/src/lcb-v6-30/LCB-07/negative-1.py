class Solution:
    def countInversions(self, nums):
        def sort(a):
            if len(a) <= 1:
                return a, 0
            mid = len(a) // 2
            left, x = sort(a[:mid])
            right, y = sort(a[mid:])
            merged, inv, i, j = [], x + y, 0, 0
            while i < len(left) and j < len(right):
                if left[i] < right[j]:
                    merged.append(left[i]); i += 1
                else:
                    merged.append(right[j]); j += 1
                    inv += len(left) - i
            merged += left[i:] + right[j:]
            return merged, inv
        return sort(nums)[1]
