"""Writes a trained checkpoint as a NeMo .nemo archive, laid out as SaveRestoreConnector.save_to does:
an uncompressed tar (arcname ".") holding model_config.yaml, model_weights.ckpt (torch.save of the state
dict) and the tokenizer artifacts named <uuid4 hex>_<basename>, referenced from the yaml as nemo:<name>.

usage: /usr/bin/python3 export_nemo.py --checkpoint /tmp/demo-run/model.pt \
           --tokenizer-dir /tmp/demo-data/tokenizer --out /tmp/demo-run/demo-fastconformer-ctc.nemo
"""
import argparse
import os
import random
import shutil
import tarfile
import tempfile
import uuid

import torch
import yaml

from model import EncDecCTCModelBPE


def dataset_section(manifest, shuffle, batch_size=16):
    return {"manifest_filepath": manifest, "sample_rate": 16000, "batch_size": batch_size, "shuffle": shuffle,
            "num_workers": 8, "pin_memory": True, "use_start_end_token": False}


def model_config(cfg, tokenizer_dir, artifacts, vocabulary, data_dir):
    """The yaml sections of NeMo's examples/asr/conf/fastconformer/fast-conformer_ctc_bpe.yaml, resolved."""
    train_ds = dataset_section(os.path.join(data_dir, "train_manifest.json"), True)
    train_ds.update({"max_duration": 20.0, "min_duration": 0.1, "is_tarred": False, "tarred_audio_filepaths": None,
                     "shuffle_n": 2048, "bucketing_strategy": "fully_randomized", "bucketing_batch_size": None})
    return {
        "sample_rate": 16000,
        "log_prediction": True,
        "ctc_reduction": "mean_volume",
        "skip_nan_grad": False,
        "train_ds": train_ds,
        "validation_ds": dataset_section(os.path.join(data_dir, "test_manifest.json"), False),
        "test_ds": dataset_section(None, False),
        "tokenizer": {"dir": tokenizer_dir, "type": "bpe", "model_path": "nemo:" + artifacts["tokenizer.model"],
                      "vocab_path": "nemo:" + artifacts["vocab.txt"],
                      "spe_tokenizer_vocab": "nemo:" + artifacts["tokenizer.vocab"]},
        "preprocessor": {
            "_target_": "nemo.collections.asr.modules.AudioToMelSpectrogramPreprocessor", "sample_rate": 16000,
            "normalize": "per_feature", "window_size": 0.025, "window_stride": 0.01, "window": "hann",
            "features": cfg["n_mels"], "n_fft": 512, "log": True, "frame_splicing": 1, "dither": 1.0e-05,
            "pad_to": 0, "pad_value": 0.0},
        "spec_augment": {"_target_": "nemo.collections.asr.modules.SpectrogramAugmentation", "freq_masks": 2,
                         "time_masks": 10, "freq_width": 15, "time_width": 0.05},
        "encoder": {
            "_target_": "nemo.collections.asr.modules.ConformerEncoder", "feat_in": cfg["n_mels"], "feat_out": -1,
            "n_layers": cfg["n_layers"], "d_model": cfg["d_model"], "use_bias": False, "subsampling": "dw_striding",
            "subsampling_factor": 8, "subsampling_conv_channels": cfg["subsampling_conv_channels"],
            "causal_downsampling": False, "ff_expansion_factor": cfg["ff_expansion_factor"],
            "self_attention_model": "rel_pos", "n_heads": cfg["n_heads"], "att_context_size": [-1, -1],
            "att_context_style": "regular", "xscaling": False, "untie_biases": True, "pos_emb_max_len": 5000,
            "conv_kernel_size": cfg["conv_kernel_size"], "conv_norm_type": "batch_norm", "conv_context_size": None,
            "dropout": cfg["dropout"], "dropout_pre_encoder": cfg["dropout"], "dropout_emb": 0.0,
            "dropout_att": cfg["dropout"], "stochastic_depth_drop_prob": 0.0, "stochastic_depth_mode": "linear",
            "stochastic_depth_start_layer": 1},
        "decoder": {"_target_": "nemo.collections.asr.modules.ConvASRDecoder", "feat_in": cfg["d_model"],
                    "num_classes": cfg["vocab_size"], "vocabulary": vocabulary},
        "interctc": {"loss_weights": [], "apply_at_layers": []},
        "decoding": {"strategy": "greedy_batch", "greedy": {"max_symbols": None}},
        "optim": {"name": "adamw", "lr": 0.002, "betas": [0.9, 0.98], "weight_decay": 0.001,
                  "sched": {"name": "CosineAnnealing", "warmup_steps": 600, "warmup_ratio": None, "min_lr": 1.0e-05}},
        "target": "nemo.collections.asr.models.ctc_bpe_models.EncDecCTCModelBPE",
        "nemo_version": "2.6.0rc0",
    }


def read_vocabulary(spe_vocab_path):
    with open(spe_vocab_path, encoding="utf-8") as f:
        return [line.split("\t")[0] for line in f if line.strip()]


def export(checkpoint, tokenizer_dir, data_dir, out_path, seed):
    state = torch.load(checkpoint, map_location="cpu")
    model = EncDecCTCModelBPE(state["cfg"])
    model.load_state_dict(state["state_dict"], strict=True)
    rng = random.Random(seed)
    artifacts = {name: uuid.UUID(int=rng.getrandbits(128), version=4).hex + "_" + name
                 for name in ("tokenizer.model", "vocab.txt", "tokenizer.vocab")}
    vocabulary = read_vocabulary(os.path.join(tokenizer_dir, "tokenizer.vocab"))
    if len(vocabulary) != model.cfg["vocab_size"]:
        raise SystemExit(f"tokenizer has {len(vocabulary)} pieces, model {model.cfg['vocab_size']}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, arcname in artifacts.items():
            shutil.copyfile(os.path.join(tokenizer_dir, name), os.path.join(tmp, arcname))
        config = model_config(model.cfg, os.path.abspath(tokenizer_dir), artifacts, vocabulary,
                              os.path.abspath(data_dir))
        with open(os.path.join(tmp, "model_config.yaml"), "w", encoding="utf-8") as f:
            yaml.safe_dump(config, f, sort_keys=False, allow_unicode=True)
        torch.save(model.state_dict(), os.path.join(tmp, "model_weights.ckpt"))
        os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
        with tarfile.open(out_path, "w:") as tar:
            tar.add(tmp, arcname=".")
    print(f"wrote {out_path} ({os.path.getsize(out_path) / 1e6:.1f} MB)")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--checkpoint", required=True, help="model.pt or checkpoints/best.pt from train.py")
    parser.add_argument("--tokenizer-dir", required=True)
    parser.add_argument("--data", default=".", help="data folder (only recorded in the yaml's manifest paths)")
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=1234, help="seeds the uuid4 artifact prefixes")
    args = parser.parse_args()
    export(args.checkpoint, args.tokenizer_dir, args.data, args.out, args.seed)


if __name__ == "__main__":
    main()
