from typing import List


def running_max(nums: List[int]) -> List[int]:
    result = []
    for x in nums:
        result.append(x if not result else max(result[-1], x))
    return result
