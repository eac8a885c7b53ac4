#!/usr/bin/env bash
# Scores a demo model with Warble on the held-out sets of run_mix.sh: the everyday-English set from held-out voices
# (per synthesizer, voice, accent, source) and make_data.py's KJV held-out set, where present. MODEL is a .gguf, a
# .nemo, or a train.py checkpoint (.pt: exported with DATA's tokenizer and rounded to f16 first); for a .nemo or .pt
# the GGUF is made with `warble convert --type f16` and the .nemo's transcripts are compared with it token for token.
#   tools/demo-model/score_mix.sh MODEL DATA_DIR KJV_DIR RESULT_DIR
#   tools/demo-model/score_mix.sh models/demo-fastconformer-ctc.gguf /tmp/demo-v2/data /tmp/demo-v2/kjv /tmp/shipped
#   tools/demo-model/score_mix.sh /tmp/demo-v2/run/checkpoints/last.pt /tmp/demo-v2/data /tmp/demo-v2/kjv /tmp/last
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PY="${PY:-/usr/bin/python3}"
MODEL="$(realpath "$1")" DATA="$(realpath "$2")" KJV_DIR="$3" RESULT="$4"
WARBLE="${WARBLE:-dotnet run -c Release --project $HERE/../../src/Warble.Cli --}"

mkdir -p "$RESULT"
RESULT="$(realpath "$RESULT")"
NEMO=""
if [[ "$MODEL" == *.pt ]]; then
    (cd "$HERE" && $PY export_nemo.py --checkpoint "$MODEL" --tokenizer-dir "$DATA/tokenizer" --data "$DATA" \
        --out "$RESULT/model-f32.nemo" && $PY round_f16.py "$RESULT/model-f32.nemo" "$RESULT/model.nemo")
    NEMO="$RESULT/model.nemo"
elif [[ "$MODEL" == *.nemo ]]; then
    NEMO="$MODEL"
fi
if [ -n "$NEMO" ]; then
    $WARBLE convert "$NEMO" -o "$RESULT/model.gguf" --type f16 > /dev/null
    MODEL="$RESULT/model.gguf"
fi
for set in data:"$DATA" kjv:"$KJV_DIR"; do
    name="${set%%:*}" dir="${set#*:}"
    [ -f "$dir/test_manifest.json" ] || continue
    rm -rf "$RESULT/$name-json" "$RESULT/$name-nemo-json"
    $WARBLE transcribe "$dir"/test/*.wav -m "$MODEL" --format json --output-dir "$RESULT/$name-json" \
        > "$RESULT/$name-warble.log" 2>&1
    other=""
    if [ -n "$NEMO" ]; then
        $WARBLE transcribe "$dir"/test/*.wav -m "$NEMO" --format json --output-dir "$RESULT/$name-nemo-json" \
            > "$RESULT/$name-nemo-warble.log" 2>&1
        other="$RESULT/$name-nemo-json"
    fi
    (cd "$HERE" && $PY score.py "$dir/test_manifest.json" "$RESULT/$name-json" $other) | tee "$RESULT/$name-wer.txt"
done
