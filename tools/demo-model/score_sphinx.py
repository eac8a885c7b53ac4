"""WER of `warble transcribe --format json` outputs on recordings transcribed in CMU Sphinx's format
("<s> words </s> (utterance-id)" per line), e.g. Debian's pocketsphinx-testdata.

usage: /usr/bin/python3 score_sphinx.py TRANSCRIPTION WARBLE_JSON_DIR
"""
import json
import os
import re
import sys

from make_data import normalise
from wer import wer


def main():
    transcription, folder = sys.argv[1:3]
    refs, hyps = [], []
    with open(transcription, encoding="utf-8") as f:
        for line in f:
            match = re.match(r"\s*(?:<s>)?(.*?)(?:</s>)?\s*\(([^)]+)\)\s*$", line)
            if not match:
                continue
            with open(os.path.join(folder, match.group(2) + ".json"), encoding="utf-8") as j:
                hyp = normalise(json.load(j)["text"])
            refs.append(normalise(match.group(1)))
            hyps.append(hyp)
            print(f"{match.group(2)}\n  ref: {refs[-1]}\n  hyp: {hyp}")
    print(f"{len(refs)} utterances, {sum(len(r.split()) for r in refs)} words, WER {100 * wer(refs, hyps):.1f} %")


if __name__ == "__main__":
    main()
