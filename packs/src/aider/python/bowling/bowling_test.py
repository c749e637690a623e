import unittest

from bowling import BowlingGame


def play(rolls):
    game = BowlingGame()
    for pins in rolls:
        game.roll(pins)
    return game


class BowlingTest(unittest.TestCase):
    def test_gutter_game(self):
        self.assertEqual(play([0] * 20).score(), 0)

    def test_open_frames(self):
        self.assertEqual(play([3, 6] * 10).score(), 90)

    def test_spare_bonus(self):
        self.assertEqual(play([6, 4, 3, 0] + [0] * 16).score(), 16)

    def test_strike_bonus(self):
        self.assertEqual(play([10, 3, 4] + [0] * 16).score(), 24)
        self.assertEqual(play([10, 10, 10, 5, 3] + [0] * 12).score(), 81)

    def test_tenth_frame_bonus_rolls(self):
        self.assertEqual(play([0] * 18 + [7, 3, 7]).score(), 17)
        self.assertEqual(play([0] * 18 + [10, 7, 1]).score(), 18)
        self.assertEqual(play([0] * 18 + [10, 10, 6]).score(), 26)
        self.assertEqual(play([0] * 18 + [10, 10, 10]).score(), 30)

    def test_perfect_game(self):
        self.assertEqual(play([10] * 12).score(), 300)

    def test_invalid_pin_counts(self):
        with self.assertRaises(ValueError):
            play([-1])
        with self.assertRaises(ValueError):
            play([11])
        with self.assertRaises(ValueError):
            play([5, 6])

    def test_tenth_frame_bonus_pin_limits(self):
        with self.assertRaises(ValueError):
            play([0] * 18 + [10, 5, 6])
        with self.assertRaises(ValueError):
            play([0] * 18 + [10, 6, 10])
        with self.assertRaises(ValueError):
            play([0] * 18 + [7, 4])

    def test_score_before_the_end(self):
        with self.assertRaises(IndexError):
            BowlingGame().score()
        with self.assertRaises(IndexError):
            play([0] * 6).score()
        with self.assertRaises(IndexError):
            play([0] * 18 + [10]).score()
        with self.assertRaises(IndexError):
            play([0] * 18 + [10, 10]).score()
        with self.assertRaises(IndexError):
            play([0] * 18 + [5, 5]).score()

    def test_roll_after_the_end(self):
        with self.assertRaises(IndexError):
            play([0] * 20).roll(0)
        with self.assertRaises(IndexError):
            play([0] * 18 + [7, 3, 5]).roll(2)
        with self.assertRaises(IndexError):
            play([10] * 12).roll(0)


if __name__ == "__main__":
    unittest.main()
