#!/usr/bin/env python3
"""Throughput: `deskbot classify` as a whole process (JSON lines in and out, language detected) vs flashtext's
KeywordProcessor over the corpus keywords and phrases with a keyword vote (a pure trie, no normalization, language
given), on the same messages in the same run.

`deskbot classify` keeps parsed hunspell dictionaries in a cache (~/.cache/deskbot/lexicons, see README); the script
makes sure it exists before timing (the timed run still builds the whole engine, reading the cached lexicons), and
with --cold also times a run without it (DESKBOT_LEXICON_CACHE=off: every dictionary parsed from the .dic/.aff).

usage: pip install flashtext pyyaml
       scripts/flashtext-bench.py [--bin .build/release/deskbot] [--repeat 100] [--data eval] [--cold]
"""
import argparse, collections, glob, json, os, resource, subprocess, time

import yaml
from flashtext import KeywordProcessor

ap = argparse.ArgumentParser()
ap.add_argument("--bin", default=".build/release/deskbot")
ap.add_argument("--corpora", default="corpora")
ap.add_argument("--data", default="eval")
ap.add_argument("--repeat", type=int, default=100)
ap.add_argument("--cold", action="store_true", help="also time deskbot without its lexicon cache")
a = ap.parse_args()

rows = [json.loads(l) for f in sorted(glob.glob(os.path.join(a.data, "*.jsonl"))) for l in open(f, encoding="utf-8")]
messages = rows * a.repeat


def entries(items):
    for item in items or []:
        yield from (str(k) for k in item) if isinstance(item, dict) else [str(item)]


processors = {}
for locale in {r["locale"] for r in rows}:
    kp = KeywordProcessor(case_sensitive=False)
    doc = yaml.safe_load(open(os.path.join(a.corpora, locale, "intents.yaml"), encoding="utf-8"))
    for intent, rule in doc.items():
        if isinstance(rule, dict):
            for key in ("keywords", "phrases"):
                for t in entries(rule.get(key)):
                    kp.add_keyword(t, intent)
    processors[locale] = kp

start = time.perf_counter()
flash_cpu0 = time.process_time()
right = 0
for r in messages:
    votes = collections.Counter(processors[r["locale"]].extract_keywords(r["text"]))
    guess = votes.most_common(1)[0][0] if votes else None
    right += guess == r.get("intent")
flash_s = time.perf_counter() - start
flash_cpu = time.process_time() - flash_cpu0


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


payload = "".join(json.dumps({"text": r["text"]}, ensure_ascii=False) + "\n" for r in messages).encode()
# The lexicon cache is made by any run; an empty one makes sure it is there (and shows the engine build alone).
start = time.perf_counter()
subprocess.run([a.bin, "classify", "--corpora", a.corpora], input=b"", capture_output=True, check=True)
build_s = time.perf_counter() - start
start = time.perf_counter()
cpu0 = children_cpu()
out = subprocess.run([a.bin, "classify", "--corpora", a.corpora], input=payload, capture_output=True, check=True).stdout
desk_s = time.perf_counter() - start
desk_cpu = children_cpu() - cpu0
cold_s = None
if a.cold:
    start = time.perf_counter()
    subprocess.run([a.bin, "classify", "--corpora", a.corpora], input=payload, capture_output=True, check=True,
                   env=dict(os.environ, DESKBOT_LEXICON_CACHE="off"))
    cold_s = time.perf_counter() - start
lines = out.count(b"\n")
n = len(messages)
print(f"| engine | messages | seconds | messages/s | accuracy on these lines |")
print(f"|---|---|---|---|---|")
print(f"| flashtext KeywordProcessor + vote (language given, in-process) | {n} | {flash_s:.2f} | {n / flash_s:,.0f} | {100 * right / n:.1f}% |")
got = [json.loads(l) for l in out.decode().splitlines()]
dr = sum(g.get("intent") == r.get("intent") for g, r in zip(got, messages))
print(f"| deskbot classify (whole process incl. engine build, language detected) | {lines} | {desk_s:.2f} | {lines / desk_s:,.0f} | {100 * dr / n:.1f}% |")
if cold_s is not None:
    print(f"| deskbot classify, no lexicon cache (every dictionary parsed) | {lines} | {cold_s:.2f} | {lines / cold_s:,.0f} | (same) |")
print(f"\nratio deskbot/flashtext: {flash_s / desk_s:.2f}×  (deskbot engine build alone, empty input: {build_s:.2f} s)")
# On a shared machine wall time depends on what else runs; CPU time (user + system, all threads) much less so.
print(f"CPU seconds: flashtext {flash_cpu:.2f} ({n / flash_cpu:,.0f} messages per CPU-second), "
      f"deskbot {desk_cpu:.2f} ({lines / desk_cpu:,.0f} per CPU-second); CPU ratio {flash_cpu / desk_cpu:.2f}×")
