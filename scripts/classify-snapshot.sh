#!/usr/bin/env bash
# Correctness gate for engine speed work: every evaluation line (eval/*.jsonl, eval/real/dev/*.jsonl,
# eval/real/heldout/*.jsonl) through `deskbot classify`, written to one file to diff against a snapshot taken before a
# change. Three passes over the same lines:
#   1. plain output, language detected (the lines' locales are dropped);
#   2. `--details` (languages with exact probabilities, every candidate with its evidence, corrections, clarify,
#      slots, the decision), language detected;
#   3. `--details`, language given (each line's own locale).
# Engine changes that are meant to be pure speed-ups must leave the file byte-identical.
#
# usage: scripts/classify-snapshot.sh OUT [BIN]      (BIN defaults to .build/release/deskbot)
#        scripts/classify-snapshot.sh /tmp/before.txt && <change> && scripts/classify-snapshot.sh /tmp/after.txt &&
#        cmp /tmp/before.txt /tmp/after.txt
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: $0 OUT [BIN]}
bin=${2:-.build/release/deskbot}
[ -x "$bin" ] || { echo "no executable $bin (swift build -c release)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp" <<'EOF'
import glob, json, sys
tmp = sys.argv[1]
files = sorted(glob.glob("eval/*.jsonl")) + sorted(glob.glob("eval/real/dev/*.jsonl")) + sorted(glob.glob("eval/real/heldout/*.jsonl"))
with open(f"{tmp}/detect.jsonl", "w", encoding="utf-8") as d, open(f"{tmp}/given.jsonl", "w", encoding="utf-8") as g:
    for path in files:
        for number, line in enumerate(open(path, encoding="utf-8"), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            d.write(json.dumps({"text": row["text"]}, ensure_ascii=False) + "\n")
            given = {"text": row["text"]}
            if row.get("locale"):
                given["locale"] = row["locale"]
            g.write(json.dumps(given, ensure_ascii=False) + "\n")
EOF
{
    echo "## plain, language detected ($(wc -l < "$tmp/detect.jsonl") lines)"
    "$bin" classify < "$tmp/detect.jsonl"
    echo "## details, language detected"
    "$bin" classify --details < "$tmp/detect.jsonl"
    echo "## details, language given"
    "$bin" classify --details < "$tmp/given.jsonl"
} > "$out"
echo "$(grep -vc '^## ' "$out") result lines in $out"
