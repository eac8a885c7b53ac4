"""Trains the FastConformer-CTC demo model with CTC loss, AdamW and warmup + cosine decay.

Batches are duration-bucketed (utterances sorted by length, cut into batches of at most --batch-seconds
of audio, batch order shuffled each epoch with a fixed seed). Features are NeMo's FilterbankFeatures
(dither on in training, as NeMo), then SpecAugment. Every --eval-every steps and at the end: greedy CTC
decoding of the held-out manifest, WER overall and per voice; checkpoints in <out>/checkpoints.

usage: /usr/bin/python3 train.py --data /tmp/demo-data --out /tmp/demo-run --max-steps 6000 [--device cuda]
"""
import argparse
import collections
import json
import math
import os
import random
import time

import numpy as np
import sentencepiece as spm
import torch
import torch.nn.functional as F

from audio_io import read_wav
from model import DEFAULT_CONFIG, EncDecCTCModelBPE, count_parameters
from wer import wer


def read_manifest(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def make_batches(rows, batch_seconds, rng):
    """Length buckets: sort by duration, fill batches up to batch_seconds of padded audio, shuffle batches."""
    order = sorted(range(len(rows)), key=lambda i: (rows[i]["duration"], i))
    batches, current = [], []
    for i in order:
        if current and rows[i]["duration"] * (len(current) + 1) > batch_seconds:
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    rng.shuffle(batches)
    return batches


_AUDIO_CACHE = {}


def preload_audio(rows, threads):
    """Reads every WAV once (int16 in memory: ~1.9 GB for 33 h), so batches never touch the disk."""
    from concurrent.futures import ThreadPoolExecutor
    paths = [r["audio_filepath"] for r in rows if r["audio_filepath"] not in _AUDIO_CACHE]
    with ThreadPoolExecutor(max(1, threads)) as pool:
        for path, wave in zip(paths, pool.map(lambda p: (read_wav(p) * 32768.0).astype(np.int16), paths)):
            _AUDIO_CACHE[path] = wave


def load_audio(rows, indices, device):
    waves = []
    for i in indices:
        path = rows[i]["audio_filepath"]
        wave = _AUDIO_CACHE.get(path)
        waves.append(torch.from_numpy(read_wav(path)) if wave is None
                     else torch.from_numpy(wave.astype(np.float32) / 32768.0))
    lengths = torch.tensor([w.shape[0] for w in waves])
    return torch.nn.utils.rnn.pad_sequence(waves, batch_first=True).to(device), lengths.to(device)


def spec_augment(features, lengths, generator, freq_masks=2, freq_width=15, time_masks=10, time_width=0.05):
    """NeMo SpecAugment (zero masks; time width a fraction of each utterance's length). The random draws come
    from `generator` on the CPU, the masking runs where the features are."""
    batch, n_mels, frames = features.shape
    lengths = lengths.cpu().double()
    fw = torch.floor(torch.rand(batch, freq_masks, generator=generator, dtype=torch.float64) * (freq_width + 1))
    f0 = torch.floor(torch.rand(batch, freq_masks, generator=generator, dtype=torch.float64)
                     * torch.clamp(n_mels - fw, min=1))
    max_t = torch.clamp(torch.floor(lengths * time_width), min=1)[:, None]
    tw = torch.floor(torch.rand(batch, time_masks, generator=generator, dtype=torch.float64) * (max_t + 1))
    t0 = torch.floor(torch.rand(batch, time_masks, generator=generator, dtype=torch.float64)
                     * torch.clamp(lengths[:, None] - tw, min=1))
    device = features.device
    mel = torch.arange(n_mels, device=device, dtype=torch.float64)[None, None, :]
    time = torch.arange(frames, device=device, dtype=torch.float64)[None, None, :]
    f0, fw, t0, tw = (x.to(device)[..., None] for x in (f0, fw, t0, tw))
    freq_hit = ((mel >= f0) & (mel < f0 + fw)).any(1)  # [B, n_mels]
    time_hit = ((time >= t0) & (time < t0 + tw)).any(1)  # [B, frames]
    keep = ~(freq_hit[:, :, None] | time_hit[:, None, :])
    return features * keep


def learning_rate(step, peak, warmup, total, floor, time_fraction=0.0):
    """Linear warmup, then cosine decay to `floor`. With a time budget the decay follows whichever of steps and
    time runs out first, so a run stopped by --max-minutes still ends annealed (at the cost of bit-reproducibility)."""
    if step < warmup:
        return peak * (step + 1) / warmup
    progress = min(1.0, max((step - warmup) / max(1, total - warmup), time_fraction))
    return floor + 0.5 * (peak - floor) * (1 + math.cos(math.pi * progress))


def greedy_ctc(log_probs, lengths, blank):
    """Argmax per frame, merge repeats, drop blanks (NeMo's GreedyCTCInfer)."""
    results = []
    for seq, length in zip(log_probs.argmax(-1).tolist(), lengths.tolist()):
        ids, prev = [], None
        for t in seq[:length]:
            if t != prev and t != blank:
                ids.append(t)
            prev = t
        results.append(ids)
    return results


def evaluate(model, rows, sp, device, batch_seconds):
    model.eval()
    refs, hyps, voices = [], [], []
    with torch.no_grad():
        for batch in make_batches(rows, batch_seconds, random.Random(0)):
            audio, lengths = load_audio(rows, batch, device)
            feats, feat_len = model.preprocessor(audio, lengths)
            log_probs, enc_len = model(feats, feat_len)
            for i, ids in zip(batch, greedy_ctc(log_probs, enc_len, model.cfg["vocab_size"])):
                refs.append(rows[i]["text"])
                hyps.append(sp.decode(ids))
                voices.append(rows[i].get("voice", "?"))
    model.train()
    report = {"wer": wer(refs, hyps), "per_voice": {}, "per_variant": {}, "examples": list(zip(refs, hyps))[:3]}
    groupings = [("per_voice", lambda v: v.split("+")[0]), ("per_variant", lambda v: (v.split("+") + ["-"])[1])]
    if any("synth" in row for row in rows):   # make_mix.py's manifests: group by synthesizer too
        synths = {row["voice"]: row.get("synth", "?") for row in rows}
        groupings.append(("per_synth", lambda v: synths.get(v, "?")))
    for key, name in groupings:
        groups = collections.defaultdict(lambda: ([], []))
        for r, h, v in zip(refs, hyps, voices):
            groups[name(v)][0].append(r)
            groups[name(v)][1].append(h)
        report[key] = {g: round(wer(r, h), 4) for g, (r, h) in sorted(groups.items())}
    return report


def save_checkpoint(path, model, optimizer, step, extra):
    tmp = path + ".tmp"
    torch.save({"state_dict": model.state_dict(), "optimizer": optimizer.state_dict(), "step": step,
                "cfg": model.cfg, "position": getattr(model, "position", (0, 0)), **extra}, tmp)
    os.replace(tmp, path)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, help="folder with train_manifest.json, test_manifest.json")
    p.add_argument("--tokenizer", help="tokenizer.model (default <data>/tokenizer/tokenizer.model)")
    p.add_argument("--out", required=True)
    p.add_argument("--device", default="cpu")
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--seed", type=int, default=1234)
    p.add_argument("--max-steps", type=int, default=6000)
    p.add_argument("--max-minutes", type=float, default=0,
                   help="time budget (0: none); the learning-rate decay then ends by this time at the latest")
    p.add_argument("--batch-seconds", type=float, default=100.0)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--min-lr", type=float, default=1e-5)
    p.add_argument("--warmup-steps", type=int, default=600)
    p.add_argument("--weight-decay", type=float, default=1e-3)
    p.add_argument("--eval-every", type=int, default=1000)
    p.add_argument("--log-every", type=int, default=50)
    p.add_argument("--save-every", type=int, default=0,
                   help="also write checkpoints/last.pt every N steps without evaluating (0: only at evaluations)")
    p.add_argument("--resume", action="store_true", help="continue from <out>/checkpoints/last.pt")
    p.add_argument("--resume-position", action="store_true",
                   help="with --resume, go on with the data where the checkpoint left it (default: epoch 0's batches)")
    p.add_argument("--init-from", help="start from the weights of a .nemo made by export_nemo.py (fresh optimizer; "
                                       "the tokenizer must be that .nemo's, see nemo_io.py --extract-tokenizer)")
    p.add_argument("--time-masks", type=int, default=10, help="SpecAugment time masks (NeMo's default 10)")
    p.add_argument("--freq-masks", type=int, default=2, help="SpecAugment frequency masks (NeMo's default 2)")
    for key, value in DEFAULT_CONFIG.items():
        if key != "vocab_size":
            p.add_argument("--" + key.replace("_", "-"), type=type(value), default=value)
    return p.parse_args()


