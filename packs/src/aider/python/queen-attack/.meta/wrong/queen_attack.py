class Queen:
    def __init__(self, row, column):
        if not 0 <= row <= 7:
            raise ValueError("row not on board")
        if not 0 <= column <= 7:
            raise ValueError("column not on board")
        self.row = row
        self.column = column

    def can_attack(self, another_queen):
        if (self.row, self.column) == (another_queen.row, another_queen.column):
            raise ValueError("queens on the same square")
        same_line = self.row == another_queen.row or self.column == another_queen.column
        return same_line or self.row - self.column == another_queen.row - another_queen.column
