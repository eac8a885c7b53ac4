"""Collects speakable English sentences from Debian packages for the demo model's second corpus.

Sources (package: what is read):
  wordnet-base     WordNet 3.0's example sentences ("wordnet-examples") and glosses ("wordnet-glosses")
  fortunes, fortunes-min  the English fortune cookie files (not the offensive ones)
  manpages         the prose of the Linux man-pages project's pages (roff requests and escapes stripped)
  dict-devil       Ambrose Bierce's "The Devil's Dictionary" (1911, the Project Gutenberg text)
  bible-kjv        the King James Version, through make_data.py (the first corpus)
  wamerican        the dictionary that every word of a modern sentence must be in (spelled-out numbers aside)

Text is split at . ; : ? ! into sentences; abbreviations such as "Mr." are expanded first. A sentence is kept when
it has only letters, digits, apostrophes, spaces and ordinary punctuation, no word in capitals (acronyms are spelled
out by the synthesizers but not in the text), every word in wamerican, and 3-20 words after normalisation: lower
case a-z, apostrophes inside words, single spaces, numbers spelled out ("1984" -> "nineteen eighty four",
"3.5" -> "three point five", "2nd" -> "second", "10%" -> "ten percent"). Sentences are deduplicated across sources.

usage: /usr/bin/python3 build_text.py OUT.tsv      writes "source<TAB>sentence" lines and prints the counts
"""
import glob
import gzip
import os
import re
import subprocess
import sys

from make_data import MAX_WORDS, MIN_WORDS, normalise, read_kjv, sentences_from

ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen").split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
ORDINALS = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
            "nine": "ninth", "twelve": "twelfth"}
SPOKEN_WORDS = set(ONES + TENS[2:] + ["hundred", "thousand", "million", "billion", "point", "percent", "oh", "et",
                                      "cetera", "miz", "missus"])   # what spelling out adds, always allowed
ABBREVIATIONS = {"Mr.": "mister", "Mrs.": "missus", "Dr.": "doctor", "St.": "saint", "vs.": "versus",
                 "etc.": "et cetera", "e.g.": "for example", "i.e.": "that is", "Ms.": "miz"}


