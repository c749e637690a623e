"""Small statistics helpers for sensor readings."""


def moving_average(values, window):
    """Averages of every run of `window` consecutive values, in order.

    moving_average([2, 4, 6], 2) -> [3.0, 5.0]. Returns [] when there are fewer values than
    the window. Raises ValueError when window < 1.
    """
    if window < 1:
        raise ValueError("window must be at least 1")
    averages = []
    for start in range(len(values) - window + 1):
        chunk = values[start:start + window]
        averages.append(sum(chunk) / window)
    return averages


def peak_window(values, window):
    """Start index of the first window with the highest average, or None if there is no window."""
    averages = moving_average(values, window)
    if not averages:
        return None
    return averages.index(max(averages))
