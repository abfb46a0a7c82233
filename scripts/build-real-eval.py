#!/usr/bin/env python3
"""Samples real, human-written text per locale from public corpora into eval/real/{dev,heldout}/<locale>.jsonl.

The sources are git mirrors of public repositories (see eval/real/PROVENANCE.md for each one's origin and licence).
Sampling is deterministic (seeded by locale), lines are de-duplicated and kept between 3 and 280 characters, and each
locale's sample is split in two halves: dev (may be looked at while working on the engine) and heldout (evaluated once,
never used for tuning). Every line starts with intent null (off-topic); lines that truly ask the desk something are
labeled afterwards in eval/real/labels.tsv (locale, text, intent), applied by this script.

usage: scripts/build-real-eval.py --mirrors /work/.mirror [--per-locale 240]
"""
import argparse, csv, io, json, os, random, re, subprocess, sys

ap = argparse.ArgumentParser()
ap.add_argument("--mirrors", default="/work/.mirror")
ap.add_argument("--per-locale", type=int, default=240)
ap.add_argument("--out", default="eval/real")
a = ap.parse_args()


def show(repo, path):
    git = os.path.join(a.mirrors, repo, "repo")
    if not os.path.isdir(os.path.join(git, "objects")) and os.path.isdir(os.path.join(git, ".git")):
        git = os.path.join(git, ".git")
    return subprocess.run(["git", "-C", git, "show", f"HEAD:{path}"], capture_output=True, check=True).stdout.decode("utf-8", "replace")


def conllu(repo, files):
    out = []
    for f in files:
        for line in show(repo, f).splitlines():
            if line.startswith("# text = "):
                out.append(line[len("# text = "):])
    return out


def tsv_column(repo, path, column, header=True, delimiter="\t"):
    rows = list(csv.reader(io.StringIO(show(repo, path)), delimiter=delimiter))
    return [r[column] for r in (rows[1:] if header else rows) if len(r) > column]


def lines(repo, path):
    return [l for l in show(repo, path).splitlines() if l.strip()]


UD = "UniversalDependencies+"
AS = "afrisenti-semeval+afrisent-semeval-2023"
SOURCES = {
    # locale: [(source id, texts, share)]
    "en": [
        ("sms-spam-collection", [r.split("\t", 1)[1] for r in lines("hamzaaacodes+sms-spam-collection", "SMSSpamCollection")
                                 if r.startswith("ham\t")], 0.5),
        ("ud-english-ewt", conllu(UD + "UD_English-EWT", ["en_ewt-ud-test.conllu", "en_ewt-ud-dev.conllu"]), 0.5),
    ],
    "es": [("ud-spanish-gsd", conllu(UD + "UD_Spanish-GSD", ["es_gsd-ud-test.conllu", "es_gsd-ud-dev.conllu"]), 1.0)],
    "fr": [("ud-french-gsd", conllu(UD + "UD_French-GSD", ["fr_gsd-ud-test.conllu", "fr_gsd-ud-dev.conllu"]), 1.0)],
    "pt": [("afrisenti-pt", tsv_column(AS, "SubtaskA/dev/pt_dev.tsv", 1) + tsv_column(AS, "SubtaskA/test/pt_test.tsv", 1), 1.0)],
    "sw": [("afrisenti-sw", tsv_column(AS, "SubtaskA/dev/sw_dev.tsv", 1) + tsv_column(AS, "SubtaskA/test/sw_test.tsv", 1), 1.0)],
    "ar": [
        ("afrisenti-ma", tsv_column(AS, "SubtaskA/dev/ma_dev.tsv", 1) + tsv_column(AS, "SubtaskA/test/ma_test.tsv", 1), 0.5),
        ("afrisenti-dz", tsv_column(AS, "SubtaskA/dev/dz_dev.tsv", 1) + tsv_column(AS, "SubtaskA/test/dz_test.tsv", 1), 0.5),
    ],
    "hi": [("ud-hindi-pud", conllu(UD + "UD_Hindi-PUD", ["hi_pud-ud-test.conllu"]), 1.0)],
    "ur": [
        ("urdu-sentiment-corpus", tsv_column("MuhammadYaseenKhan+Urdu-Sentiment-Corpus", "urdu-sentiment-corpus-v1.tsv", 0), 0.5),
        ("ud-urdu-udtb", conllu(UD + "UD_Urdu-UDTB", ["ur_udtb-ud-test.conllu"]), 0.5),
    ],
    "ur-Latn": [
        ("roman-urdu-dataset", tsv_column("Lovely-Professional-University-CSE+major-project-ca-1-roman-urdu-dataset",
                                          "Roman Urdu DataSet.csv", 0, header=False, delimiter=","), 1.0),
    ],
    "zu": [
        ("safrisenti-zulu", tsv_column("NLPforLRLsProjects+SAfriSenti-Corpus", "zulu_tweets.csv", 0, delimiter=","), 0.67),
        ("lacuna-zul", lines("masakhane-io+lacuna_pos_ner", "language_corpus/zul/zul.txt"), 0.33),
    ],
    "af": [("ud-afrikaans-afribooms", conllu(UD + "UD_Afrikaans-AfriBooms", ["af_afribooms-ud-test.conllu", "af_afribooms-ud-dev.conllu"]), 1.0)],
}


def clean(text):
    text = text.replace("\u2028", " ").replace("\r", " ").replace("\n", " ").strip()
    # Keep the writing as it is; only the anonymised mentions and links carry nothing.
    text = re.sub(r"@user\b", "", text)
    text = re.sub(r"https?://\S+", "", text)
    return re.sub(r"\s+", " ", text).strip()


labels = {}
label_file = os.path.join(a.out, "labels.tsv")
if os.path.exists(label_file):
    for row in csv.reader(open(label_file, encoding="utf-8"), delimiter="\t"):
        if len(row) >= 3 and not row[0].startswith("#"):
            labels[(row[0], row[1])] = row[2] or None

os.makedirs(os.path.join(a.out, "dev"), exist_ok=True)
os.makedirs(os.path.join(a.out, "heldout"), exist_ok=True)
summary = []
for locale, sources in SOURCES.items():
    rng = random.Random("deskbot-real-" + locale)
    picked, seen = [], set()
    for source, texts, share in sources:
        want = round(a.per_locale * share)
        pool = []
        for t in texts:
            t = clean(t)
            if 3 <= len(t) <= 280 and t.lower() not in seen and re.search(r"\w{2}", t):
                pool.append(t)
                seen.add(t.lower())
        rng.shuffle(pool)
        picked += [(source, t) for t in pool[:want]]
        summary.append((locale, source, len(texts), min(want, len(pool))))
    rng.shuffle(picked)
    half = len(picked) // 2
    for part, rows in (("dev", picked[:half]), ("heldout", picked[half:])):
        with open(os.path.join(a.out, part, f"{locale}.jsonl"), "w", encoding="utf-8") as f:
            for source, t in rows:
                f.write(json.dumps({"text": t, "locale": locale, "intent": labels.get((locale, t)), "kind": "real",
                                    "source": source}, ensure_ascii=False) + "\n")
for locale, source, available, taken in summary:
    print(f"{locale}\t{source}\t{available} lines available\t{taken} sampled", file=sys.stderr)
