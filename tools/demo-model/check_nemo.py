"""Checks an exported .nemo against the parakeet-tdt-random fixture's layout and NeMo's key naming,
reloads it strictly and transcribes a few WAVs with it.

usage: /usr/bin/python3 check_nemo.py /tmp/demo-run/demo-fastconformer-ctc.nemo [audio.wav ...]
"""
import io
import os
import re
import sys
import tarfile

import sentencepiece as spm
import torch

from audio_io import read_wav
from nemo_io import build_model, read_nemo
from train import greedy_ctc

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "..", "..", "..", "shared", "fixtures", "parakeet", "parakeet-tdt-random",
                       "parakeet-tdt-random.nemo")
ARTIFACT = re.compile(r"^\./[0-9a-f]{32}_(tokenizer\.model|tokenizer\.vocab|vocab\.txt)$")


def layout(tar):
    """Member names with the uuid prefixes replaced by <hash> (NeMo's order follows the random hashes)."""
    return sorted(ARTIFACT.sub(r"./<hash>_\1", m.name) for m in tar.getmembers())


def key_patterns(state, prefixes):
    return {re.sub(r"\.layers\.\d+\.", ".layers.N.", k) for k in state if k.startswith(prefixes)}


def main():
    path, wavs = sys.argv[1], sys.argv[2:]
    with tarfile.open(FIXTURE, "r:") as ref, tarfile.open(path, "r:") as tar:
        ref_layout, our_layout = layout(ref), layout(tar)
        ref_state = torch.load(io.BytesIO(ref.extractfile("./model_weights.ckpt").read()), map_location="cpu")
    cfg, state, sp_bytes, names = read_nemo(path)
    problems = []
    if our_layout != ref_layout:
        problems.append(f"layout {our_layout} != fixture {ref_layout}")
    for key in ("model_path", "vocab_path", "spe_tokenizer_vocab"):
        if "./" + cfg["tokenizer"][key][len("nemo:"):] not in names:
            problems.append(f"tokenizer.{key} {cfg['tokenizer'][key]} is not in the archive")
    shared = ("preprocessor.", "encoder.")
    if key_patterns(state, shared) != key_patterns(ref_state, shared):
        problems.append(f"key mismatch: {key_patterns(state, shared) ^ key_patterns(ref_state, shared)}")
    if {k for k in state if k.startswith("decoder.")} != {"decoder.decoder_layers.0.weight",
                                                           "decoder.decoder_layers.0.bias"}:
        problems.append("decoder keys are not ConvASRDecoder's")
    if set(state) - {k for k in state if k.startswith(shared + ("decoder.",))}:
        problems.append("unexpected top-level keys")

    model = build_model(cfg, state)
    print(f"{path}: {len(state)} tensors, {sum(v.numel() for v in state.values()) / 1e6:.2f} M values, "
          f"layout {our_layout}")
    sp = spm.SentencePieceProcessor(model_proto=sp_bytes)
    for wav in wavs:
        audio = torch.from_numpy(read_wav(wav)).unsqueeze(0)
        with torch.no_grad():
            feats, feat_len = model.preprocessor(audio, torch.tensor([audio.shape[1]]))
            log_probs, enc_len = model(feats, feat_len)
        print(f"  {os.path.basename(wav)}: {sp.decode(greedy_ctc(log_probs, enc_len, model.cfg['vocab_size'])[0])!r}")
    for p in problems:
        print("PROBLEM:", p)
    print("PASS" if not problems else "FAIL")
    raise SystemExit(1 if problems else 0)


if __name__ == "__main__":
    main()
