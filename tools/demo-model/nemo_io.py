"""Loads a demo-model .nemo (model_config.yaml, model_weights.ckpt, SentencePiece model) into model.py's network."""
import io
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
