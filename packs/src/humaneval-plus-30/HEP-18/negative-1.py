def count_pairs(nums, target):
    seen = set()
    pairs = 0
    for x in nums:
        if target - x in seen:
            pairs += 1
        seen.add(x)
    return pairs
