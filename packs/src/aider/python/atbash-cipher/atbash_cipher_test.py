import unittest

from atbash_cipher import decode, encode


class AtbashTest(unittest.TestCase):
    def test_encode_short_words(self):
        self.assertEqual(encode("yes"), "bvh")
        self.assertEqual(encode("no"), "ml")

    def test_encode_upper_case_and_spaces(self):
        self.assertEqual(encode("OMG"), "lnt")
        self.assertEqual(encode("O M G"), "lnt")

    def test_encode_groups_of_five(self):
        self.assertEqual(encode("mindblowingly"), "nrmwy oldrm tob")
        self.assertEqual(encode("Truth is fiction."), "gifgs rhurx grlm")

    def test_encode_keeps_digits(self):
        self.assertEqual(encode("Testing,1 2 3, testing."), "gvhgr mt123 gvhgr mt")

    def test_encode_sentence(self):
        self.assertEqual(encode("The quick brown fox jumps over the lazy dog."),
                         "gsvjf rxpyi ldmul cqfnk hlevi gsvoz abwlt")

    def test_encode_nothing_to_keep(self):
        self.assertEqual(encode(""), "")
        self.assertEqual(encode(" ,.!"), "")

    def test_decode(self):
        self.assertEqual(decode("nrmwy oldrm tob"), "mindblowingly")
        self.assertEqual(decode("gvhgr mt123 gvhgr mt"), "testing123testing")
        self.assertEqual(decode("gsvjfrxpyi"), "thequickbr")
        self.assertEqual(decode("g  s v"), "the")


if __name__ == "__main__":
    unittest.main()
