def spiral_order(matrix):
    out = []
    if not matrix or not matrix[0]:
        return out
    top, bottom, left, right = 0, len(matrix) - 1, 0, len(matrix[0]) - 1
    while top <= bottom and left <= right:
        for j in range(left, right + 1):
            out.append(matrix[top][j])
        top += 1
        for i in range(top, bottom + 1):
            out.append(matrix[i][right])
        right -= 1
        for j in range(right, left - 1, -1):
            out.append(matrix[bottom][j])
        bottom -= 1
        for i in range(bottom, top - 1, -1):
            out.append(matrix[i][left])
        left += 1
    return out
