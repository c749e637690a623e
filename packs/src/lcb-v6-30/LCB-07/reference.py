class Solution:
    def countInversions(self, nums: List[int]) -> int:
        ranks = {v: i + 1 for i, v in enumerate(sorted(set(nums)))}
        size = len(ranks)
        tree = [0] * (size + 1)
        inversions = 0
        for seen, x in enumerate(nums):
            r = ranks[x]
            i, not_greater = r, 0
            while i > 0:
                not_greater += tree[i]
                i -= i & -i
            inversions += seen - not_greater
            i = r
            while i <= size:
                tree[i] += 1
                i += i & -i
        return inversions
