import unittest

from queen_attack import Queen


class QueenTest(unittest.TestCase):
    def test_valid_positions(self):
        Queen(0, 0)
        Queen(7, 7)
        Queen(2, 5)

    def test_row_checks(self):
        for row in (-1, 8):
            with self.assertRaises(ValueError) as err:
                Queen(row, 4)
            self.assertEqual(str(err.exception), "row not on board")

    def test_column_checks(self):
        for column in (-2, 8):
            with self.assertRaises(ValueError) as err:
                Queen(4, column)
            self.assertEqual(str(err.exception), "column not on board")

    def test_row_is_checked_first(self):
        with self.assertRaises(ValueError) as err:
            Queen(9, 9)
        self.assertEqual(str(err.exception), "row not on board")

    def test_no_attack(self):
        self.assertFalse(Queen(2, 4).can_attack(Queen(6, 6)))
        self.assertFalse(Queen(0, 1).can_attack(Queen(2, 0)))

    def test_same_row_or_column(self):
        self.assertTrue(Queen(2, 4).can_attack(Queen(2, 6)))
        self.assertTrue(Queen(4, 5).can_attack(Queen(2, 5)))

    def test_diagonals(self):
        self.assertTrue(Queen(2, 2).can_attack(Queen(0, 4)))
        self.assertTrue(Queen(2, 2).can_attack(Queen(3, 1)))
        self.assertTrue(Queen(2, 2).can_attack(Queen(1, 1)))
        self.assertTrue(Queen(1, 7).can_attack(Queen(0, 6)))
        self.assertTrue(Queen(4, 1).can_attack(Queen(1, 4)))

    def test_same_square(self):
        with self.assertRaises(ValueError) as err:
            Queen(3, 3).can_attack(Queen(3, 3))
        self.assertEqual(str(err.exception), "queens on the same square")


if __name__ == "__main__":
    unittest.main()
