#!/usr/bin/env python3
"""Samples a third set of real, human-written text per locale into eval/real/unseen/<locale>.jsonl.

eval/real/dev and eval/real/heldout have both been looked at or measured; unseen/ is drawn from *different* public
corpora (see the "unseen/" section of eval/real/PROVENANCE.md for each one's origin, commit and licence) and is
evaluated once, by the lead, after the engine is frozen. Nobody tunes on it.

Sampling is deterministic (seed `deskbot-unseen-<locale>`, one shuffle per source). A line is kept when, after the
anonymised mentions and links are removed (nothing else is changed), it is 3-280 characters long, has a word of two
letters, is not a duplicate within the locale, is not in any file eval/real/dev or eval/real/heldout was drawn from or
that the frequency lists were built from (whole files, every split), is not in eval/real/dev, eval/real/heldout or
eval/*.jsonl (all compared lowercased, whitespace folded, punctuation ignored), and is not plainly in another language
(a script check for ar, ur, hi; langid.py and frequent words for Latin-script locales, see `plainly_other_language`).
Run with --verbose to see the lines the language check drops.

Every line has intent null unless eval/real/unseen-labels.tsv (locale, text, intent) labels it.

usage: scripts/build-real-unseen.py --mirrors /work/.mirror [--out eval/real/unseen]
"""
import argparse, csv, glob, io, json, os, random, re, subprocess, sys, zipfile
import xml.etree.ElementTree as ET

ap = argparse.ArgumentParser()
ap.add_argument("--mirrors", default="/work/.mirror")
ap.add_argument("--out", default="eval/real/unseen")
ap.add_argument("--labels", default="eval/real/unseen-labels.tsv")
ap.add_argument("--eval", default="eval", help="folder holding eval/*.jsonl and eval/real/{dev,heldout}")
ap.add_argument("--verbose", action="store_true", help="print the lines dropped by the language check")
a = ap.parse_args()
csv.field_size_limit(sys.maxsize)


# --- reading the snapshots ------------------------------------------------------------------------------------------

def gitdir(repo):
    git = os.path.join(a.mirrors, repo, "repo")
    if not os.path.isdir(os.path.join(git, "objects")) and os.path.isdir(os.path.join(git, ".git")):
        git = os.path.join(git, ".git")
    return git


def raw(repo, path):
    return subprocess.run(["git", "-C", gitdir(repo), "show", f"HEAD:{path}"], capture_output=True, check=True).stdout


def show(repo, path):
    return raw(repo, path).decode("utf-8", "replace")


def files(repo, pattern):
    names = subprocess.run(["git", "-C", gitdir(repo), "ls-tree", "-r", "--name-only", "HEAD"], capture_output=True,
                           check=True).stdout.decode().splitlines()
    return [n for n in names if re.fullmatch(pattern, n)]


def conllu(repo, paths):
    return [l[len("# text = "):] for p in paths for l in show(repo, p).splitlines() if l.startswith("# text = ")]


def table(repo, path, delimiter=","):
    """Rows of a CSV/TSV file as dicts keyed by its header."""
    return list(csv.DictReader(io.StringIO(show(repo, path)), delimiter=delimiter))


def rows(repo, path, delimiter=","):
    return list(csv.reader(io.StringIO(show(repo, path)), delimiter=delimiter))


def lines(repo, path):
    return [l for l in show(repo, path).splitlines() if l.strip()]


def xlsx(repo, path):
    """Rows of the first sheet of an .xlsx file (no openpyxl needed: shared strings + sheet1 XML)."""
    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    z = zipfile.ZipFile(io.BytesIO(raw(repo, path)))
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).iter(ns + "si"):
            shared.append("".join(t.text or "" for t in si.iter(ns + "t")))
    sheet = sorted(n for n in z.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n))[0]
    out = []
    for row in ET.fromstring(z.read(sheet)).iter(ns + "row"):
        cells = []
        for c in row.iter(ns + "c"):
            v = c.find(ns + "v")
            if c.get("t") == "s" and v is not None:
                cells.append(shared[int(v.text)])
            elif c.get("t") == "inlineStr":
                cells.append("".join(t.text or "" for t in c.iter(ns + "t")))
            else:
                cells.append(v.text if v is not None else "")
        out.append(cells)
    return out


# --- the sources ----------------------------------------------------------------------------------------------------

UD = "UniversalDependencies+"
BR = "Vitaly-Protasov+SemEval2025-Task11-competitions"
BR_TEST = "semeval2025_track_a_codabench_bundle_src/official_test_data/brighter_emotion_categories/test/"
MN = "masakhane-io+masakhane-news"
NCHLT = "praekelt+feersum-lid-shared-task"
FS = "FarazSheikh16+Urdu-Hate-Speech-Detection"
RU = "haroonshakeel+roman_urdu_hate_speech"


