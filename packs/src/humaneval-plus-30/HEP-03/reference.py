from typing import List, Optional


def second_largest(nums: List[int]) -> Optional[int]:
    values = sorted(set(nums))
    return values[-2] if len(values) >= 2 else None
