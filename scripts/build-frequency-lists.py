#!/usr/bin/env python3
"""Writes corpora/lexicons/<locale>.freq.txt: each locale's most frequent words in ordinary text, most frequent first.

The engine reads them (1) to tell generic keywords — words ordinary text uses a lot ("call", "help", "night") — from
specific ones, and (2) as known words that typo correction leaves alone, where no hunspell dictionary exists.

Sources: the `wordfreq` package's lists (ar en es fr hi pt ur; data CC BY-SA 4.0) and, for af sw zu ur-Latn, word
counts over public real text that is NOT in eval/real (the same sources' other portions: UD Afrikaans AfriBooms train,
AfriSenti Swahili train, SAfriSenti isiZulu tweets and Lacuna isiZulu news minus every eval/real line, the Roman Urdu
data set minus every eval/real line).

usage: scripts/build-frequency-lists.py --mirrors /work/.mirror [--top 3000]
"""
import argparse, collections, csv, glob, io, json, os, re, subprocess, unicodedata

ap = argparse.ArgumentParser()
ap.add_argument("--mirrors", default="/work/.mirror")
ap.add_argument("--top", type=int, default=3000)
ap.add_argument("--out", default="corpora/lexicons")
a = ap.parse_args()


def show(repo, path):
    git = os.path.join(a.mirrors, repo, "repo")
    if not os.path.isdir(os.path.join(git, "objects")) and os.path.isdir(os.path.join(git, ".git")):
        git = os.path.join(git, ".git")
    return subprocess.run(["git", "-C", git, "show", f"HEAD:{path}"], capture_output=True, check=True).stdout.decode("utf-8", "replace")


def fold(word):
    # Lower case only: the engine folds every word of the list the way it folds messages.
    return unicodedata.normalize("NFC", word.casefold())


def is_word(w):
    return len(w) > 1 and not any(ch.isdigit() or unicodedata.category(ch)[0] in "PSZ" for ch in w)


evaluated = set()
for f in glob.glob("eval/real/*/*.jsonl"):
    for line in open(f, encoding="utf-8"):
        evaluated.add(json.loads(line)["text"].strip().lower())


def texts_excluding_eval(texts):
    return [t for t in texts if re.sub(r"\s+", " ", re.sub(r"https?://\S+|@user\b", "", t)).strip().lower() not in evaluated]


def count(texts):
    c = collections.Counter()
    for t in texts:
        for w in re.split(r"[\s.,;:!?()\"“”‘’«»/\\|\[\]{}<>*#@&+=~^%$-]+", t):
            w = fold(w.strip("'"))
            if is_word(w):
                c[w] += 1
    return [w for w, n in c.most_common(a.top) if n >= 2]


def conllu_texts(repo, path):
    return [l[9:] for l in show(repo, path).splitlines() if l.startswith("# text = ")]


def column(repo, path, i, delimiter):
    return [r[i] for r in list(csv.reader(io.StringIO(show(repo, path)), delimiter=delimiter))[1:] if len(r) > i]


os.makedirs(a.out, exist_ok=True)
lists = {}
try:
    import wordfreq

    for locale in ["ar", "en", "es", "fr", "hi", "pt", "ur"]:
        lists[locale] = [fold(w) for w in wordfreq.top_n_list(locale, a.top) if is_word(w)]
except ImportError:
    print("wordfreq is not installed: pip install wordfreq")
AS = "afrisenti-semeval+afrisent-semeval-2023"
lists["af"] = count(conllu_texts("UniversalDependencies+UD_Afrikaans-AfriBooms", "af_afribooms-ud-train.conllu"))
lists["sw"] = count(texts_excluding_eval(column(AS, "SubtaskA/train/sw_train.tsv", 1, "\t")))
lists["zu"] = count(texts_excluding_eval(
    column("NLPforLRLsProjects+SAfriSenti-Corpus", "zulu_tweets.csv", 0, ",")
    + show("masakhane-io+lacuna_pos_ner", "language_corpus/zul/zul.txt").splitlines()))
lists["ur-Latn"] = count(texts_excluding_eval(
    [r[0] for r in csv.reader(io.StringIO(show("Lovely-Professional-University-CSE+major-project-ca-1-roman-urdu-dataset",
                                                 "Roman Urdu DataSet.csv"))) if r]))
for locale, words in sorted(lists.items()):
    with open(os.path.join(a.out, f"{locale}.freq.txt"), "w", encoding="utf-8") as f:
        f.write(f"# {locale}: most frequent words of ordinary text, most frequent first (scripts/build-frequency-lists.py)\n")
        f.write("\n".join(words) + "\n")
    print(locale, len(words))