def brighter(lang):
    return [r["text"] for r in table(BR, BR_TEST + lang + ".csv")]


def masakhanews(lang):
    return [r["headline"] for split in ("test", "dev") for r in table(MN, f"data/{lang}/{split}.tsv", "\t")]


def slurp():
    return [json.loads(l)["sentence"] for f in ("test", "devel") for l in lines("pswietojanski+slurp",
                                                                             f"dataset/slurp/{f}.jsonl")]


def emoevent():
    # EmoEvent (TASS 2020) replaced mentions by USER, hashtags by HASHTAG and links by URL: these placeholders carry
    # nothing and are dropped like the anonymised @user mentions and links of the other sets.
    return [re.sub(r"#?\b(USER|HASHTAG|URL)\b", "", r["tweet"])
            for r in table("git-lu+lit-analysis", "pysentimiento/data/emotions/test_task2.tsv", "\t")]


def constraint_hindi():
    return [r["Post"] for f in ("valid", "train")
            for r in table("raunaks13+hostile-post-detection-hindi", f"data/constraint_hindi_{f}.csv")
            if r["Labels Set"].strip() == "non-hostile"]


def urdu_abusive():
    return [r[1] for r in xlsx(FS, "data/Urdu Abusive Dataset.xlsx")[1:] if len(r) > 1 and r[0].strip() == "0"]


def hs_urdu():
    return [r["Text"] for r in table(FS, "data/HS Urdu - HS Urdu (1).csv") if (r.get("Label") or "").strip() == "n"]


def ruhsold():
    # task 1 label 1 = "Normal" (0 = abusive/offensive); test and validation splits.
    return [r[0] for f in ("task_1_test.tsv", "task_1_validation.tsv") for r in rows(RU, f, "\t")
            if len(r) > 1 and r[1].strip() == "1"]




SOURCES = {
    # locale: [(source id, texts, lines wanted)]
    "en": [("slurp", slurp(), 60), ("brighter-eng", brighter("eng"), 60)],
    "es": [("brighter-esp", brighter("esp"), 60), ("emoevent-es", emoevent(), 60)],
    "fr": [("ud-french-parisstories", conllu(UD + "UD_French-ParisStories",
                                             ["fr_parisstories-ud-test.conllu", "fr_parisstories-ud-dev.conllu"]), 60),
           ("masakhanews-fra", masakhanews("fra"), 30),
           ("ud-french-sequoia", conllu(UD + "UD_French-Sequoia",
                                        ["fr_sequoia-ud-test.conllu", "fr_sequoia-ud-dev.conllu"]), 30)],
    "pt": [("brighter-ptbr", brighter("ptbr"), 50), ("brighter-ptmz", brighter("ptmz"), 30),
           ("ud-portuguese-bosque", conllu(UD + "UD_Portuguese-Bosque",
                                           ["pt_bosque-ud-test.conllu", "pt_bosque-ud-dev.conllu"]), 40)],
    "sw": [("brighter-swa", brighter("swa"), 60), ("masakhanews-swa", masakhanews("swa"), 60)],
    "zu": [("brighter-zul", brighter("zul"), 60),
           ("isizulu-news-titles", [r["title"] for r in table("dsfsi+za-isizulu-siswati-news-2022",
                                                               "data/isizulu-titles-all-categories.csv")], 40),
           ("nchlt-zul", lines(NCHLT, "data/zul/improved_zul.txt"), 20)],
    "af": [("brighter-afr", brighter("afr"), 80), ("nchlt-afr", lines(NCHLT, "data/afr/improved_afr.txt"), 40)],
    "ar": [("astd", [r[0] for r in rows("mahmoudnabil+ASTD", "data/Tweets.txt", "\t") if r], 60),
           ("brighter-ary", brighter("ary"), 30), ("brighter-arq", brighter("arq"), 30)],
    "hi": [("brighter-hin", brighter("hin"), 60), ("constraint-hindi", constraint_hindi(), 60)],
    "ur": [("urdu-abusive-youtube", urdu_abusive(), 80), ("hs-urdu", hs_urdu(), 40)],
    "ur-Latn": [("ruhsold", ruhsold(), 80),
                ("roman-urdu-bert-sentences", lines("usamakh20+Roman_Urdu_BERT", "data/Roman_Urdu_Sentences.txt"), 40)],
}


# --- what must not come back ----------------------------------------------------------------------------------------

