def rotate_left(items, k):
    k = k % len(items)
    return items[k:] + items[:k]
