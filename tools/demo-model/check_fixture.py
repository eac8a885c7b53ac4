"""Checks model.py against NeMo's own numbers: loads the preprocessor and encoder weights of the
parakeet-tdt-random fixture into this recipe's modules and compares features.npy and encoder.npy.

usage: /usr/bin/python3 check_fixture.py [--fixtures ../../../shared/fixtures]
"""
import argparse
import io
import os
import tarfile

import numpy as np
import torch
import yaml

from audio_io import read_wav
from model import AudioToMelSpectrogramPreprocessor, ConformerEncoder


def load_nemo(path):
    with tarfile.open(path, "r:") as tar:
        cfg = yaml.safe_load(tar.extractfile("./model_config.yaml").read())
        state = torch.load(io.BytesIO(tar.extractfile("./model_weights.ckpt").read()), map_location="cpu")
    return cfg, state


def sub_state(state, prefix):
    return {k[len(prefix):]: v for k, v in state.items() if k.startswith(prefix)}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser()
    parser.add_argument("--fixtures", default=os.path.join(here, "..", "..", "..", "shared", "fixtures"))
    args = parser.parse_args()
    fixture = os.path.join(args.fixtures, "parakeet", "parakeet-tdt-random")
    cfg, state = load_nemo(os.path.join(fixture, "parakeet-tdt-random.nemo"))
    enc_cfg = cfg["encoder"]

    pre = AudioToMelSpectrogramPreprocessor(cfg["preprocessor"]["features"]).eval()
    fb_diff = (pre.featurizer.fb - state["preprocessor.featurizer.fb"]).abs().max().item()
    pre.load_state_dict(sub_state(state, "preprocessor."), strict=True)
    enc = ConformerEncoder(feat_in=enc_cfg["feat_in"], d_model=enc_cfg["d_model"], n_layers=enc_cfg["n_layers"],
                           n_heads=enc_cfg["n_heads"], subsampling_conv_channels=enc_cfg["subsampling_conv_channels"],
                           ff_expansion_factor=enc_cfg["ff_expansion_factor"],
                           conv_kernel_size=enc_cfg["conv_kernel_size"]).eval()
    enc.load_state_dict(sub_state(state, "encoder."), strict=True)

    worst = {"fb": fb_diff}
    stems = ("jfk", "espeak")
    audios = [torch.from_numpy(read_wav(os.path.join(args.fixtures, "audio", s + ".wav"))) for s in stems]
    lengths = torch.tensor([a.shape[0] for a in audios])
    batch = torch.nn.utils.rnn.pad_sequence(audios, batch_first=True)  # padded batch: checks the masking
    with torch.no_grad():
        feats, feat_len = pre(batch, lengths)
        encoded, enc_len = enc(feats, feat_len)
    for i, stem in enumerate(stems):
        golden_f = np.load(os.path.join(fixture, "golden", stem, "features.npy"))
        golden_e = np.load(os.path.join(fixture, "golden", stem, "encoder.npy"))
        ours_f = feats[i, :, :golden_f.shape[1]].numpy()
        ours_e = encoded[i, :, :enc_len[i]].numpy().T
        assert ours_e.shape == golden_e.shape, (ours_e.shape, golden_e.shape)
        worst[stem + " features"] = float(np.abs(ours_f - golden_f).max())
        worst[stem + " encoder"] = float(np.abs(ours_e - golden_e).max())
    for name, diff in worst.items():
        print(f"max |ours - NeMo| {name}: {diff:.2e}")
    ok = worst["fb"] < 1e-6 and all(v < (1e-3 if "features" in k else 2e-4) for k, v in worst.items())
    print("PASS" if ok else "FAIL")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
