"""Builds the synthetic English corpus: KJV sentences spoken by espeak-ng, degraded with sox.

Text: the King James Version of the Bible from Debian's `bible-kjv-text` package, read with its `bible`
program (package `bible-kjv`). The KJV translation dates from 1611; its copyright has long expired
(see /usr/share/doc/bible-kjv/copyright), so the text is public domain.

Sentences are normalised (lower-case a-z, apostrophes, single spaces), deduplicated, shuffled with a
fixed seed and split into test / train *before* synthesis, so no held-out sentence is ever heard in
training. Each utterance draws its voice, variant, speed, pitch, reverberation and noise from a
random.Random seeded by (seed, split, index): the output does not depend on the worker count.

usage: /usr/bin/python3 make_data.py --out /tmp/demo-data --num-train 12000 --num-test 600 --workers 2
"""
import argparse
import json
import multiprocessing
import os
import random
import re
import subprocess
import tempfile

from audio_io import wav_duration

VOICES = ["en-us", "en-gb", "en-gb-scotland", "en-gb-x-gbclan", "en-gb-x-gbcwmd", "en-gb-x-rp", "en-029",
          "en-us-nyc"]
VARIANTS = [""] + [f"m{i}" for i in range(1, 8)] + [f"f{i}" for i in range(1, 6)]
MIN_WORDS, MAX_WORDS = 3, 20


def read_kjv(path=None):
    """All verses as `bible -f gen1:1-rev22:21` prints them ("Gen1:1 In the beginning ..."), or that output saved
    in a file (for machines without the bible-kjv packages)."""
    if path:
        with open(path, encoding="utf-8") as f:
            out = f.read()
    else:
        out = subprocess.run(["bible", "-f", "gen1:1-rev22:21"], stdin=subprocess.DEVNULL, capture_output=True,
                             text=True, check=True).stdout
    return [line.split(" ", 1)[1] for line in out.splitlines() if " " in line]


def normalise(text):
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"[^a-z' ]+", " ", text)
    words = [w.strip("'") for w in text.split()]
    return " ".join(w for w in words if w)


def sentences_from(verses):
    """Splits verses at sentence/clause punctuation and keeps MIN_WORDS..MAX_WORDS-word pieces."""
    seen, result = set(), []
    for verse in verses:
        for piece in re.split(r"[.;:?!]", verse):
            sentence = normalise(piece)
            if MIN_WORDS <= len(sentence.split()) <= MAX_WORDS and sentence not in seen:
                seen.add(sentence)
                result.append(sentence)
    return result


def synthesise(job):
    """espeak-ng at 22.05 kHz -> sox: 16 kHz mono 16-bit, optional reverb, pink/white/brown noise at a random SNR."""
    out_path, text, seed = job
    rng = random.Random(seed)
    voice, variant = rng.choice(VOICES), rng.choice(VARIANTS)
    full_voice = voice + ("+" + variant if variant else "")
    speed, pitch = rng.randint(120, 210), rng.randint(25, 75)
    with tempfile.TemporaryDirectory() as tmp:
        raw, clean, noise = (os.path.join(tmp, n) for n in ("raw.wav", "clean.wav", "noise.wav"))
        subprocess.run(["espeak-ng", "-v", full_voice, "-s", str(speed), "-p", str(pitch), "-w", raw, text],
                       check=True, capture_output=True)
        effects = ["pad", f"{rng.uniform(0.05, 0.3):.3f}", f"{rng.uniform(0.05, 0.3):.3f}"]
        if rng.random() < 0.5:
            effects += ["reverb", str(rng.randint(10, 60)), "50", str(rng.randint(20, 100))]
        effects += ["norm", f"{-rng.uniform(1, 10):.1f}"]
        subprocess.run(["sox", "-R", raw, "-r", "16000", "-c", "1", "-b", "16", clean] + effects,
                       check=True, capture_output=True)
        if rng.random() < 0.75:
            colour = rng.choice(["pinknoise", "whitenoise", "brownnoise"])
            noise_db = -rng.uniform(18, 45)
            subprocess.run(["sox", "-R", "-n", "-r", "16000", "-c", "1", "-b", "16", noise, "synth",
                            f"{wav_duration(clean):.4f}", colour, "gain", f"{noise_db:.1f}"],
                           check=True, capture_output=True)
            subprocess.run(["sox", "-R", "-m", clean, noise, "-b", "16", out_path], check=True, capture_output=True)
        else:
            os.replace(clean, out_path)
    return {"audio_filepath": os.path.abspath(out_path), "duration": round(wav_duration(out_path), 4),
            "text": text, "voice": full_voice}


def write_split(name, sentences, out_dir, seed, workers):
    wav_dir = os.path.join(out_dir, name)
    os.makedirs(wav_dir, exist_ok=True)
    split_seed = {"train": 1, "test": 2}[name]
    jobs = [(os.path.join(wav_dir, f"{name}_{i:06d}.wav"), s, seed * 1_000_003 + split_seed * 10_000_019 + i)
            for i, s in enumerate(sentences)]
    with multiprocessing.Pool(workers) as pool:
        rows = list(pool.imap(synthesise, jobs, chunksize=8))
    with open(os.path.join(out_dir, f"{name}_manifest.json"), "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")
    with open(os.path.join(out_dir, f"{name}_text.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(sentences) + "\n")
    hours = sum(r["duration"] for r in rows) / 3600
    print(f"{name}: {len(rows)} utterances, {hours:.2f} h")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True)
    parser.add_argument("--num-train", type=int, default=12000)
    parser.add_argument("--num-test", type=int, default=600)
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--kjv", help="saved output of `bible -f gen1:1-rev22:21` (default: run bible)")
    parser.add_argument("--splits", default="test,train", help="which splits to synthesise")
    args = parser.parse_args()

    sentences = sentences_from(read_kjv(args.kjv))
    random.Random(args.seed).shuffle(sentences)
    if args.num_test + args.num_train > len(sentences):
        raise SystemExit(f"only {len(sentences)} distinct sentences available")
    test = sentences[:args.num_test]
    train = sentences[args.num_test:args.num_test + args.num_train]
    assert not set(test) & set(train)
    os.makedirs(args.out, exist_ok=True)
    for name in args.splits.split(","):
        write_split(name, {"test": test, "train": train}[name], args.out, args.seed, args.workers)


if __name__ == "__main__":
    main()