def cardinal(n):
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + ("" if n % 10 == 0 else " " + ONES[n % 10])
    for size, name in ((10 ** 9, "billion"), (10 ** 6, "million"), (1000, "thousand"), (100, "hundred")):
        if n >= size:
            rest = n % size
            return cardinal(n // size) + " " + name + ("" if rest == 0 else " " + cardinal(rest))
    raise ValueError(n)


def ordinal(n):
    words = cardinal(n).split()
    last = words[-1]
    words[-1] = ORDINALS.get(last) or (last[:-1] + "ieth" if last.endswith("y") else last + "th")
    return " ".join(words)


def year(n):
    """1984 -> nineteen eighty four, 1900 -> nineteen hundred, 2005 -> two thousand five."""
    if 2000 <= n <= 2009 or n % 1000 == 0:
        return cardinal(n)
    high, low = divmod(n, 100)
    return cardinal(high) + (" hundred" if low == 0 else " oh " + ONES[low] if low < 10 else " " + cardinal(low))


def spell_number(match):
    token = match.group(0)
    digits = token.replace(",", "")
    if re.fullmatch(r"\d+(st|nd|rd|th)", digits):
        return " " + ordinal(int(digits[:-2])) + " "
    percent = digits.endswith("%")
    digits = digits.rstrip("%")
    if "." in digits:
        whole, frac = digits.split(".")
        words = cardinal(int(whole)) + " point " + " ".join(ONES[int(d)] for d in frac)
    elif len(digits) == 4 and 1100 <= int(digits) <= 2099 and "," not in token:
        words = year(int(digits))
    elif len(digits) > 1 and digits.startswith("0") or int(digits) >= 10 ** 12:
        words = " ".join(ONES[int(d)] for d in digits)
    else:
        words = cardinal(int(digits))
    return " " + words + (" percent" if percent else "") + " "


NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?%?|\d+(?:st|nd|rd|th)\b|\d+(?:\.\d+)?%?")
ALLOWED = re.compile(r"[A-Za-z0-9' ,.;:!?\"()\-%]+")


def speakable(sentence, dictionary):
    """The normalised sentence, or None when it is not plain speakable English."""
    sentence = sentence.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    sentence = sentence.replace(" -- ", ", ").replace("--", ", ")
    if not ALLOWED.fullmatch(sentence) or re.search(r"\b[A-Z]{2,}", sentence):   # symbols, acronyms
        return None
    if re.search(r"[A-Za-z]\d|\d(?!(?:st|nd|rd|th)\b)[A-Za-z]", sentence):   # x86, 3rd is fine
        return None
    text = normalise(NUMBER.sub(spell_number, sentence).replace("-", " "))
    words = text.split()
    if not MIN_WORDS <= len(words) <= MAX_WORDS:
        return None
    for word in words:
        bare = word[:-2] if word.endswith("'s") else word
        if bare not in dictionary and word not in dictionary and word not in SPOKEN_WORDS:
            return None
    return text


def split_sentences(paragraph):
    for abbreviation, words in ABBREVIATIONS.items():
        paragraph = paragraph.replace(abbreviation, words)
    return [s.strip() for s in re.split(r"(?<=[.;:?!])\s+|[;:]\s*", paragraph) if s.strip()]


def wordnet():
    """(examples, glosses): the quoted example sentences and the definitions of every synset."""
    examples, glosses = [], []
    for part in ("noun", "verb", "adj", "adv"):
        with open(f"/usr/share/wordnet/data.{part}", encoding="latin-1") as f:
            for line in f:
                if line.startswith("  ") or " | " not in line:
                    continue
                for piece in line.split(" | ", 1)[1].strip().split("; "):
                    piece = piece.strip()
                    if piece.startswith('"'):
                        examples.append(piece.strip('"'))
                    else:
                        glosses.append(piece)
    return examples, glosses


def fortunes():
    paragraphs = []
    for path in sorted(glob.glob("/usr/share/games/fortunes/*")):
        name = os.path.basename(path)
        if "." in name or name in ("ascii-art", "translate-me") or os.path.isdir(path):
            continue
        with open(path, encoding="utf-8", errors="replace") as f:
            for cookie in f.read().split("\n%\n"):
                lines = [l for l in cookie.splitlines() if not re.match(r"\s*(--|\u2014)", l)]  # drop attributions
                paragraphs.append(" ".join(l.strip() for l in lines))
    return paragraphs


def man_pages():
    files = subprocess.run(["dpkg", "-L", "manpages"], capture_output=True, text=True, check=True).stdout.split()
    paragraphs = []
    for path in sorted(p for p in files if p.endswith(".gz") and "/man/man" in p):
        with gzip.open(path, "rt", encoding="utf-8", errors="replace") as f:
            lines = [l for l in f.read().splitlines() if l and not l.startswith((".", "'", "\\\""))]
        text = " ".join(lines)
        text = re.sub(r"\\f[BIRP]|\\f\(..|\\f\[[A-Z]*\]|\\&|\\:|\\%|\\c", "", text)
        text = re.sub(r"\\\(em|\\\[em\]", ", ", text).replace("\\-", "-").replace("\\(aq", "'")
        text = re.sub(r"\\.", "~", text)   # any other escape: the sentence will be dropped
        paragraphs.append(text)
    return paragraphs


def devil():
    with gzip.open("/usr/share/dictd/devil.dict.dz", "rt", encoding="utf-8", errors="replace") as f:
        text = f.read()
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text)]


def build():
    """[(source, sentence)] in a fixed order, deduplicated (the first source to have a sentence keeps it)."""
    with open("/usr/share/dict/american-english", encoding="utf-8") as f:
        dictionary = {w.strip().lower() for w in f if w.strip().isascii()}
    examples, glosses = wordnet()
    sources = [("wordnet-examples", examples), ("fortunes", fortunes()), ("devil", devil()),
               ("wordnet-glosses", glosses), ("manpages", man_pages())]
    seen, result = set(), []
    for name, paragraphs in sources:
        for paragraph in paragraphs:
            for piece in split_sentences(paragraph):
                sentence = speakable(piece, dictionary)
                if sentence and sentence not in seen:
                    seen.add(sentence)
                    result.append((name, sentence))
    for sentence in sentences_from(read_kjv(os.environ.get("KJV") or None)):
        if sentence not in seen:
            seen.add(sentence)
            result.append(("kjv", sentence))
    return result


def main():
    rows = build()
    with open(sys.argv[1], "w", encoding="utf-8") as f:
        for source, sentence in rows:
            f.write(f"{source}\t{sentence}\n")
    counts = {}
    for source, _ in rows:
        counts[source] = counts.get(source, 0) + 1
    for source, n in counts.items():
        print(f"{source:18} {n:7} sentences")


if __name__ == "__main__":
    main()
