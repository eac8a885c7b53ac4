"""Builds the demo model's second corpus: modern English (build_text.py) plus KJV, spoken by espeak-ng, flite and
festival voices, degraded with sox; a held-out set of unseen sentences from unseen voices.

Split (deterministic, by construction):
  sentences  build_text.py's sentences are shuffled per source with the seed. The held-out set takes the first
             sentences of each modern source (HELD_OUT_SHARE of --num-test); the KJV sentences that make_data.py
             holds out (its first 600 with the same seed) are never trained on either. Training takes the next
             sentences of each source (TRAIN_SHARE of --num-train).
  voices     held out entirely: the speakers kal, ked and slt in every synthesizer that has them (festival's
             kal_diphone, ked_diphone, cmu_us_slt_arctic_hts: the whole festival family; flite's kal16 and slt) and
             the espeak-ng variants Annie and Mike (with any accent). Training voices: espeak-ng's eight English
             accents with TRAIN_VARIANTS, and flite's awb and rms.

Each utterance draws its voice, speed and pitch (espeak-ng's own; sox tempo and pitch for flite and festival),
reverberation and noise from a random.Random seeded by (seed, split, index), as make_data.py does.

usage: /usr/bin/python3 make_mix.py --out /tmp/demo-v2/data --num-train 20000 --num-test 400 --workers 2
"""
import argparse
import json
import multiprocessing
import os
import random
import subprocess
import tempfile

from audio_io import wav_duration
from build_text import build
from make_data import VOICES as ACCENTS, read_kjv, sentences_from

TRAIN_VARIANTS = ([""] + [f"m{i}" for i in range(1, 9)] + [f"f{i}" for i in range(1, 6)]
                  + ["croak", "whisper", "klatt", "klatt2", "klatt3", "Andy", "Denis", "Lee", "aunty", "edward"])
HELD_OUT_VARIANTS = ["Annie", "Mike"]
TRAIN_OTHERS = [("flite", "awb"), ("flite", "rms")]
HELD_OUT_OTHERS = [("festival", "kal_diphone"), ("festival", "ked_diphone"), ("festival", "cmu_us_slt_arctic_hts"),
                   ("flite", "kal16"), ("flite", "slt")]
TRAIN_SHARE = {"kjv": 0.25, "wordnet-examples": 0.25, "fortunes": 0.2, "wordnet-glosses": 0.22, "manpages": 0.05,
               "devil": 0.03}
HELD_OUT_SHARE = {"wordnet-examples": 0.4, "fortunes": 0.3, "wordnet-glosses": 0.15, "manpages": 0.1, "devil": 0.05}
KJV_HELD_OUT = 600   # make_data.py's default held-out count: those KJV sentences stay out of training


def pick_voice(rng, held_out):
    """(synthesizer, voice) for one utterance: held-out voices evenly, training voices 70 % espeak-ng."""
    if held_out:
        choices = [("espeak-ng", v) for v in HELD_OUT_VARIANTS] + HELD_OUT_OTHERS
        synth, voice = rng.choice(choices)
    elif rng.random() < 0.7:
        synth, voice = "espeak-ng", rng.choice(TRAIN_VARIANTS)
    else:
        synth, voice = rng.choice(TRAIN_OTHERS)
    if synth == "espeak-ng":
        accent = rng.choice(ACCENTS)
        return synth, accent + ("+" + voice if voice else "")
    return synth, voice


def speak(synth, voice, text, raw, rng, tmp):
    """Synthesises `text` into `raw`; returns the sox effects (tempo, pitch) still to apply."""
    if synth == "espeak-ng":
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(rng.randint(120, 210)), "-p", str(rng.randint(25, 75)),
                        "-w", raw, text], check=True, capture_output=True)
        return []
    if synth == "flite":
        subprocess.run(["flite", "-voice", voice, "-t", text, "-o", raw], check=True, capture_output=True)
    else:
        text_file = os.path.join(tmp, "text.txt")
        with open(text_file, "w", encoding="utf-8") as f:
            f.write(text + "\n")
        subprocess.run(["text2wave", "-eval", f"(voice_{voice})", text_file, "-o", raw], check=True,
                       capture_output=True)
    return ["tempo", "-s", f"{rng.uniform(0.85, 1.2):.3f}", "pitch", str(rng.randint(-300, 300))]


