"""python3 -m unittest test_build_text: number spelling and the speakable-sentence filter of build_text.py."""
import unittest

from build_text import NUMBER, speakable, spell_number, split_sentences

WORDS = set("the war ended in and cost dollars a rise of it was mister smith's turn he came first on may our "
            "team won to score is".split())


def spell(text):
    return " ".join(NUMBER.sub(spell_number, text).split())


class NumberTests(unittest.TestCase):
    def test_cardinals_years_ordinals_decimals_percent(self):
        self.assertEqual(spell("7"), "seven")
        self.assertEqual(spell("42"), "forty two")
        self.assertEqual(spell("1,250"), "one thousand two hundred fifty")
        self.assertEqual(spell("1984"), "nineteen eighty four")
        self.assertEqual(spell("1905"), "nineteen oh five")
        self.assertEqual(spell("2005"), "two thousand five")
        self.assertEqual(spell("3.5"), "three point five")
        self.assertEqual(spell("10%"), "ten percent")
        self.assertEqual(spell("2nd"), "second")
        self.assertEqual(spell("21st"), "twenty first")
        self.assertEqual(spell("12th"), "twelfth")
        self.assertEqual(spell("1000000"), "one million")


class SpeakableTests(unittest.TestCase):
    def test_normalises_and_spells_out(self):
        self.assertEqual(speakable("The war ended in 1945.", WORDS), "the war ended in nineteen forty five")
        self.assertEqual(speakable("Our team won 3-2.", WORDS), "our team won three two")

    def test_rejects_acronyms_symbols_unknown_words_and_length(self):
        self.assertIsNone(speakable("The NASA team won", WORDS))
        self.assertIsNone(speakable("the score is x86", WORDS))
        self.assertIsNone(speakable("the war ended in <1945>", WORDS))
        self.assertIsNone(speakable("the war ended in Zanzibar", WORDS))
        self.assertIsNone(speakable("the war", WORDS))

    def test_abbreviations_are_expanded_before_splitting(self):
        self.assertEqual(split_sentences("It was Mr. Smith's turn. He came first"),
                         ["It was mister Smith's turn.", "He came first"])


if __name__ == "__main__":
    unittest.main()