def clean(text):
    text = text.replace("\u2028", " ").replace("\r", " ").replace("\n", " ").replace("\t", " ").strip()
    # Keep the writing as it is; only anonymised or real mentions and links carry nothing.
    text = re.sub(r"@<username>|@user\b|@\w+", "", text)
    text = re.sub(r"https?://\S+|www\.\S+|##url##", "", text)
    return re.sub(r"\s+", " ", text).strip()


def key(text):
    return re.sub(r"\s+", " ", text).strip().lower()


def loose(text):
    """The key used against already-used text: lowercased, whitespace folded, and punctuation/emoji dropped too, so a
    sentence that a corpus stored without punctuation (NCHLT, BRIGHTER) still matches its punctuated twin."""
    return " ".join(re.findall(r"\w+", text.lower()))


def forbidden():
    """Every line of every file eval/real/{dev,heldout} was drawn from or the frequency lists were built from (all
    splits, whole files), and every line already in eval/real/dev, eval/real/heldout and eval/*.jsonl."""
    out = set()
    add = lambda texts: out.update(loose(clean(t)) for t in texts if t)
    AS = "afrisenti-semeval+afrisent-semeval-2023"
    for f in files(AS, r".*\.(tsv|csv)"):
        try:
            add(c for r in rows(AS, f, "\t" if f.endswith(".tsv") else ",") for c in r)
        except subprocess.CalledProcessError:
            # Absent from the snapshot (too large); the per-language files it concatenates are read instead.
            print(f"note: {AS}/{f} is not in the snapshot", file=sys.stderr)
    add(l.split("\t", 1)[-1] for l in lines("hamzaaacodes+sms-spam-collection", "SMSSpamCollection"))
    for repo in ("UD_English-EWT", "UD_Spanish-GSD", "UD_French-GSD", "UD_Hindi-PUD", "UD_Urdu-UDTB",
                 "UD_Afrikaans-AfriBooms"):
        for f in files(UD + repo, r"[^/]*\.conllu"):
            try:
                add(conllu(UD + repo, [f]))
            except subprocess.CalledProcessError:
                print(f"note: {UD}{repo}/{f} is not in the snapshot", file=sys.stderr)
    for repo, path, delimiter in (("MuhammadYaseenKhan+Urdu-Sentiment-Corpus", "urdu-sentiment-corpus-v1.tsv", "\t"),
                                  ("Lovely-Professional-University-CSE+major-project-ca-1-roman-urdu-dataset",
                                   "Roman Urdu DataSet.csv", ","),
                                  ("NLPforLRLsProjects+SAfriSenti-Corpus", "zulu_tweets.csv", ",")):
        add(c for r in rows(repo, path, delimiter) for c in r)
    add(lines("masakhane-io+lacuna_pos_ner", "language_corpus/zul/zul.txt"))
    for f in glob.glob(os.path.join(a.eval, "*.jsonl")) + glob.glob(os.path.join(a.eval, "real", "dev", "*.jsonl")) + \
            glob.glob(os.path.join(a.eval, "real", "heldout", "*.jsonl")):
        add(json.loads(l)["text"] for l in open(f, encoding="utf-8") if l.strip())
    out.discard("")
    return out


# --- language sanity ------------------------------------------------------------------------------------------------

import langid

ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
URDU_ONLY = re.compile(r"[ٹڈڑںےۓ]")  # letters Urdu writes and Arabic does not (ھ left out: Maghrebi typists use it)
URDU_FORMS = re.compile(r"[ٹڈڑںےۓھہیکگ]")  # Urdu's own letter forms (Arabic writes ه ي ك instead of ہ ی ک)
PASHTO = re.compile(r"[ټځڅډړږښګڼۍې]")  # letters Pashto writes and Urdu does not
DEVANAGARI = re.compile(r"[\u0900-\u097F]")
LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
LATIN_SET = ["en", "es", "fr", "pt", "af", "nl", "de", "it", "ca", "gl", "sw", "zu", "xh", "id", "tl", "ro"]
# Common Roman Urdu words that are not also English words ("main", "to", "or", "the" are both, so they are left out).
ROMAN_URDU = set("hai hain hay hy ka ki ke ko se sy mein mai nahi nai nhi ni na kya kia aur bhi tha thi thay ho hon "
                 "hoon hun yeh ye wo woh koi ap aap tum hum mujhe mujhy mera meri kar karo kr raha rahi rha rhi gaya "
                 "gya diya acha achha achi bohat bht bohot bhot bahut hua howa lakin lekin magar mila mili chahiye "
                 "chae wala wali waly sab kuch kuchh iss jo tu yaar yar ab jab jb tb py pr bhai ga gi ge hoga hogi wrna "
                 "warna rahey rahay".split())
