import unittest

from say import say


class SayTest(unittest.TestCase):
    def test_small_numbers(self):
        self.assertEqual(say(0), "zero")
        self.assertEqual(say(1), "one")
        self.assertEqual(say(14), "fourteen")
        self.assertEqual(say(20), "twenty")

    def test_hyphenated_tens(self):
        self.assertEqual(say(22), "twenty-two")
        self.assertEqual(say(99), "ninety-nine")

    def test_hundreds(self):
        self.assertEqual(say(100), "one hundred")
        self.assertEqual(say(123), "one hundred twenty-three")
        self.assertEqual(say(808), "eight hundred eight")

    def test_thousands(self):
        self.assertEqual(say(1000), "one thousand")
        self.assertEqual(say(1234), "one thousand two hundred thirty-four")
        self.assertEqual(say(70015), "seventy thousand fifteen")

    def test_millions_and_billions(self):
        self.assertEqual(say(1000000), "one million")
        self.assertEqual(say(1002345), "one million two thousand three hundred forty-five")
        self.assertEqual(say(100000001), "one hundred million one")
        self.assertEqual(say(1000000000), "one billion")

    def test_largest(self):
        self.assertEqual(
            say(987654321123),
            "nine hundred eighty-seven billion six hundred fifty-four million "
            "three hundred twenty-one thousand one hundred twenty-three",
        )
        self.assertEqual(
            say(999999999999),
            "nine hundred ninety-nine billion nine hundred ninety-nine million "
            "nine hundred ninety-nine thousand nine hundred ninety-nine",
        )

    def test_out_of_range(self):
        for number in (-1, 1000000000000):
            with self.assertRaises(ValueError) as err:
                say(number)
            self.assertEqual(str(err.exception), "input out of range")


if __name__ == "__main__":
    unittest.main()
