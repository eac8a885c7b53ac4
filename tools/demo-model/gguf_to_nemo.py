"""Turns the shipped demo GGUF (models/demo-fastconformer-ctc.gguf) back into a .nemo that train.py --init-from
and transcribe_torch.py read. The shipped .nemo was rounded to float16 values before `warble convert --type f16`, so
the weights come back exactly; the tokenizer (SentencePiece model, its .vocab and NeMo's vocab.txt) is stored in
the GGUF whole. The yaml is export_nemo.py's, as for any trained model.

usage: /usr/bin/python3 gguf_to_nemo.py models/demo-fastconformer-ctc.gguf OUT.nemo
"""
import os
import struct
import sys
import tempfile

import numpy as np
import torch
import yaml

from export_nemo import export

# GGUF metadata value types -> struct formats (8: string, 9: array are handled apart)
SCALARS = {0: "B", 1: "b", 2: "H", 3: "h", 4: "I", 5: "i", 6: "f", 7: "?", 10: "Q", 11: "q", 12: "d"}
# ggml tensor types -> numpy
TENSOR_TYPES = {0: np.float32, 1: np.float16, 24: np.int8, 25: np.int16, 26: np.int32, 27: np.int64,
                28: np.float64}


def read_gguf(path):
    """(metadata dict, {name: numpy array}) of a GGUF v3 file with plain (unquantized) tensors."""
    data = open(path, "rb").read()
    pos = 0

    def take(fmt):
        nonlocal pos
        values = struct.unpack_from("<" + fmt, data, pos)
        pos += struct.calcsize("<" + fmt)
        return values[0]

    def string():
        nonlocal pos
        n = take("Q")
        pos += n
        return data[pos - n:pos]

    def value(kind):
        if kind == 8:
            return string()
        if kind == 9:
            item, n = take("I"), take("Q")
            return [value(item) for _ in range(n)]
        return take(SCALARS[kind])

    if data[:4] != b"GGUF":
        raise SystemExit(f"{path}: not a GGUF file")
    pos = 4
    version, n_tensors, n_kv = take("I"), take("Q"), take("Q")
    meta = {}
    for _ in range(n_kv):
        key = string().decode()
        meta[key] = value(take("I"))
    infos = []
    for _ in range(n_tensors):
        name = string().decode()
        dims = [take("Q") for _ in range(take("I"))]
        infos.append((name, dims[::-1], take("I"), take("Q")))   # GGUF lists dimensions innermost first
    alignment = meta.get("general.alignment", 32)
    base = (pos + alignment - 1) // alignment * alignment
    tensors = {}
    for name, shape, kind, offset in infos:
        dtype = np.dtype(TENSOR_TYPES[kind])
        count = int(np.prod(shape)) if shape else 1
        array = np.frombuffer(data, dtype, count, base + offset).reshape(shape)
        tensors[name] = array
    return meta, tensors


def text(value):
    return value.decode() if isinstance(value, bytes) else value


def main():
    source, target = sys.argv[1:3]
    meta, tensors = read_gguf(source)
    cfg = yaml.safe_load(text(meta["parakeet.config_yaml"]))
    enc = cfg["encoder"]
    model_cfg = {"n_mels": cfg["preprocessor"]["features"], "d_model": enc["d_model"], "n_layers": enc["n_layers"],
                 "n_heads": enc["n_heads"], "subsampling_conv_channels": enc["subsampling_conv_channels"],
                 "ff_expansion_factor": enc["ff_expansion_factor"], "conv_kernel_size": enc["conv_kernel_size"],
                 "dropout": enc.get("dropout", 0.1), "vocab_size": cfg["decoder"]["num_classes"]}
    state = {}
    for name, array in tensors.items():
        tensor = torch.from_numpy(array.copy())
        state[name] = tensor.float() if tensor.is_floating_point() else tensor
    with tempfile.TemporaryDirectory() as tmp:
        tok = os.path.join(tmp, "tokenizer")
        os.makedirs(tok)
        model_bytes = meta["tokenizer.sentencepiece.model"]
        with open(os.path.join(tok, "tokenizer.model"), "wb") as f:
            f.write(bytes(model_bytes) if isinstance(model_bytes, list) else model_bytes)
        for key, name in (("tokenizer.sentencepiece.vocab", "tokenizer.vocab"),
                          ("tokenizer.nemo.vocab_txt", "vocab.txt")):
            with open(os.path.join(tok, name), "w", encoding="utf-8") as f:
                f.write(text(meta[key]))
        checkpoint = os.path.join(tmp, "model.pt")
        torch.save({"state_dict": state, "cfg": model_cfg}, checkpoint)
        export(checkpoint, tok, tmp, target, seed=1234)


if __name__ == "__main__":
    main()
