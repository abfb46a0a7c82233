#!/usr/bin/env python3
"""The ML desk with the same data: TF-IDF character n-grams + logistic regression per locale, trained on the corpora
only (each intent's examples, keywords and phrases; nothing from eval/), with the acceptance threshold on the top
probability chosen by 3-fold cross-validation on the corpora (examples as in-scope, out_of_scope lines as no intent).

usage: pip install scikit-learn pyyaml
       scripts/baseline-tfidf.py [--corpora corpora] [--data eval] [--data eval/real/dev] [--format markdown|json]
"""
import argparse, collections, glob, json, os, sys

import numpy as np
import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline

ap = argparse.ArgumentParser()
ap.add_argument("--corpora", default="corpora")
ap.add_argument("--data", action="append", default=None)
ap.add_argument("--format", default="markdown", choices=["markdown", "json"])
a = ap.parse_args()
data_dirs = a.data or ["eval"]


def entries(items):
    for item in items or []:
        if isinstance(item, dict):
            yield from (str(k) for k in item)
        else:
            yield str(item)


def model():
    return make_pipeline(TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, lowercase=True),
                         OneVsRestClassifier(LogisticRegression(C=10, solver="liblinear", max_iter=1000)))


def train_set(locale):
    doc = yaml.safe_load(open(os.path.join(a.corpora, locale, "intents.yaml"), encoding="utf-8"))
    texts, labels = [], []
    for intent, rule in doc.items():
        if not isinstance(rule, dict):
            continue
        for key in ("examples", "keywords", "phrases", "patterns"):
            for t in entries(rule.get(key)):
                texts.append(t.replace("*", " "))
                labels.append(intent)
    oos_file = os.path.join(a.corpora, locale, "out_of_scope.yaml")
    oos = list(entries((yaml.safe_load(open(oos_file, encoding="utf-8")) or {}).get("out_of_scope"))) if os.path.exists(oos_file) else []
    return texts, labels, oos


def choose_threshold(texts, labels, oos):
    """Cross-validated accuracy (in-scope right, out-of-scope rejected) for each threshold; the best one."""
    y = np.array(labels)
    probs_in, right_in, probs_oos = [], [], []
    counts = collections.Counter(labels)
    keep = [i for i, l in enumerate(labels) if counts[l] >= 2]
    X = [texts[i] for i in keep]
    Y = y[keep]
    oos_folds = [oos[k::3] for k in range(3)]
    for k, (tr, te) in enumerate(StratifiedKFold(3, shuffle=True, random_state=0).split(X, Y)):
        m = model().fit([X[i] for i in tr], Y[tr])
        p = m.predict_proba([X[i] for i in te])
        probs_in += list(p.max(1))
        right_in += list(m.classes_[p.argmax(1)] == Y[te])
        if oos_folds[k]:
            probs_oos += list(m.predict_proba(oos_folds[k]).max(1))
    best = (0, 0.0)
    for t in np.arange(0.0, 0.95, 0.01):
        # Balanced: in-scope lines right and accepted, out-of-scope lines rejected, each half of the score.
        inside = sum(r and p >= t for p, r in zip(probs_in, right_in)) / max(1, len(probs_in))
        outside = sum(p < t for p in probs_oos) / max(1, len(probs_oos))
        acc = 0.5 * inside + 0.5 * outside
        if acc > best[0]:
            best = (acc, float(t))
    return best[1]


rows = collections.defaultdict(list)
for d in data_dirs:
    for f in sorted(glob.glob(os.path.join(d, "*.jsonl"))):
        for line in open(f, encoding="utf-8"):
            r = json.loads(line)
            rows[(d, r["locale"])].append(r)

results = {}
for locale in sorted({loc for _, loc in rows}):
    texts, labels, oos = train_set(locale)
    threshold = choose_threshold(texts, labels, oos)
    m = model().fit(texts, labels)
    for d in data_dirs:
        items = rows.get((d, locale), [])
        if not items:
            continue
        p = m.predict_proba([r["text"] for r in items])
        guess = [m.classes_[i] if q >= threshold else None for i, q in zip(p.argmax(1), p.max(1))]
        right = sum(g == r.get("intent") for g, r in zip(guess, items))
        oos_items = [(g, r) for g, r in zip(guess, items) if r.get("intent") is None]
        fa = sum(g is not None for g, _ in oos_items)
        fa_complaint = sum(g is not None and g.startswith("complaint_") for g, _ in oos_items)
        results[(d, locale)] = dict(lines=len(items), accuracy=right / len(items), threshold=threshold,
                                    oos=len(oos_items), false_accept=fa / len(oos_items) if oos_items else 0.0,
                                    complaint_false_accepts=fa_complaint)

if a.format == "json":
    print(json.dumps({f"{d}:{l}": v for (d, l), v in results.items()}, indent=1))
    sys.exit()
for d in data_dirs:
    print(f"\n{d}\n\n| locale | lines | TF-IDF+LR accuracy | OOS false-accept | complaint FAs | threshold (CV) |\n|---|---|---|---|---|---|")
    for (dd, loc), v in sorted(results.items()):
        if dd == d:
            print(f"| {loc} | {v['lines']} | {100 * v['accuracy']:.1f}% | {100 * v['false_accept']:.1f}% | {v['complaint_false_accepts']} | {v['threshold']:.2f} |")
