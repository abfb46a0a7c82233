#!/usr/bin/env python3
"""Counts, per folder of labelled JSONL lines, the off-topic lines a DeskBot binary accepts, and how many of those
would start a complaint (a `complaint_*` intent other than complaint_status). Language given, as `deskbot eval`.

usage: scripts/complaint-false-accepts.py BINARY FOLDER...   (e.g. .build/release/deskbot eval/real/unseen)
"""
import glob, json, subprocess, sys

binary = sys.argv[1]
for folder in sys.argv[2:]:
    rows = [json.loads(l) for f in sorted(glob.glob(folder + "/*.jsonl")) for l in open(f, encoding="utf-8") if l.strip()]
    feed = "".join(json.dumps({"text": r["text"], "locale": r["locale"]}) + "\n" for r in rows)
    out = subprocess.run([binary, "classify", "--db", ":memory:"], input=feed, capture_output=True, text=True, check=True)
    got = [json.loads(x).get("intent") for x in out.stdout.splitlines()]
    off = [(r, g) for r, g in zip(rows, got) if r.get("intent") is None]
    accepted = [g for _, g in off if g]
    complaints = [g for g in accepted if g.startswith("complaint_") and g != "complaint_status"]
    print(f"{folder}: {len(rows)} lines, {len(off)} off-topic, {len(accepted)} accepted, {len(complaints)} would start a complaint")
