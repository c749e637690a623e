class BowlingGame:
    def __init__(self):
        self.rolls = []
        self.frame = 1
        self.frame_rolls = []
        self.done = False

    def roll(self, pins):
        if self.done:
            raise IndexError("the game is over")
        if pins < 0 or pins > 10:
            raise ValueError("a roll knocks down 0 to 10 pins")
        frame = self.frame_rolls
        if self.frame < 10 and frame and frame[0] + pins > 10:
            raise ValueError("more than 10 pins in a frame")
        if self.frame == 10:
            if len(frame) == 1 and frame[0] < 10 and frame[0] + pins > 10:
                raise ValueError("more than 10 pins in a frame")
            # After a strike, two bonus rolls share the pins unless the first one is a strike too.
            if len(frame) == 2 and frame[0] == 10 and frame[1] < 10 and frame[1] + pins > 10:
                raise ValueError("more than 10 pins in the bonus rolls")
        frame.append(pins)
        self.rolls.append(pins)
        if self.frame < 10:
            if pins == 10 or len(frame) == 2:
                self.frame += 1
                self.frame_rolls = []
        elif len(frame) == 3 or (len(frame) == 2 and sum(frame) < 10):
            self.done = True

    def score(self):
        if not self.done:
            raise IndexError("the game is not finished")
        total, i = 0, 0
        for _ in range(10):
            if self.rolls[i] == 10:
                total += 10 + self.rolls[i + 1] + self.rolls[i + 2]
                i += 1
            elif self.rolls[i] + self.rolls[i + 1] == 10:
                total += 10 + self.rolls[i + 2]
                i += 2
            else:
                total += self.rolls[i] + self.rolls[i + 1]
                i += 2
        return total
