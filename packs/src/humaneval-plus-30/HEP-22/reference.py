from typing import List


def spiral_order(matrix: List[List[int]]) -> List[int]:
    out: List[int] = []
    rows = [list(r) for r in matrix]
    while rows and rows[0]:
        out.extend(rows.pop(0))
        rows = [list(r) for r in zip(*rows)][::-1] if rows and rows[0] else []
    return out