def main():
    args = parse_args()
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    sp = spm.SentencePieceProcessor(
        model_file=args.tokenizer or os.path.join(args.data, "tokenizer", "tokenizer.model"))
    cfg = {k: getattr(args, k) for k in DEFAULT_CONFIG if k != "vocab_size"}
    cfg["vocab_size"] = sp.get_piece_size()
    model = EncDecCTCModelBPE(cfg)
    if args.init_from:
        init_from_nemo(model, args.init_from)
    model = model.to(device)
    print(f"model: {count_parameters(model) / 1e6:.2f} M parameters, cfg {cfg}", flush=True)
    train_rows = read_manifest(os.path.join(args.data, "train_manifest.json"))
    test_rows = read_manifest(os.path.join(args.data, "test_manifest.json"))
    targets = [sp.encode(r["text"]) for r in train_rows]
    load_start = time.time()
    preload_audio(train_rows + test_rows, args.threads)
    print(f"audio in memory: {len(_AUDIO_CACHE)} files, {time.time() - load_start:.1f} s", flush=True)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.98), weight_decay=args.weight_decay)
    ckpt_dir = os.path.join(args.out, "checkpoints")
    os.makedirs(ckpt_dir, exist_ok=True)
    step, best, position = 0, float("inf"), (0, 0)   # position: (epoch, batches of it done)
    if args.resume and os.path.exists(os.path.join(ckpt_dir, "last.pt")):
        state = torch.load(os.path.join(ckpt_dir, "last.pt"), map_location=device)
        model.load_state_dict(state["state_dict"])
        optimizer.load_state_dict(state["optimizer"])
        step, best = state["step"], state.get("best_wer", best)
        if args.resume_position:
            position = tuple(state.get("position", position))
        print(f"resumed at step {step}, epoch {position[0]}, batch {position[1]}", flush=True)
    generator = torch.Generator().manual_seed(args.seed + step)
    start, audio_seconds, evaluated_at = time.time(), 0.0, -1
    epoch, skip = position
    model.train()
    while step < args.max_steps and not out_of_time(start, args):
        batches = make_batches(train_rows, args.batch_seconds, random.Random(args.seed + epoch))
        for index, batch in enumerate(batches):
            if index < skip:   # resuming inside an epoch: these batches were trained on before the checkpoint
                continue
            if step >= args.max_steps or out_of_time(start, args):
                break
            time_fraction = (time.time() - start) / (60 * args.max_minutes) if args.max_minutes else 0.0
            loss = train_step(model, optimizer, train_rows, targets, batch, generator, device, args, step,
                              time_fraction)
            audio_seconds += sum(train_rows[i]["duration"] for i in batch)
            step += 1
            if step % args.log_every == 0 or step == 1:
                elapsed = time.time() - start
                print(f"step {step} epoch {epoch} loss {loss:.3f} lr {optimizer.param_groups[0]['lr']:.2e} "
                      f"{elapsed / 60:.1f} min, {audio_seconds / elapsed:.1f} s audio/s", flush=True)
            model.position = (epoch, index + 1)
            if step % args.eval_every == 0:
                best = evaluate_and_save(model, optimizer, test_rows, sp, device, args, step, best, ckpt_dir)
                evaluated_at = step
            elif args.save_every and step % args.save_every == 0:
                save_checkpoint(os.path.join(ckpt_dir, "last.pt"), model, optimizer, step, {"best_wer": best})
                print(f"checkpoint at step {step}", flush=True)
        epoch, skip = epoch + 1, 0
    if evaluated_at != step:
        best = evaluate_and_save(model, optimizer, test_rows, sp, device, args, step, best, ckpt_dir)
    torch.save({"state_dict": model.state_dict(), "cfg": model.cfg}, os.path.join(args.out, "model.pt"))
    print(f"done: {step} steps, {(time.time() - start) / 60:.1f} min, best held-out WER {best:.4f}", flush=True)


