#!/usr/bin/env python3
"""Accuracy of `deskbot classify` per locale and per line kind (clean, typo, codeswitch, oos) on labeled JSON lines,
with each line's own locale given — the breakdown of `deskbot eval --data eval` by the lines' `kind` field.

Usage: python3 scripts/eval-by-kind.py [--bin .build/release/deskbot] [eval/*.jsonl ...]"""
import argparse, collections, glob, json, subprocess

ap = argparse.ArgumentParser()
ap.add_argument("--bin", default=".build/release/deskbot")
ap.add_argument("files", nargs="*")
a = ap.parse_args()
files = a.files or sorted(glob.glob("eval/*.jsonl"))
rows = [json.loads(l) for f in files for l in open(f, encoding="utf-8") if l.strip()]
inp = "".join(json.dumps({"text": r["text"], "locale": r.get("locale")}) + "\n" for r in rows)
out = subprocess.run([a.bin, "classify", "--db", ":memory:"], input=inp, capture_output=True, text=True, check=True).stdout.splitlines()
assert len(out) == len(rows)
per = collections.defaultdict(lambda: collections.defaultdict(lambda: [0, 0]))
kinds = []
for r, o in zip(rows, out):
    got = json.loads(o).get("intent")
    kind = r.get("kind", "?")
    if kind not in kinds: kinds.append(kind)
    for key in (r.get("locale") or "?", "all"):
        per[key][kind][0] += 1
        per[key][kind][1] += got == r.get("intent")
def pct(c): return f"{100 * c[1] / c[0]:.1f}%" if c[0] else "—"
print("| locale | " + " | ".join(kinds) + " | typo loss (clean − typo, points) |")
print("|---" * (len(kinds) + 2) + "|")
for loc in sorted(k for k in per if k != "all") + ["all"]:
    k = per[loc]
    loss = ""
    if k["clean"][0] and k["typo"][0]:
        loss = f"{100 * (k['clean'][1] / k['clean'][0] - k['typo'][1] / k['typo'][0]):.1f}"
    print(f"| {loc} | " + " | ".join(pct(k[n]) for n in kinds) + f" | {loss} |")
