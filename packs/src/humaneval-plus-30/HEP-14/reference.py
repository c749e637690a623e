from typing import List


def flatten(nested) -> List[int]:
    out: List[int] = []
    stack = [iter(nested)]
    while stack:
        for x in stack[-1]:
            if isinstance(x, list):
                stack.append(iter(x))
                break
            out.append(x)
        else:
            stack.pop()
    return out
