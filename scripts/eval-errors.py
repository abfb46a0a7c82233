#!/usr/bin/env python3
"""Lists the lines of labeled JSONL files that `deskbot classify` gets wrong (a development aid).

usage: scripts/eval-errors.py [--bin .build/release/deskbot] [--corpora corpora] [--detect] FILE...
"""
import argparse, json, subprocess, sys

ap = argparse.ArgumentParser()
ap.add_argument("--bin", default=".build/release/deskbot")
ap.add_argument("--corpora", default="corpora")
ap.add_argument("--detect", action="store_true", help="let the engine identify the language")
ap.add_argument("files", nargs="+")
a = ap.parse_args()
rows = [json.loads(l) for f in a.files for l in open(f, encoding="utf-8") if l.strip()]
inp = "".join(json.dumps({"text": r["text"], **({} if a.detect else {"locale": r.get("locale")})}) + "\n" for r in rows)
out = subprocess.run([a.bin, "classify", "--corpora", a.corpora], input=inp, capture_output=True, text=True).stdout
wrong = 0
for r, line in zip(rows, out.splitlines()):
    got = json.loads(line)
    ok = got.get("intent") == r.get("intent") and (not a.detect or got.get("locale") == r.get("locale"))
    if not ok:
        wrong += 1
        print(f'{r.get("locale")}\t{r.get("kind","")}\twant={r.get("intent")}\tgot={got.get("intent")}@{got.get("locale")}\t{r["text"]}')
print(f"{wrong} of {len(rows)} wrong", file=sys.stderr)
