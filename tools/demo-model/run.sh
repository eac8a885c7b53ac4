#!/usr/bin/env bash
# One command: data -> tokenizer -> train -> export -> check. See README.md for time and hardware.
#   tools/demo-model/run.sh                      full run, CPU (about 2 h of training on 2 idle cores)
#   DEVICE=cuda tools/demo-model/run.sh          full run on a GPU
#   NUM_TRAIN=40 NUM_TEST=12 MAX_STEPS=20 WARMUP_STEPS=5 EVAL_EVERY=10 BATCH_SECONDS=40 \
#     OUT=/tmp/demo-tiny tools/demo-model/run.sh  smoke test (a few minutes)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PY="${PY:-/usr/bin/python3}"
OUT="${OUT:-/tmp/demo-model}"
NUM_TRAIN="${NUM_TRAIN:-12000}"
NUM_TEST="${NUM_TEST:-600}"
VOCAB_SIZE="${VOCAB_SIZE:-128}"
WORKERS="${WORKERS:-$(nproc)}"
DEVICE="${DEVICE:-cpu}"
MAX_STEPS="${MAX_STEPS:-3000}"
WARMUP_STEPS="${WARMUP_STEPS:-500}"
BATCH_SECONDS="${BATCH_SECONDS:-60}"
EVAL_EVERY="${EVAL_EVERY:-500}"
SEED="${SEED:-1234}"
MAX_MINUTES="${MAX_MINUTES:-0}"
KJV="${KJV:-}"            # a saved `bible -f gen1:1-rev22:21` (for machines without bible-kjv)

for tool in espeak-ng sox $([ -n "$KJV" ] || echo bible); do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install espeak-ng sox bible-kjv)" >&2; exit 1; }
done

cd "$HERE"
echo "== data -> $OUT/data"
$PY make_data.py --out "$OUT/data" --num-train "$NUM_TRAIN" --num-test "$NUM_TEST" --workers "$WORKERS" --seed "$SEED" \
    ${KJV:+--kjv "$KJV"}
echo "== tokenizer"
$PY train_tokenizer.py --text "$OUT/data/train_text.txt" --out "$OUT/data/tokenizer" --vocab-size "$VOCAB_SIZE"
echo "== train"
$PY train.py --data "$OUT/data" --out "$OUT/run" --device "$DEVICE" --seed "$SEED" --max-steps "$MAX_STEPS" \
    --warmup-steps "$WARMUP_STEPS" --batch-seconds "$BATCH_SECONDS" --eval-every "$EVAL_EVERY" \
    --max-minutes "$MAX_MINUTES"
echo "== export"
$PY export_nemo.py --checkpoint "$OUT/run/model.pt" --tokenizer-dir "$OUT/data/tokenizer" --data "$OUT/data" \
    --seed "$SEED" --out "$OUT/demo-fastconformer-ctc.nemo"
echo "== check"
$PY check_nemo.py "$OUT/demo-fastconformer-ctc.nemo" "$OUT/data/test/test_000000.wav"