def synthesise(job):
    """One utterance: synthesizer -> sox: 16 kHz mono 16-bit, speed/pitch, optional reverb, noise at a random SNR."""
    out_path, text, seed, held_out = job
    rng = random.Random(seed)
    synth, voice = pick_voice(rng, held_out)
    with tempfile.TemporaryDirectory() as tmp:
        raw, clean, noise = (os.path.join(tmp, n) for n in ("raw.wav", "clean.wav", "noise.wav"))
        effects = speak(synth, voice, text, raw, rng, tmp)
        effects += ["pad", f"{rng.uniform(0.05, 0.3):.3f}", f"{rng.uniform(0.05, 0.3):.3f}"]
        if rng.random() < 0.5:
            effects += ["reverb", str(rng.randint(10, 60)), "50", str(rng.randint(20, 100))]
        effects += ["norm", f"{-rng.uniform(1, 10):.1f}"]
        subprocess.run(["sox", "-R", raw, "-r", "16000", "-c", "1", "-b", "16", clean] + effects,
                       check=True, capture_output=True)
        if rng.random() < 0.75:
            colour = rng.choice(["pinknoise", "whitenoise", "brownnoise"])
            subprocess.run(["sox", "-R", "-n", "-r", "16000", "-c", "1", "-b", "16", noise, "synth",
                            f"{wav_duration(clean):.4f}", colour, "gain", f"{-rng.uniform(18, 45):.1f}"],
                           check=True, capture_output=True)
            subprocess.run(["sox", "-R", "-m", clean, noise, "-b", "16", out_path], check=True, capture_output=True)
        else:
            os.replace(clean, out_path)
    return {"audio_filepath": os.path.abspath(out_path), "duration": round(wav_duration(out_path), 4), "text": text,
            "voice": voice if synth == "espeak-ng" else f"{synth}-{voice}", "synth": synth}


def split(rows, num_train, num_test, seed):
    """(held-out [(source, sentence)], training [(source, sentence)]), disjoint by construction."""
    by_source = {}
    for source, sentence in rows:
        by_source.setdefault(source, []).append(sentence)
    kjv_all = sentences_from(read_kjv(os.environ.get("KJV") or None))
    random.Random(seed).shuffle(kjv_all)
    kjv_held_out = set(kjv_all[:KJV_HELD_OUT])
    test, train = [], []
    for source in sorted(by_source):
        sentences = by_source[source]
        random.Random(f"{seed}-{source}").shuffle(sentences)
        n_test = round(num_test * HELD_OUT_SHARE.get(source, 0))
        test += [(source, s) for s in sentences[:n_test]]
        pool = [s for s in sentences[n_test:] if s not in kjv_held_out]
        n_train = round(num_train * TRAIN_SHARE[source])
        if n_train > len(pool):
            raise SystemExit(f"{source}: {len(pool)} sentences, {n_train} wanted")
        train += [(source, s) for s in pool[:n_train]]
    random.Random(seed).shuffle(train)
    assert not {s for _, s in test} & {s for _, s in train} and not kjv_held_out & {s for _, s in train}
    return test, train


def write_split(name, pairs, out_dir, seed, workers):
    wav_dir = os.path.join(out_dir, name)
    os.makedirs(wav_dir, exist_ok=True)
    split_seed = {"train": 1, "test": 2}[name]
    jobs = [(os.path.join(wav_dir, f"{name}_{i:06d}.wav"), s, seed * 1_000_003 + split_seed * 10_000_019 + i,
             name == "test") for i, (_, s) in enumerate(pairs)]
    with multiprocessing.Pool(workers) as pool:
        rows = list(pool.imap(synthesise, jobs, chunksize=8))
    with open(os.path.join(out_dir, f"{name}_manifest.json"), "w", encoding="utf-8") as f:
        for row, (source, _) in zip(rows, pairs):
            f.write(json.dumps({**row, "source": source}) + "\n")
    with open(os.path.join(out_dir, f"{name}_text.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(s for _, s in pairs) + "\n")
    counts = {}
    for source, _ in pairs:
        counts[source] = counts.get(source, 0) + 1
    print(f"{name}: {len(rows)} utterances, {sum(r['duration'] for r in rows) / 3600:.2f} h, {counts}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True)
    parser.add_argument("--num-train", type=int, default=20000)
    parser.add_argument("--num-test", type=int, default=400)
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--splits", default="test,train", help="which splits to synthesise")
    args = parser.parse_args()
    test, train = split(build(), args.num_train, args.num_test, args.seed)
    os.makedirs(args.out, exist_ok=True)
    for name in args.splits.split(","):
        write_split(name, {"test": test, "train": train}[name], args.out, args.seed, args.workers)


if __name__ == "__main__":
    main()
