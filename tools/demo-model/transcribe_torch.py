"""PyTorch's greedy CTC transcripts of the WAVs in a manifest (one utterance at a time, no padding), as JSON lines
{"audio_filepath", "text", "tokens"}: the reference that Warble's output is compared with, token for token.

usage: /usr/bin/python3 transcribe_torch.py MODEL.nemo MANIFEST.json OUT.jsonl
"""
import json
import sys

import torch

from audio_io import read_wav
from nemo_io import load_nemo
from train import greedy_ctc


def main():
    nemo, manifest, out = sys.argv[1:4]
    model, sp = load_nemo(nemo)
    torch.set_num_threads(2)
    with open(manifest, encoding="utf-8") as f, open(out, "w", encoding="utf-8") as w:
        for line in f:
            row = json.loads(line)
            audio = torch.from_numpy(read_wav(row["audio_filepath"])).unsqueeze(0)
            with torch.no_grad():
                feats, feat_len = model.preprocessor(audio, torch.tensor([audio.shape[1]]))
                log_probs, enc_len = model(feats, feat_len)
            tokens = greedy_ctc(log_probs, enc_len, model.cfg["vocab_size"])[0]
            w.write(json.dumps({"audio_filepath": row["audio_filepath"], "text": sp.decode(tokens),
                                "tokens": tokens}) + "\n")


if __name__ == "__main__":
    main()
