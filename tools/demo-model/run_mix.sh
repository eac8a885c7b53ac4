#!/usr/bin/env bash
# The demo model's second recipe (see README.md, "Second corpus"): modern English and KJV text from Debian packages,
# espeak-ng, flite and festival voices; fine-tunes the shipped model on it, keeping its tokenizer. Run it again with
# the same OUT to resume from $OUT/run/checkpoints/last.pt (the learning-rate schedule counts steps, not minutes).
#   nice -n 19 tools/demo-model/run_mix.sh                                   CPU (slow; resumable)
#   DEVICE=cuda NUM_TRAIN=40000 BATCH_SECONDS=240 tools/demo-model/run_mix.sh   GPU
#   NUM_TRAIN=40 NUM_TEST=14 KJV_TEST=8 MAX_STEPS=6 WARMUP_STEPS=2 EVAL_EVERY=4 SAVE_EVERY=2 BATCH_SECONDS=20 \
#     WORKERS=2 THREADS=2 OUT=/tmp/demo-v2-tiny nice -n 19 tools/demo-model/run_mix.sh           smoke test
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PY="${PY:-/usr/bin/python3}"
OUT="${OUT:-/tmp/demo-v2}"
NUM_TRAIN="${NUM_TRAIN:-6000}"
NUM_TEST="${NUM_TEST:-400}"
WORKERS="${WORKERS:-$(nproc)}"
THREADS="${THREADS:-$(nproc)}"
DEVICE="${DEVICE:-cpu}"
SEED="${SEED:-1234}"
MAX_STEPS="${MAX_STEPS:-4000}"
WARMUP_STEPS="${WARMUP_STEPS:-50}"
LR="${LR:-5e-4}"
BATCH_SECONDS="${BATCH_SECONDS:-60}"
EVAL_EVERY="${EVAL_EVERY:-500}"
SAVE_EVERY="${SAVE_EVERY:-5}"
TIME_MASKS="${TIME_MASKS:-10}"
KJV_TEST="${KJV_TEST:-600}"   # make_data.py's KJV held-out set (its first N sentences; 600 is the shipped model's)
FINETUNE_FROM="${FINETUNE_FROM:-$OUT/shipped.nemo}"   # made from the shipped GGUF when absent

for tool in espeak-ng sox flite text2wave bible; do
    command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install espeak-ng sox flite festival" \
        "festvox-kallpc16k festvox-kdlpc16k festvox-us-slt-hts bible-kjv wordnet-base fortunes fortunes-min" \
        "manpages dict-devil wamerican" >&2; exit 1; }
done

cd "$HERE"
mkdir -p "$OUT"
stamp="$OUT/data/made-$NUM_TRAIN-$NUM_TEST-$SEED"
if [ ! -f "$stamp" ]; then
    echo "== data -> $OUT/data"
    $PY make_mix.py --out "$OUT/data" --num-train "$NUM_TRAIN" --num-test "$NUM_TEST" --workers "$WORKERS" \
        --seed "$SEED"
    touch "$stamp"
fi
if [ ! -f "$OUT/kjv/test_manifest.json" ]; then
    echo "== KJV held-out set -> $OUT/kjv"
    $PY make_data.py --out "$OUT/kjv" --num-train 0 --num-test "$KJV_TEST" --workers "$WORKERS" --seed "$SEED" \
        --splits test
fi
if [ ! -f "$FINETUNE_FROM" ]; then
    $PY gguf_to_nemo.py "$HERE/../../models/demo-fastconformer-ctc.gguf" "$FINETUNE_FROM"
fi
$PY nemo_io.py --extract-tokenizer "$FINETUNE_FROM" "$OUT/data/tokenizer"
echo "== train (resumes from $OUT/run/checkpoints/last.pt if there)"
$PY train.py --data "$OUT/data" --out "$OUT/run" --device "$DEVICE" --threads "$THREADS" --seed "$SEED" \
    --max-steps "$MAX_STEPS" --warmup-steps "$WARMUP_STEPS" --batch-seconds "$BATCH_SECONDS" --lr "$LR" \
    --eval-every "$EVAL_EVERY" --save-every "$SAVE_EVERY" --log-every 10 --time-masks "$TIME_MASKS" \
    --init-from "$FINETUNE_FROM" --resume --resume-position
echo "== export"
$PY export_nemo.py --checkpoint "$OUT/run/model.pt" --tokenizer-dir "$OUT/data/tokenizer" --data "$OUT/data" \
    --seed "$SEED" --out "$OUT/trained.nemo"
$PY round_f16.py "$OUT/trained.nemo" "$OUT/demo-fastconformer-ctc.nemo"
$PY check_nemo.py "$OUT/demo-fastconformer-ctc.nemo" "$OUT/data/test/test_000000.wav"
if command -v dotnet >/dev/null; then
    echo "== GGUF and Warble's WER"
    dotnet run -c Release --project "$HERE/../../src/Warble.Cli" -- convert "$OUT/demo-fastconformer-ctc.nemo" \
        -o "$OUT/demo-fastconformer-ctc.gguf" --type f16
    "$HERE/score_mix.sh" "$OUT/demo-fastconformer-ctc.nemo" "$OUT/data" "$OUT/kjv" "$OUT/score"   # and .nemo = GGUF?
fi
