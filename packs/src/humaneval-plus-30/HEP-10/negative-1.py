def median(nums):
    n = len(nums)
    if n % 2:
        return float(nums[n // 2])
    return (nums[n // 2 - 1] + nums[n // 2]) / 2
