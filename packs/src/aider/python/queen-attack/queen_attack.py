class Queen:
    def __init__(self, row, column):
        raise NotImplementedError

    def can_attack(self, another_queen):
        raise NotImplementedError
