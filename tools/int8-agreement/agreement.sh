#!/usr/bin/env bash
# Token agreement of `--compute int8` with `--compute f32`: transcribes the same audio once per mode (one CLI process
# each, every file in it) with `--format json`, then compares each file's tokens by edit distance.
#
#   tools/int8-agreement/agreement.sh [-m MODEL] [--cli WARBLE_CLI_DLL] [--keep DIR] [-- EXTRA CLI ARGS] \
#       (--manifest NEMO_MANIFEST.json | AUDIO...)
#
# agreement = 1 − Σ edit distance / Σ f32 tokens, over all files; also the files with any difference. Per-file rows
# with a difference go to standard error. With a manifest, also each mode's word error rate against its "text" and
# one row per value of its "synth" field (when present). Without -m the CLI uses its demo model. Needs dotnet and
# python3.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
cli="$root/src/Warble.Cli/bin/Release/net10.0/Warble.Cli.dll"
model=()
manifest=""
keep=""
extra=()
audio=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -m|--model) model=(-m "$2"); shift 2 ;;
    --cli) cli="$2"; shift 2 ;;
    --manifest) manifest="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    *) audio+=("$1"); shift ;;
  esac
done

if [[ -n "$manifest" ]]; then
  mapfile -t -O "${#audio[@]}" audio < <(python3 -c 'import json,sys
for line in open(sys.argv[1]):
    if line.strip(): print(json.loads(line)["audio_filepath"])' "$manifest")
fi
if [[ ${#audio[@]} -eq 0 ]]; then
  echo "usage: $0 [-m MODEL] [--cli DLL] [--keep DIR] [-- CLI ARGS] (--manifest FILE | AUDIO...)" >&2
  exit 2
fi

work="${keep:-$(mktemp -d)}"
[[ -z "$keep" ]] && trap 'rm -rf "$work"' EXIT
for mode in f32 int8; do
  mkdir -p "$work/$mode"
  start=$(date +%s.%N)
  dotnet "$cli" transcribe "${audio[@]}" "${model[@]}" --compute "$mode" --format json --output-dir "$work/$mode" -q \
    --verbose false "${extra[@]}" > /dev/null 2> "$work/$mode.log" || { cat "$work/$mode.log" >&2; exit 1; }
  echo "$mode: ${#audio[@]} files in $(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$start" "$(date +%s.%N)") s" >&2
done

python3 - "$work" "$manifest" "${audio[@]}" <<'EOF'
import collections, json, os, re, sys

def edits(a, b):
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (x != y))
    return row[-1]

def words(text):
    return re.sub(r"[^a-z' ]", " ", text.lower()).split()

work, manifest, files = sys.argv[1], sys.argv[2], sys.argv[3:]
entries = {}
if manifest:
    for line in open(manifest):
        if line.strip():
            e = json.loads(line)
            entries[e["audio_filepath"]] = e
groups = collections.defaultdict(lambda: [0] * 7)  # files, f32 tokens, edits, differing, words, f32 word edits, int8 word edits
for audio in files:
    stem = os.path.splitext(os.path.basename(audio))[0]
    runs = [json.load(open(os.path.join(work, mode, stem + ".json"))) for mode in ("f32", "int8")]
    a, b = ([t for s in r["segments"] for t in s["tokens"]] for r in runs)
    d = edits(a, b)
    row = [1, len(a), d, d > 0, 0, 0, 0]
    if audio in entries:
        truth = words(entries[audio]["text"])
        row[4:] = [len(truth)] + [edits(truth, words(r["text"])) for r in runs]
    for key in ["all"] + ([entries[audio].get("synth", "")] if audio in entries and "synth" in entries[audio] else []):
        groups[key] = [x + y for x, y in zip(groups[key], row)]
    if d:
        print(f"  {stem}: {len(a)} f32 tokens, {d} edits", file=sys.stderr)
for key, (n, total, distance, differing, count, f32, int8) in groups.items():
    line = f"{key}: files {n}, f32 tokens {total}, int8 edits {distance}, agreement {1 - distance / max(1, total):.2%}, files differing {differing}"
    if count:
        line += f"; WER f32 {f32 / count:.2%}, int8 {int8 / count:.2%} ({count} words)"
    print(line)
EOF
