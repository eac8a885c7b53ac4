"""Word error rate of transcripts against a manifest, overall and per espeak-ng voice (for make_mix.py's manifests:
per synthesizer, voice, espeak-ng accent and text source), and (given two transcript
sets) whether they agree token for token.

A transcript set is a JSON-lines file of {"audio_filepath", "text", "tokens"} (transcribe_torch.py) or a folder of
`warble transcribe --format json` outputs named after the WAVs.

usage: /usr/bin/python3 score.py MANIFEST.json HYP [OTHER_HYP]
"""
import collections
import json
import os
import sys

from wer import wer


def read_rows(manifest):
    with open(manifest, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def read_transcripts(source, rows):
    """{audio path: (text, tokens)} for every row of the manifest."""
    if os.path.isdir(source):
        result = {}
        for row in rows:
            stem = os.path.splitext(os.path.basename(row["audio_filepath"]))[0]
            with open(os.path.join(source, stem + ".json"), encoding="utf-8") as f:
                doc = json.load(f)
            tokens = [t for segment in doc["segments"] for t in segment["tokens"]]
            result[row["audio_filepath"]] = (doc["text"].strip(), tokens)
        return result
    with open(source, encoding="utf-8") as f:
        return {d["audio_filepath"]: (d["text"].strip(), d["tokens"]) for d in map(json.loads, f)}


def report(rows, transcripts):
    refs = [r["text"] for r in rows]
    hyps = [transcripts[r["audio_filepath"]][0] for r in rows]
    print(f"utterances {len(rows)}, words {sum(len(r.split()) for r in refs)}, WER {100 * wer(refs, hyps):.2f} %")
    keys = [("voice", lambda row: row.get("voice", "?").split("+")[0])]
    if any("synth" in row for row in rows):   # make_mix.py's manifests
        keys = [("synthesizer", lambda row: row["synth"]),
                ("voice", lambda row: ("espeak-ng+" + row["voice"].split("+")[-1]) if row["synth"] == "espeak-ng"
                 else row["voice"]),
                ("accent", lambda row: row["voice"].split("+")[0] if row["synth"] == "espeak-ng" else "-"),
                ("source", lambda row: row.get("source", "?"))]
    for title, key in keys:
        groups = collections.defaultdict(lambda: ([], []))
        for row, hyp in zip(rows, hyps):
            groups[key(row)][0].append(row["text"])
            groups[key(row)][1].append(hyp)
        if len(keys) > 1:
            print(f" per {title}")
        for group, (r, h) in sorted(groups.items()):
            print(f"  {group:30} {len(r):4} utterances  WER {100 * wer(r, h):6.2f} %")


def main():
    rows = read_rows(sys.argv[1])
    first = read_transcripts(sys.argv[2], rows)
    report(rows, first)
    if len(sys.argv) > 3:
        second = read_transcripts(sys.argv[3], rows)
        same = sum(first[r["audio_filepath"]][1] == second[r["audio_filepath"]][1] for r in rows)
        print(f"token-identical transcripts: {same} of {len(rows)}")
        for r in rows:
            a, b = first[r["audio_filepath"]], second[r["audio_filepath"]]
            if a[1] != b[1]:
                print(f"  differs: {os.path.basename(r['audio_filepath'])}\n    {a[0]}\n    {b[0]}")


if __name__ == "__main__":
    main()
