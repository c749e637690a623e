class BowlingGame:
    def __init__(self):
        self.rolls = []

    def roll(self, pins):
        if pins < 0 or pins > 10:
            raise ValueError("a roll knocks down 0 to 10 pins")
        self.rolls.append(pins)

    def score(self):
        total, i = 0, 0
        rolls = self.rolls + [0, 0]
        for _ in range(10):
            if i >= len(self.rolls):
                break
            if rolls[i] == 10:
                total += 10 + rolls[i + 1] + rolls[i + 2]
                i += 1
            elif rolls[i] + rolls[i + 1] == 10:
                total += 10 + rolls[i + 2]
                i += 2
            else:
                if rolls[i] + rolls[i + 1] > 10:
                    raise ValueError("more than 10 pins in a frame")
                total += rolls[i] + rolls[i + 1]
                i += 2
        return total
