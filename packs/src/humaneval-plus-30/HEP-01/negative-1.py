def running_max(nums):
    best = 0
    out = []
    for x in nums:
        best = max(best, x)
        out.append(best)
    return out
