from typing import List


def running_max(nums: List[int]) -> List[int]:
    """Return the running maximum of nums: element i of the result is the largest
    of nums[0], ..., nums[i]. An empty list gives an empty list.

    >>> running_max([1, 3, 2, 5, 4])
    [1, 3, 3, 5, 5]
    >>> running_max([4, 4, 1])
    [4, 4, 4]
    """
