"""A tiny spreadsheet grid: a list of row lists."""


def make_grid(rows, cols, fill=0):
    """A rows x cols grid with every cell set to `fill`."""
    return [[fill] * cols for _ in range(rows)]


def set_cell(grid, row, col, value):
    """Set one cell and return the grid."""
    grid[row][col] = value
    return grid


def row_totals(grid):
    return [sum(row) for row in grid]


def column_totals(grid):
    if not grid:
        return []
    return [sum(row[c] for row in grid) for c in range(len(grid[0]))]
