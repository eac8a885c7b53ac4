"""Loads a demo-model .nemo (model_config.yaml, model_weights.ckpt, SentencePiece model) into model.py's network.

usage: /usr/bin/python3 nemo_io.py --extract-tokenizer MODEL.nemo DIR   writes tokenizer.model, tokenizer.vocab and
       vocab.txt (the artifacts without their uuid prefixes), as train_tokenizer.py lays them out
"""
import argparse
import io
import os
import tarfile

import sentencepiece as spm
import torch
import yaml

from model import EncDecCTCModelBPE


def read_nemo(path):
    """(config dict, state dict, tokenizer model bytes, member names) of a .nemo tar."""
    with tarfile.open(path, "r:") as tar:
        cfg = yaml.safe_load(tar.extractfile("./model_config.yaml").read())
        state = torch.load(io.BytesIO(tar.extractfile("./model_weights.ckpt").read()), map_location="cpu")
        sp_bytes = tar.extractfile("./" + cfg["tokenizer"]["model_path"][len("nemo:"):]).read()
        return cfg, state, sp_bytes, tar.getnames()


def build_model(cfg, state):
    """The eval-mode network of a config, loaded strictly from the state dict."""
    enc = cfg["encoder"]
    model = EncDecCTCModelBPE({
        "n_mels": cfg["preprocessor"]["features"], "d_model": enc["d_model"], "n_layers": enc["n_layers"],
        "n_heads": enc["n_heads"], "subsampling_conv_channels": enc["subsampling_conv_channels"],
        "ff_expansion_factor": enc["ff_expansion_factor"], "conv_kernel_size": enc["conv_kernel_size"],
        "dropout": 0.0, "vocab_size": cfg["decoder"]["num_classes"]}).eval()
    model.load_state_dict(state, strict=True)
    return model


def load_nemo(path):
    """(eval-mode model, SentencePiece processor) of a .nemo file."""
    cfg, state, sp_bytes, _ = read_nemo(path)
    return build_model(cfg, state), spm.SentencePieceProcessor(model_proto=sp_bytes)


def extract_tokenizer(path, out_dir):
    """The tokenizer artifacts a .nemo's yaml names (model_path, spe_tokenizer_vocab, vocab_path), unprefixed."""
    os.makedirs(out_dir, exist_ok=True)
    with tarfile.open(path, "r:") as tar:
        tok = yaml.safe_load(tar.extractfile("./model_config.yaml").read())["tokenizer"]
        for key, name in (("model_path", "tokenizer.model"), ("spe_tokenizer_vocab", "tokenizer.vocab"),
                          ("vocab_path", "vocab.txt")):
            with open(os.path.join(out_dir, name), "wb") as f:
                f.write(tar.extractfile("./" + tok[key][len("nemo:"):]).read())


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--extract-tokenizer", nargs=2, metavar=("NEMO", "DIR"), required=True)
    args = parser.parse_args()
    extract_tokenizer(*args.extract_tokenizer)
    print(f"tokenizer of {args.extract_tokenizer[0]} -> {args.extract_tokenizer[1]}")
