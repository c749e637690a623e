import unittest

from rail_fence_cipher import decode, encode


class RailFenceTest(unittest.TestCase):
    def test_encode_two_rails(self):
        self.assertEqual(encode("XOXOXOXOXOXOXOXOXO", 2), "XXXXXXXXXOOOOOOOOO")
        self.assertEqual(encode("112358132134", 2), "125123138314")

    def test_encode_three_rails(self):
        self.assertEqual(encode("WEAREDISCOVEREDFLEEATONCE", 3), "WECRLTEERDSOEEFEAOCAIVDEN")

    def test_encode_with_spaces(self):
        self.assertEqual(encode("MORE RAIN ON THE PLAIN", 5), "MN OI EPRAOHLERNTAN  I")

    def test_encode_four_rails(self):
        self.assertEqual(encode("EXERCISES", 4), "ESXIEECSR")

    def test_trivial_cases(self):
        self.assertEqual(encode("hello", 1), "hello")
        self.assertEqual(encode("ab", 5), "ab")
        self.assertEqual(encode("", 3), "")
        self.assertEqual(decode("hello", 1), "hello")

    def test_decode(self):
        self.assertEqual(decode("WECRLTEERDSOEEFEAOCAIVDEN", 3), "WEAREDISCOVEREDFLEEATONCE")
        self.assertEqual(decode("ESXIEECSR", 4), "EXERCISES")
        self.assertEqual(decode("MN OI EPRAOHLERNTAN  I", 5), "MORE RAIN ON THE PLAIN")

    def test_round_trip(self):
        text = "The quick brown fox, 42 times!"
        for rails in range(1, 12):
            self.assertEqual(decode(encode(text, rails), rails), text)

    def test_invalid_rails(self):
        with self.assertRaises(ValueError):
            encode("abc", 0)
        with self.assertRaises(ValueError):
            decode("abc", -1)


if __name__ == "__main__":
    unittest.main()
