#!/usr/bin/env bash
# One command: data -> tokenizer -> train -> export -> check. See README.md for time and hardware.
#   DEVICE=cuda RESUME_MINUTES=8 tools/demo-model/run.sh   the shipped model's recipe (GPU; about 18 min on an H100)
#   DEVICE=cuda NUM_TRAIN=41019 FINETUNE_FROM=/tmp/demo-model/demo-fastconformer-ctc.nemo MAX_MINUTES=17 \
#     OUT=/tmp/demo-ft tools/demo-model/run.sh       then the shipped model's third phase: fine-tune on all sentences
#   MAX_MINUTES=120 tools/demo-model/run.sh                  CPU with a 2 h budget (far fewer steps: a weaker model)
#   NUM_TRAIN=40 NUM_TEST=12 MAX_STEPS=20 WARMUP_STEPS=5 EVAL_EVERY=10 BATCH_SECONDS=40 MAX_MINUTES=0 \
#     OUT=/tmp/demo-tiny tools/demo-model/run.sh  smoke test (a few minutes)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PY="${PY:-/usr/bin/python3}"
OUT="${OUT:-/tmp/demo-model}"
NUM_TRAIN="${NUM_TRAIN:-30000}"
NUM_TEST="${NUM_TEST:-600}"
VOCAB_SIZE="${VOCAB_SIZE:-256}"
WORKERS="${WORKERS:-$(nproc)}"
THREADS="${THREADS:-$(nproc)}"      # PyTorch CPU threads of the training process
DEVICE="${DEVICE:-cpu}"
MAX_STEPS="${MAX_STEPS:-100000}"
WARMUP_STEPS="${WARMUP_STEPS:-1000}"
BATCH_SECONDS="${BATCH_SECONDS:-240}"
EVAL_EVERY="${EVAL_EVERY:-1000}"
LR="${LR:-1e-3}"
RESUME_MINUTES="${RESUME_MINUTES:-0}"   # a second phase: resume with a fresh warmup + decay over this many minutes
RESUME_LR="${RESUME_LR:-7e-4}"
SEED="${SEED:-1234}"
MAX_MINUTES="${MAX_MINUTES:-6}"
FINETUNE_FROM="${FINETUNE_FROM:-}"  # a .nemo to start from (its tokenizer is kept; no tokenizer training)
TIME_MASKS="${TIME_MASKS:-10}"
KJV="${KJV:-}"            # a saved `bible -f gen1:1-rev22:21` (for machines without bible-kjv)

for tool in espeak-ng sox $([ -n "$KJV" ] || echo bible); do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install espeak-ng sox bible-kjv)" >&2; exit 1; }
done

cd "$HERE"
echo "== data -> $OUT/data"
$PY make_data.py --out "$OUT/data" --num-train "$NUM_TRAIN" --num-test "$NUM_TEST" --workers "$WORKERS" --seed "$SEED" \
    ${KJV:+--kjv "$KJV"}
echo "== tokenizer"
if [ -n "$FINETUNE_FROM" ]; then
    $PY nemo_io.py --extract-tokenizer "$FINETUNE_FROM" "$OUT/data/tokenizer"
else
    $PY train_tokenizer.py --text "$OUT/data/train_text.txt" --out "$OUT/data/tokenizer" --vocab-size "$VOCAB_SIZE"
fi
echo "== train"
$PY train.py --data "$OUT/data" --out "$OUT/run" --device "$DEVICE" --threads "$THREADS" --seed "$SEED" --max-steps "$MAX_STEPS" \
    --warmup-steps "$WARMUP_STEPS" --batch-seconds "$BATCH_SECONDS" --eval-every "$EVAL_EVERY" \
    --max-minutes "$MAX_MINUTES" --lr "$LR" --time-masks "$TIME_MASKS" ${FINETUNE_FROM:+--init-from "$FINETUNE_FROM"}
if [ "$RESUME_MINUTES" != 0 ]; then
    echo "== train, second phase"
    $PY train.py --data "$OUT/data" --out "$OUT/run" --device "$DEVICE" --threads "$THREADS" --seed "$SEED" --max-steps "$MAX_STEPS" \
        --warmup-steps "$WARMUP_STEPS" --batch-seconds "$BATCH_SECONDS" --eval-every "$EVAL_EVERY" \
        --max-minutes "$RESUME_MINUTES" --lr "$RESUME_LR" --time-masks "$TIME_MASKS" --resume
fi
echo "== export"
$PY export_nemo.py --checkpoint "$OUT/run/model.pt" --tokenizer-dir "$OUT/data/tokenizer" --data "$OUT/data" \
    --seed "$SEED" --out "$OUT/trained.nemo"
$PY round_f16.py "$OUT/trained.nemo" "$OUT/demo-fastconformer-ctc.nemo"
echo "== check"
$PY check_nemo.py "$OUT/demo-fastconformer-ctc.nemo" "$OUT/data/test/test_000000.wav"
if command -v dotnet >/dev/null; then
    echo "== GGUF"
    dotnet run -c Release --project "$HERE/../../src/Warble.Cli" -- convert "$OUT/demo-fastconformer-ctc.nemo" \
        -o "$OUT/demo-fastconformer-ctc.gguf" --type f16
fi
