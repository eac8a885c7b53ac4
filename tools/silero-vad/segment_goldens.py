"""Speech-region goldens for Warble's SpeechTimestamps: a plain-Python port of silero-vad's
get_speech_timestamps loop (src/silero_vad/utils_vad.py, with possible_ends) run on recorded
probability sequences, with faster-whisper's VadOptions defaults and its frame padding.

Run once offline (no third-party packages):  python3 segment_goldens.py tests/Warble.Tests/Data/silero-vad
Reads *.probs.txt there (ONNX Runtime's probabilities, one per 512-sample frame) and writes segments.json.
"""
import json
import math
import os
import random
import sys
import wave

SR = 16000
WINDOW = 512


def get_speech_timestamps(probs, audio_length, threshold=0.5, neg_threshold=None, min_speech_duration_ms=0,
                          max_speech_duration_s=float("inf"), min_silence_duration_ms=2000, speech_pad_ms=400,
                          min_silence_at_max_speech=98, use_max_poss_sil_at_max_speech=True):
    min_speech_samples = SR * min_speech_duration_ms / 1000
    speech_pad_samples = SR * speech_pad_ms / 1000
    max_speech_samples = SR * max_speech_duration_s - WINDOW - 2 * speech_pad_samples
    min_silence_samples = SR * min_silence_duration_ms / 1000
    min_silence_samples_at_max_speech = SR * min_silence_at_max_speech / 1000
    if neg_threshold is None:
        neg_threshold = max(threshold - 0.15, 0.01)

    triggered = False
    speeches = []
    current_speech = {}
    temp_end = 0
    prev_end = next_start = 0
    possible_ends = []
    for i, speech_prob in enumerate(probs):
        if (speech_prob >= threshold) and temp_end:
            if temp_end != 0:
                sil_dur = (WINDOW * i) - temp_end
                if sil_dur > min_silence_samples_at_max_speech:
                    possible_ends.append((temp_end, sil_dur))
                temp_end = 0
            if next_start < prev_end:
                next_start = WINDOW * i
        if (speech_prob >= threshold) and not triggered:
            triggered = True
            current_speech["start"] = WINDOW * i
            continue
        if triggered and (WINDOW * i) - current_speech["start"] > max_speech_samples:
            if possible_ends:
                if use_max_poss_sil_at_max_speech:
                    prev_end, dur = max(possible_ends, key=lambda x: x[1])
                else:
                    prev_end, dur = possible_ends[-1]
                current_speech["end"] = prev_end
                speeches.append(current_speech)
                current_speech = {}
                next_start = prev_end + dur
                if next_start < prev_end + WINDOW * i:
                    current_speech["start"] = next_start
                else:
                    triggered = False
                possible_ends = [p for p in possible_ends if p[0] > next_start]
                prev_end = next_start = temp_end = 0
            else:
                current_speech["end"] = WINDOW * i
                speeches.append(current_speech)
                current_speech = {}
                prev_end = next_start = temp_end = 0
                triggered = False
                possible_ends = []
                continue
        if (speech_prob < neg_threshold) and triggered:
            if not temp_end:
                temp_end = WINDOW * i
            if (WINDOW * i) - temp_end < min_silence_samples:
                continue
            current_speech["end"] = temp_end
            if (current_speech["end"] - current_speech["start"]) > min_speech_samples:
                speeches.append(current_speech)
            current_speech = {}
            prev_end = next_start = temp_end = 0
            triggered = False
            possible_ends = []
            continue

    if current_speech and (audio_length - current_speech["start"]) > min_speech_samples:
        current_speech["end"] = audio_length
        speeches.append(current_speech)

    for i, speech in enumerate(speeches):
        if i == 0:
            speech["start"] = int(max(0, speech["start"] - speech_pad_samples))
        if i != len(speeches) - 1:
            silence_duration = speeches[i + 1]["start"] - speech["end"]
            if silence_duration < 2 * speech_pad_samples:
                speech["end"] += int(silence_duration // 2)
                speeches[i + 1]["start"] = int(max(0, speeches[i + 1]["start"] - silence_duration // 2))
            else:
                speech["end"] = int(min(audio_length, speech["end"] + speech_pad_samples))
                speeches[i + 1]["start"] = int(max(0, speeches[i + 1]["start"] - speech_pad_samples))
        else:
            speech["end"] = int(min(audio_length, speech["end"] + speech_pad_samples))
    return [[s["start"], s["end"]] for s in speeches]


OPTION_SETS = {
    "faster-whisper": {},
    "silero": {"min_speech_duration_ms": 250, "min_silence_duration_ms": 100, "speech_pad_ms": 30},
    "tight": {"min_silence_duration_ms": 300, "speech_pad_ms": 100, "threshold": 0.6},
    "max-speech-2s": {"max_speech_duration_s": 2.0, "min_silence_duration_ms": 500, "speech_pad_ms": 30},
    "max-speech-3s-last": {"max_speech_duration_s": 3.0, "min_silence_duration_ms": 1000, "speech_pad_ms": 200,
                           "use_max_poss_sil_at_max_speech": False},
    "neg-0.2": {"neg_threshold": 0.2, "min_silence_duration_ms": 200, "speech_pad_ms": 0},
}


def synthetic(rng, frames):
    """Bursts of speech and silence, with dips that test the hysteresis between the two thresholds."""
    probs, speaking = [], rng.random() < 0.5
    while len(probs) < frames:
        run = rng.randint(1, 60)
        for _ in range(run):
            base = rng.uniform(0.55, 1.0) if speaking else rng.uniform(0.0, 0.45)
            if rng.random() < 0.1:
                base = rng.uniform(0.3, 0.55)
            probs.append(round(base, 6))
        speaking = not speaking
    return probs[:frames]


def main(data_dir):
    cases = []
    audio_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "fixtures", "audio")
    for name in sorted(f for f in os.listdir(data_dir) if f.endswith(".probs.txt")):
        probs = [float(line) for line in open(os.path.join(data_dir, name))]
        stem = name[: -len(".probs.txt")]
        with wave.open(os.path.join(audio_dir, stem + ".wav")) as w:
            length = round(w.getnframes() * SR / w.getframerate())
        # faster-whisper pads n mod 512 up to a whole extra frame: silero's frames, plus a zero frame when n % 512 == 0
        for label, options in OPTION_SETS.items():
            cases.append({"name": f"{stem}/{label}", "audio": stem, "audio_length": length, "options": options,
                          "probs": None, "speeches": get_speech_timestamps(probs, length, **options)})
    rng = random.Random(23)
    for k in range(12):
        frames = rng.randint(50, 900)
        probs = synthetic(rng, frames)
        length = frames * WINDOW - rng.randint(0, WINDOW - 1)
        for label, options in OPTION_SETS.items():
            cases.append({"name": f"synthetic{k}/{label}", "audio": None, "audio_length": length, "options": options,
                          "probs": probs, "speeches": get_speech_timestamps(probs, length, **options)})
    edge = [
        ("speech-to-the-end", [0.0] * 10 + [0.9] * 40, 50 * WINDOW, {}),
        ("speech-from-the-start", [0.9] * 30 + [0.0] * 100, 130 * WINDOW, {"min_silence_duration_ms": 500}),
        ("all-silence", [0.1] * 80, 80 * WINDOW, {}),
        ("short-speech-dropped", [0.0] * 20 + [0.9] * 5 + [0.0] * 100, 125 * WINDOW,
         {"min_speech_duration_ms": 250, "min_silence_duration_ms": 100}),
        ("pads-overlap", [0.0] * 20 + ([0.9] * 20 + [0.0] * 15) * 4, 160 * WINDOW,
         {"min_silence_duration_ms": 200, "speech_pad_ms": 400}),
        ("max-speech-no-silence", [0.9] * 400, 400 * WINDOW - 100, {"max_speech_duration_s": 3.0, "speech_pad_ms": 30}),
        ("max-speech-longest-silence", ([0.9] * 30 + [0.0] * 5 + [0.9] * 30 + [0.0] * 9) * 6, 444 * WINDOW,
         {"max_speech_duration_s": 4.0, "speech_pad_ms": 30}),
        ("max-speech-last-silence", ([0.9] * 30 + [0.0] * 9 + [0.9] * 30 + [0.0] * 5) * 6, 444 * WINDOW,
         {"max_speech_duration_s": 4.0, "speech_pad_ms": 30, "use_max_poss_sil_at_max_speech": False}),
        ("hysteresis", [0.0] * 10 + [0.6, 0.4, 0.4, 0.4, 0.6, 0.3, 0.3] * 20 + [0.0] * 100, 250 * WINDOW,
         {"min_silence_duration_ms": 100}),
    ]
    for name, probs, length, options in edge:
        cases.append({"name": name, "audio": None, "audio_length": length, "options": options, "probs": probs,
                      "speeches": get_speech_timestamps(probs, length, **options)})
    with open(os.path.join(data_dir, "segments.json"), "w") as f:
        json.dump(cases, f, separators=(",", ":"))
    print(f"{len(cases)} cases")


if __name__ == "__main__":
    main(sys.argv[1])
