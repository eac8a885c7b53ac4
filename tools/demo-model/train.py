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


def load_audio(rows, indices, device):
    waves = [torch.from_numpy(read_wav(rows[i]["audio_filepath"])) for i in indices]
    lengths = torch.tensor([w.shape[0] for w in waves])
    return torch.nn.utils.rnn.pad_sequence(waves, batch_first=True).to(device), lengths.to(device)


def spec_augment(features, lengths, generator, freq_masks=2, freq_width=15, time_masks=10, time_width=0.05):
    """NeMo SpecAugment (zero masks; time width a fraction of each utterance's length)."""
    features = features.clone()
    n_mels = features.shape[1]
    for b in range(features.shape[0]):
        length = int(lengths[b])
        for _ in range(freq_masks):
            w = int(torch.randint(0, freq_width + 1, (1,), generator=generator))
            f0 = int(torch.randint(0, max(1, n_mels - w), (1,), generator=generator))
            features[b, f0:f0 + w, :] = 0.0
        max_t = max(1, int(length * time_width))
        for _ in range(time_masks):
            w = int(torch.randint(0, max_t + 1, (1,), generator=generator))
            t0 = int(torch.randint(0, max(1, length - w), (1,), generator=generator))
            features[b, :, t0:t0 + w] = 0.0
    return features


def learning_rate(step, peak, warmup, total, floor):
    if step < warmup:
        return peak * (step + 1) / warmup
    progress = min(1.0, (step - warmup) / max(1, total - warmup))
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
    for key, name in (("per_voice", lambda v: v.split("+")[0]), ("per_variant", lambda v: (v.split("+") + ["-"])[1])):
        groups = collections.defaultdict(lambda: ([], []))
        for r, h, v in zip(refs, hyps, voices):
            groups[name(v)][0].append(r)
            groups[name(v)][1].append(h)
        report[key] = {g: round(wer(r, h), 4) for g, (r, h) in sorted(groups.items())}
    return report


def save_checkpoint(path, model, optimizer, step, extra):
    tmp = path + ".tmp"
    torch.save({"state_dict": model.state_dict(), "optimizer": optimizer.state_dict(), "step": step,
                "cfg": model.cfg, **extra}, tmp)
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
    p.add_argument("--max-minutes", type=float, default=0, help="safety stop (0: none); the schedule is by steps")
    p.add_argument("--batch-seconds", type=float, default=100.0)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--min-lr", type=float, default=1e-5)
    p.add_argument("--warmup-steps", type=int, default=600)
    p.add_argument("--weight-decay", type=float, default=1e-3)
    p.add_argument("--eval-every", type=int, default=1000)
    p.add_argument("--log-every", type=int, default=50)
    p.add_argument("--resume", action="store_true", help="continue from <out>/checkpoints/last.pt")
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
    sp = spm.SentencePieceProcessor(
        model_file=args.tokenizer or os.path.join(args.data, "tokenizer", "tokenizer.model"))
    cfg = {k: getattr(args, k) for k in DEFAULT_CONFIG if k != "vocab_size"}
    cfg["vocab_size"] = sp.get_piece_size()
    model = EncDecCTCModelBPE(cfg).to(device)
    print(f"model: {count_parameters(model) / 1e6:.2f} M parameters, cfg {cfg}", flush=True)
    train_rows = read_manifest(os.path.join(args.data, "train_manifest.json"))
    test_rows = read_manifest(os.path.join(args.data, "test_manifest.json"))
    targets = [sp.encode(r["text"]) for r in train_rows]
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.98), weight_decay=args.weight_decay)
    ckpt_dir = os.path.join(args.out, "checkpoints")
    os.makedirs(ckpt_dir, exist_ok=True)
    step, best = 0, float("inf")
    if args.resume and os.path.exists(os.path.join(ckpt_dir, "last.pt")):
        state = torch.load(os.path.join(ckpt_dir, "last.pt"), map_location=device)
        model.load_state_dict(state["state_dict"])
        optimizer.load_state_dict(state["optimizer"])
        step, best = state["step"], state.get("best_wer", best)
        print(f"resumed at step {step}", flush=True)
    generator = torch.Generator().manual_seed(args.seed + step)
    start, audio_seconds, epoch, evaluated_at = time.time(), 0.0, 0, -1
    model.train()
    while step < args.max_steps and not out_of_time(start, args):
        for batch in make_batches(train_rows, args.batch_seconds, random.Random(args.seed + epoch)):
            if step >= args.max_steps or out_of_time(start, args):
                break
            loss = train_step(model, optimizer, train_rows, targets, batch, generator, device, args, step)
            audio_seconds += sum(train_rows[i]["duration"] for i in batch)
            step += 1
            if step % args.log_every == 0 or step == 1:
                elapsed = time.time() - start
                print(f"step {step} epoch {epoch} loss {loss:.3f} lr {optimizer.param_groups[0]['lr']:.2e} "
                      f"{elapsed / 60:.1f} min, {audio_seconds / elapsed:.1f} s audio/s", flush=True)
            if step % args.eval_every == 0:
                best = evaluate_and_save(model, optimizer, test_rows, sp, device, args, step, best, ckpt_dir)
                evaluated_at = step
        epoch += 1
    if evaluated_at != step:
        best = evaluate_and_save(model, optimizer, test_rows, sp, device, args, step, best, ckpt_dir)
    torch.save({"state_dict": model.state_dict(), "cfg": model.cfg}, os.path.join(args.out, "model.pt"))
    print(f"done: {step} steps, {(time.time() - start) / 60:.1f} min, best held-out WER {best:.4f}", flush=True)


def out_of_time(start, args):
    return bool(args.max_minutes) and time.time() - start > 60 * args.max_minutes


def train_step(model, optimizer, rows, targets, batch, generator, device, args, step):
    for group in optimizer.param_groups:
        group["lr"] = learning_rate(step, args.lr, args.warmup_steps, args.max_steps, args.min_lr)
    audio, lengths = load_audio(rows, batch, device)
    with torch.no_grad():
        feats, feat_len = model.preprocessor(audio, lengths)
        feats = spec_augment(feats.cpu(), feat_len.cpu(), generator).to(device)
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