IDENTIFIER = langid.langid.LanguageIdentifier.from_modelstring(langid.langid.model, norm_probs=True)
IDENTIFIER.set_languages(LATIN_SET)


def frequent_words(locale):
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpora", "lexicons", f"{locale}.freq.txt")
    return {l.strip() for l in open(path, encoding="utf-8") if l.strip() and not l.startswith("#")}


FREQUENT = {l: frequent_words(l) for l in ("en", "es", "fr", "pt", "af", "sw", "zu")}
FREQUENT["ur-Latn"] = ROMAN_URDU  # the Roman Urdu frequency list is full of English (code-switched comments)


def plainly_other_language(locale, text):
    """True when a line is plainly not in the locale's language. Lenient on purpose: short lines and code-switched
    lines (isiZulu or Kiswahili with English, Roman Urdu with English, dialectal Arabic) are what the set is for.

    - ar, ur, hi: under half of the letters (hashtags aside) in the script; for ar, a letter only Urdu writes; for ur,
      a letter only Pashto writes, or none of Urdu's own letter forms (then it is Arabic).
    - Latin-script locales: a line of five words or more that langid.py takes for English, with most of its words
      frequent English words (or langid.py sure, p >= 0.999) and not one frequent word of the locale that is not also
      English (corpora/lexicons/<locale>.freq.txt; for ur-Latn the short ROMAN_URDU list). For en: langid.py says
      another language and under a third of the words are frequent English words.
    The lexicons are read from this worktree, so editing them can change which of the few borderline lines go.
    """
    bare = re.sub(r"#\w+", "", text)  # hashtags are often in another script (Hindi tweets tag in English)
    letters = [c for c in bare if c.isalpha()] or [c for c in text if c.isalpha()]
    if not letters:
        return True
    share = lambda rx: sum(1 for c in letters if rx.match(c)) / len(letters)
    if locale in ("ar", "ur"):
        if share(ARABIC) < 0.5:
            return True
        if locale == "ar":
            return bool(URDU_ONLY.search(text))  # Urdu or Punjabi, not Arabic
        return bool(PASHTO.search(text)) or not URDU_FORMS.search(text)  # Pashto, or Arabic
    if locale == "hi":
        return share(DEVANAGARI) < 0.5
    if share(LATIN) < 0.5:
        return True
    words = re.findall(r"[^\W\d_]+", bare.lower())
    if len(words) < 5:
        return False  # too short to say
    english = sum(1 for w in words if w in FREQUENT["en"]) / len(words)
    said, p = IDENTIFIER.classify(bare)
    if locale == "en":
        return said != "en" and english < 0.3
    own = [w for w in words if w in FREQUENT[locale] and (locale == "ur-Latn" or w not in FREQUENT["en"])]
    return said == "en" and (english >= 0.6 or p >= 0.999) and not own


# --- sampling -------------------------------------------------------------------------------------------------------

labels = {}
if os.path.exists(a.labels):
    for row in csv.reader(open(a.labels, encoding="utf-8"), delimiter="\t"):
        if len(row) >= 3 and not row[0].startswith("#"):
            labels[(row[0], row[1])] = row[2] or None

banned = forbidden()
os.makedirs(a.out, exist_ok=True)
summary = []
for locale, sources in SOURCES.items():
    rng = random.Random("deskbot-unseen-" + locale)
    picked, seen = [], set()
    for source, texts, want in sources:
        pool, excluded, wrong = [], 0, []
        for t in texts:
            t = clean(t)
            if not (3 <= len(t) <= 280 and re.search(r"\w{2}", t)) or key(t) in seen:
                continue
            seen.add(key(t))
            if loose(t) in banned:
                excluded += 1
                continue
            pool.append(t)
        rng.shuffle(pool)
        taken = []
        for t in pool:
            if len(taken) == want:
                break
            if plainly_other_language(locale, t):
                wrong.append(t)
                continue
            taken.append(t)
        picked += [(source, t) for t in taken]
        summary.append((locale, source, len(texts), excluded, len(wrong), len(taken)))
        if a.verbose:
            for t in wrong:
                print(f"dropped {locale} {source}: {t}", file=sys.stderr)
    rng.shuffle(picked)
    with open(os.path.join(a.out, f"{locale}.jsonl"), "w", encoding="utf-8") as f:
        for source, t in picked:
            f.write(json.dumps({"text": t, "locale": locale, "intent": labels.get((locale, t)), "kind": "real",
                                "source": source}, ensure_ascii=False) + "\n")
print("locale\tsource\tlines in source\texcluded (already used)\tdropped (other language)\tsampled", file=sys.stderr)
for row in summary:
    print("\t".join(map(str, row)), file=sys.stderr)
