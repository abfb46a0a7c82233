#!/usr/bin/env python3
"""Language identification side by side: DeskBot vs langid.py, CLD2 (pycld2) and lingua, per locale.

Every peer is restricted to DeskBot's languages (af ar en es fr hi pt sw ur zu); Roman Urdu (ur-Latn) counts as right
for a peer when it says Urdu or Hindi (no peer has a Roman Urdu model), and right for DeskBot only as `ur-Latn`.
DeskBot runs as one `deskbot classify` process with the language left to detect (no hints, no conversation).

usage: pip install langid pycld2 lingua-language-detector
       scripts/peers-langid.py [--bin .build/release/deskbot] [--kind codeswitch] FILE_OR_DIR...
"""
import argparse, collections, glob, json, os, subprocess, sys

ap = argparse.ArgumentParser()
ap.add_argument("--bin", default=".build/release/deskbot")
ap.add_argument("--kind", help="only lines of this kind (e.g. codeswitch)")
ap.add_argument("--source", help="only lines from this source (e.g. safrisenti-zulu)")
ap.add_argument("--format", default="markdown", choices=["markdown", "json"])
ap.add_argument("paths", nargs="+")
a = ap.parse_args()

files = []
for p in a.paths:
    files += sorted(glob.glob(os.path.join(p, "*.jsonl"))) if os.path.isdir(p) else [p]
rows = [json.loads(l) for f in files for l in open(f, encoding="utf-8") if l.strip()]
rows = [r for r in rows if (not a.kind or r.get("kind") == a.kind) and (not a.source or r.get("source") == a.source)]
if not rows:
    sys.exit("no lines")

OURS = ["af", "ar", "en", "es", "fr", "hi", "pt", "sw", "ur", "zu"]


def right(locale, said):
    if locale == "ur-Latn":
        return said in ("ur", "hi", "ur-Latn")
    return said == locale


# DeskBot
inp = "".join(json.dumps({"text": r["text"]}, ensure_ascii=False) + "\n" for r in rows)
out = subprocess.run([a.bin, "classify"], input=inp, capture_output=True, text=True, check=True).stdout.splitlines()
deskbot = [json.loads(l).get("locale") for l in out]

# langid.py
import langid

langid.set_languages(OURS)
lid = [langid.classify(r["text"])[0] for r in rows]

# CLD2: the best of our languages among its top three
import pycld2

def cld2(text):
    try:
        _, _, details = pycld2.detect(text, bestEffort=True)
    except Exception:
        return None
    for name, code, percent, score in details:
        code = code.split("-")[0]
        if code in OURS and percent > 0:
            return code
    return None

cld = [cld2(r["text"]) for r in rows]

# lingua
from lingua import Language, LanguageDetectorBuilder

LINGUA = {Language.AFRIKAANS: "af", Language.ARABIC: "ar", Language.ENGLISH: "en", Language.SPANISH: "es",
          Language.FRENCH: "fr", Language.HINDI: "hi", Language.PORTUGUESE: "pt", Language.SWAHILI: "sw",
          Language.URDU: "ur", Language.ZULU: "zu"}
detector = LanguageDetectorBuilder.from_languages(*LINGUA).build()
lin = [LINGUA.get(detector.detect_language_of(r["text"])) for r in rows]

table = collections.defaultdict(lambda: collections.Counter())
for r, d, l, c, g in zip(rows, deskbot, lid, cld, lin):
    loc = r["locale"]
    t = table[loc]
    t["n"] += 1
    t["deskbot"] += d == loc
    t["langid"] += right(loc, l)
    t["cld2"] += right(loc, c)
    t["lingua"] += right(loc, g)
if a.format == "json":
    print(json.dumps(table, indent=1))
    sys.exit()
print("| locale | lines | DeskBot | lingua | langid.py | CLD2 |")
print("|---|---|---|---|---|---|")
total = collections.Counter()
for loc in sorted(table):
    t = table[loc]
    total.update(t)
    pct = lambda k: f"{100 * t[k] / t['n']:.1f}%"
    print(f"| {loc} | {t['n']} | {pct('deskbot')} | {pct('lingua')} | {pct('langid')} | {pct('cld2')} |")
pct = lambda k: f"{100 * total[k] / total['n']:.1f}%"
print(f"| all | {total['n']} | {pct('deskbot')} | {pct('lingua')} | {pct('langid')} | {pct('cld2')} |")
