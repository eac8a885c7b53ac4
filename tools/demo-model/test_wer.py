"""usage: /usr/bin/python3 -m unittest test_wer (from tools/demo-model)"""
import unittest

from wer import wer, word_errors


class WordErrorsTest(unittest.TestCase):
    def test_identical_is_zero(self):
        self.assertEqual(word_errors("in the beginning", "in the beginning"), (0, 3))

    def test_substitution_deletion_insertion(self):
        self.assertEqual(word_errors("a b c d", "a x c d"), (1, 4))
        self.assertEqual(word_errors("a b c d", "a c d"), (1, 4))
        self.assertEqual(word_errors("a b c d", "a b b c d"), (1, 4))

    def test_empty_hypothesis_counts_every_word(self):
        self.assertEqual(word_errors("and god said", ""), (3, 3))

    def test_empty_reference_counts_insertions(self):
        self.assertEqual(word_errors("", "amen amen"), (2, 0))

    def test_extra_spaces_are_ignored(self):
        self.assertEqual(word_errors(" let  there be light ", "let there be light"), (0, 4))

    def test_classic_example(self):
        # kitten -> sitting at word level: 2 substitutions + 1 insertion
        self.assertEqual(word_errors("k i t t e n", "s i t t i n g"), (3, 6))


class CorpusWerTest(unittest.TestCase):
    def test_pools_errors_over_words(self):
        self.assertAlmostEqual(wer(["a b", "c d e f"], ["a b", "c x e"]), 2 / 6)

    def test_empty_corpus(self):
        self.assertEqual(wer([], []), 0.0)

    def test_length_mismatch_raises(self):
        with self.assertRaises(ValueError):
            wer(["a"], [])


if __name__ == "__main__":
    unittest.main()
