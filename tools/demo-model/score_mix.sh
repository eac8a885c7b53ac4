#!/usr/bin/env bash
# Scores a demo model (.nemo or .gguf) with Warble on the held-out sets of run_mix.sh: the everyday-English set from
# held-out voices (per synthesizer, voice, accent, source) and make_data.py's KJV held-out set, where present.
#   tools/demo-model/score_mix.sh MODEL DATA_DIR KJV_DIR RESULT_DIR
#   tools/demo-model/score_mix.sh models/demo-fastconformer-ctc.gguf /tmp/demo-v2/data /tmp/demo-v2/kjv /tmp/shipped
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PY="${PY:-/usr/bin/python3}"
MODEL="$1" DATA="$2" KJV_DIR="$3" RESULT="$4"
WARBLE="${WARBLE:-dotnet run -c Release --project $HERE/../../src/Warble.Cli --}"

mkdir -p "$RESULT"
for set in data:"$DATA" kjv:"$KJV_DIR"; do
    name="${set%%:*}" dir="${set#*:}"
    [ -f "$dir/test_manifest.json" ] || continue
    rm -rf "$RESULT/$name-json"
    $WARBLE transcribe "$dir"/test/*.wav -m "$MODEL" --format json --output-dir "$RESULT/$name-json" > /dev/null
    (cd "$HERE" && $PY score.py "$dir/test_manifest.json" "$RESULT/$name-json") | tee "$RESULT/$name-wer.txt"
done
