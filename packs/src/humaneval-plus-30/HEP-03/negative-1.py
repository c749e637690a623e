def second_largest(nums):
    if len(set(nums)) < 2:
        return None
    return sorted(nums)[-2]