def init_from_nemo(model, path):
    """Loads a .nemo's weights strictly; the architecture given on the command line must match its config."""
    from nemo_io import read_nemo
    _, state, _, _ = read_nemo(path)
    own = model.state_dict()
    mismatched = [k for k in own if k in state and own[k].shape != state[k].shape]
    if mismatched:
        raise SystemExit(f"{path}: shapes differ from this configuration, e.g. {mismatched[0]}")
    model.load_state_dict({k: v.float() for k, v in state.items()}, strict=True)
    print(f"weights from {path}", flush=True)


def out_of_time(start, args):
    return bool(args.max_minutes) and time.time() - start > 60 * args.max_minutes


def train_step(model, optimizer, rows, targets, batch, generator, device, args, step, time_fraction):
    for group in optimizer.param_groups:
        group["lr"] = learning_rate(step, args.lr, args.warmup_steps, args.max_steps, args.min_lr, time_fraction)
    audio, lengths = load_audio(rows, batch, device)
    with torch.no_grad():
        feats, feat_len = model.preprocessor(audio, lengths)
        feats = spec_augment(feats, feat_len, generator, freq_masks=args.freq_masks, time_masks=args.time_masks)
    log_probs, enc_len = model(feats, feat_len)
    ys = [torch.tensor(targets[i], dtype=torch.long) for i in batch]
    y_len = torch.tensor([len(y) for y in ys], device=device)
    loss = F.ctc_loss(log_probs.transpose(0, 1), torch.cat(ys).to(device), enc_len, y_len,
                      blank=model.cfg["vocab_size"], reduction="sum", zero_infinity=True) / y_len.sum()
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    return loss.item()


def evaluate_and_save(model, optimizer, test_rows, sp, device, args, step, best, ckpt_dir):
    report = evaluate(model, test_rows, sp, device, args.batch_seconds)
    print(f"eval step {step}: held-out WER {report['wer']:.4f}\n  per voice {report['per_voice']}\n"
          f"  per variant {report['per_variant']}", flush=True)
    if "per_synth" in report:
        print(f"  per synthesizer {report['per_synth']}", flush=True)
    for ref, hyp in report["examples"]:
        print(f"  ref: {ref}\n  hyp: {hyp}", flush=True)
    with open(os.path.join(args.out, f"eval_step{step}.json"), "w", encoding="utf-8") as f:
        json.dump(report, f, indent=1)
    best_now = min(best, report["wer"])
    save_checkpoint(os.path.join(ckpt_dir, "last.pt"), model, optimizer, step, {"best_wer": best_now})
    if report["wer"] <= best:
        save_checkpoint(os.path.join(ckpt_dir, "best.pt"), model, optimizer, step, {"best_wer": best_now})
    return best_now


if __name__ == "__main__":
    main()
