class Queen:
    def __init__(self, row, column):
        if not 0 <= row <= 7:
            raise ValueError("row not on board")
        if not 0 <= column <= 7:
            raise ValueError("column not on board")
        self.row = row
        self.column = column

    def can_attack(self, another_queen):
        dr = abs(self.row - another_queen.row)
        dc = abs(self.column - another_queen.column)
        if dr == 0 and dc == 0:
            raise ValueError("queens on the same square")
        return dr == 0 or dc == 0 or dr == dc
