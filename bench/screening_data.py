"""Public labelled comment sets, read into one shape for training and measuring the pre-screen.

The sets are not in the repository (their licences and size keep them out):
``comments/data/SOURCES.md`` says where each comes from and how to put it under
``artifacts/screening-data/<owner>+<name>/`` (``SCREENING_DATA`` overrides the folder).
A source whose files are missing is skipped and reported, never fatal.

Every item becomes ``{"text", "labels", "annotated", "source", "lang", "split"}``:
``labels`` in the pre-screen's vocabulary (``offensive`` for any insult, swearing,
slur or threat, plus the guideline categories a source tells apart), ``annotated``
the labels that source can say yes or no to. ``split`` is fixed by a hash of the
text with links, @names and case removed, so copies and retweets land in one split:
``train`` (70%), ``calib`` (15%, thresholds are chosen here) and ``test`` (15%, only
ever measured).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("SCREENING_DATA", ROOT / "artifacts" / "screening-data"))

OFFENSIVE = "offensive"
# Sources kept out of training: used only to measure (licence, only one class, or
# labels by another policy: Fox News "hateful" includes implicit hostility that our
# guidelines allow, and training on it lowered the other sources' calib F1).
EVALUATION_ONLY = {"sfu-ctc-news-comments", "civil-comments-toxic-spans", "fox-news-comments"}

csv.field_size_limit(sys.maxsize)

_SPLIT_NOISE = re.compile(r"https?://\S+|www\.\S+|@\w+|\burl\b|\brt\b|[^\w]+", re.I)


def split_of(text: str) -> str:
    key = _SPLIT_NOISE.sub(" ", text.lower()).split()
    digest = int(hashlib.sha256(" ".join(key).encode("utf-8")).hexdigest()[:8], 16) % 100
    return "train" if digest < 70 else "calib" if digest < 85 else "test"


def _item(text: str, labels, annotated, source: str, lang: str) -> dict | None:
    text = (text or "").strip()
    if len(text) < 2:
        return None
    labels = set(labels)
    if labels - {"promotion"}:
        labels.add(OFFENSIVE)
    return {
        "text": text,
        "labels": sorted(labels),
        "annotated": sorted(set(annotated) | {OFFENSIVE, "promotion"}),
        "source": source,
        "lang": lang,
        "split": split_of(text),
    }


# --- English ---------------------------------------------------------------


def olid() -> Iterator[dict]:
    """OLID / OffensEval 2019 (tweets): offensive, untargeted (swearing), aimed at a
    person, a group or other."""
    path = DATA_DIR / "ZeyadZanaty+offenseval/datasets/training-v1/offenseval-training-v1.tsv"
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            labels = set()
            if row["subtask_a"] == "OFF":
                labels.add(OFFENSIVE)
                if row["subtask_b"] == "UNT":
                    labels.add("profanity")
                elif row["subtask_c"] == "IND":
                    labels.add("personal_attack")
                elif row["subtask_c"] == "GRP":
                    labels.add("abuse")
            yield _item(row["tweet"], labels, ["personal_attack", "abuse"], "olid-tweets", "en")


def ethos() -> Iterator[dict]:
    """ETHOS (YouTube and Reddit comments): hate or not; for hate, violence, aimed at a
    person, and the identity aimed at."""
    base = DATA_DIR / "intelligence-csd-auth-gr+Ethos-Hate-Speech-Dataset/ethos/ethos_data"
    multi = {}
    with (base / "Ethos_Dataset_Multi_Label.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            multi[row["comment"].strip()] = row
    identities = ("gender", "race", "national_origin", "disability", "religion")
    identities += ("sexual_orientation",)
    with (base / "Ethos_Dataset_Binary.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            score = float(row["isHate"])
            if 0.3 < score < 0.7:
                continue  # annotators split: neither clean nor hateful
            labels = set()
            if score >= 0.7:
                labels.add(OFFENSIVE)
                detail = multi.get(row["comment"].strip())
                if detail:
                    if float(detail["violence"]) >= 0.5:
                        labels.add("threat")
                    if any(float(detail[k]) >= 0.5 for k in identities):
                        labels.add("abuse")
                    if float(detail["directed_vs_generalized"]) >= 0.5:
                        labels.add("personal_attack")
            yield _item(
                row["comment"],
                labels,
                ["threat", "abuse", "personal_attack"],
                "ethos-youtube-reddit",
                "en",
            )


def stormfront() -> Iterator[dict]:
    """Sentences from a white-supremacist forum, labelled hate or not (identity abuse)."""
    base = DATA_DIR / "Vicomtech+hate-speech-dataset"
    with (base / "annotations_metadata.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["label"] not in ("hate", "noHate"):
                continue
            path = base / "all_files" / f"{row['file_id']}.txt"
            if not path.exists():
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            labels = {"abuse"} if row["label"] == "hate" else set()
            yield _item(text, labels, ["abuse"], "stormfront-forum", "en")


def sms_spam() -> Iterator[dict]:
    """SMS Spam Collection: spam (promotion) or ham."""
    path = DATA_DIR / "nikitbisht+email-sms-spam-detector/data/SMSSpamCollection"
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            label, _, text = line.rstrip("\n").partition("\t")
            labels = {"promotion"} if label == "spam" else set()
            yield _item(text, labels, [], "sms-spam", "en")


def sfu_ctc() -> Iterator[dict]:
    """SFU Constructiveness and Toxicity Corpus: Globe and Mail news comments, toxicity
    on a 4-point scale (evaluation only: its licence is non-commercial)."""
    repo = DATA_DIR / "sfu-discourse-lab+Constructiveness_Toxicity_Corpus"
    path = repo / "SFU_constructiveness_toxicity.csv"
    with path.open(encoding="utf-8", errors="replace") as handle:
        for row in csv.DictReader(handle):
            level = row.get("toxicity_level") or row.get("is_toxic_popular_answer_1") or ""
            if not level.strip().isdigit():
                continue
            level = int(level)
            if level == 2:
                continue  # "mildly toxic": between the two classes
            labels = {OFFENSIVE} if level >= 3 else set()
            yield _item(row["comment"], labels, [], "sfu-ctc-news-comments", "en")


def toxic_spans() -> Iterator[dict]:
    """Civil Comments posts rated toxic (SemEval-2021 toxic spans): news-site comments,
    toxic only, so they measure recall and nothing else (evaluation only)."""
    path = DATA_DIR / "ipavlopoulos+toxic_spans/SemEval2021/data/tsd_train.csv"
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["spans"].strip() in ("", "[]"):
                continue  # rated toxic, but no annotator could point at why
            yield _item(row["text"], {OFFENSIVE}, [], "civil-comments-toxic-spans", "en")


def _jigsaw_labels(row: dict) -> set[str]:
    """The Jigsaw Toxic Comment labels in the pre-screen's vocabulary: any of the six
    is offensive; an insult on a talk page is aimed at the editor being answered."""
    flags = {key for key in _JIGSAW if str(row.get(key, "")).strip() in ("1", "True")}
    labels = {_JIGSAW[key] for key in flags} - {None}
    if flags:
        labels.add(OFFENSIVE)
    return labels


_JIGSAW = {
    "toxic": None,
    "severe_toxic": None,
    "obscene": None,
    "threat": "threat",
    "insult": "personal_attack",
    "identity_hate": "abuse",
}


def wikipedia_talk() -> Iterator[dict]:
    """Wikipedia talk-page comments labelled by Jigsaw's raters (Toxic Comment
    Classification; Wulczyn, Thain and Dixon, 2017): three public samples of it."""
    pools = DATA_DIR / "predibase+llm_distillation_playbook/data/data_pools"
    samples = DATA_DIR / "utterworks+fast-bert/sample_data/multi_label_toxic_comments/data"
    paths = sorted(pools.glob("*.csv")) + [
        samples / "train_sample.csv",
        samples / "val_sample.csv",
    ]
    if not paths or not all(path.exists() for path in paths):
        raise FileNotFoundError(2, "missing", str(pools if not paths else samples))
    detailed = ["threat", "personal_attack", "abuse"]
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                labels = _jigsaw_labels(row)
                yield _item(row["comment_text"], labels, detailed, "wikipedia-talk", "en")
    repo = DATA_DIR / "conversationai+unintended-ml-bias-analysis"
    path = repo / "archive/unintended_ml_bias/eval_datasets/toxicity_nonfuzzed_testset.csv"
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            labels = {OFFENSIVE} if row["toxic"] == "True" else set()
            yield _item(row["comment"], labels, [], "wikipedia-talk", "en")


def fox_news() -> Iterator[dict]:
    """Fox News readers' comments under ten stories, hateful or not (Gao and Huang,
    RANLP 2017): news-site comments with clean ones, measured only."""
    path = DATA_DIR / "sjtuprog+fox-news-comments/fox-news-comments.json"
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                labels = {OFFENSIVE} if int(row["label"]) == 1 else set()
                yield _item(row["text"], labels, [], "fox-news-comments", "en")


# --- Arabic ----------------------------------------------------------------

# (file id, source name): the re-annotated public Arabic sets of Liebeskind et al.
_ARABIC_FILES = [
    (2, "ar-mlma-tweets"),
    (3, "ar-lhsab-tweets"),
    (4, "ar-youtube-comments"),
    (5, "ar-offenseval-tweets"),
    (7, "ar-mubarak-tweets"),
    (8, "ar-thsab-comments"),
    (9, "ar-news-comments"),
    (10, "ar-pufi"),
    (12, "ar-hate-shorttext"),
    (14, "ar-letmi-tweets"),
    (15, "ar-semitic-tweets"),
]
_ARABIC_ABUSE = ("racism", "xenophobia", "homophobia", "sexism", "religion", "ableism")


def _flag(value) -> bool:
    return str(value).strip() in ("1", "1.0")


def arabic() -> Iterator[dict]:
    """Arabic offensive-language sets (tweets, YouTube and news-site comments)."""
    import openpyxl  # training-only dependency (the "train" extra)

    repo = DATA_DIR / "NataliaVanetik+ArabicOffensiveLanguage_TaxonomyAndData"
    base = repo / "translated-datasets-repo"
    for number, source in _ARABIC_FILES:
        path = base / f"arabic_off_lang_dataset_ID{number}.xlsx"
        if not path.exists():
            continue
        book = openpyxl.load_workbook(path, read_only=True)
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = [str(h or "").strip() for h in next(rows)]
        column = {name: i for i, name in reversed(list(enumerate(header)))}
        for row in rows:
            if len(row) <= column["offensive"]:
                continue
            offensive = row[column["offensive"]]
            if str(offensive).strip() not in ("0", "1", "0.0", "1.0"):
                continue
            labels = set()
            annotated = set()
            if _flag(offensive):
                labels.add(OFFENSIVE)
            if "vulgar" in column and str(row[column["vulgar"]]).strip() in ("0", "1"):
                annotated.add("vulgarity")
                if _flag(row[column["vulgar"]]):
                    labels.add("vulgarity")
            target = str(row[column["target"]] or "").strip().lower() if "target" in column else ""
            if target in ("individual", "group"):
                annotated.update({"personal_attack", "abuse"})
                if _flag(offensive):
                    labels.add("personal_attack" if target == "individual" else "abuse")
            for key in _ARABIC_ABUSE:
                if key in column and _flag(row[column[key]]):
                    labels.add("abuse")
            book_text = str(row[column["text"]] or "").replace("_x000D_", "").replace("<LF>", "\n")
            yield _item(book_text, labels, annotated, source, "ar")
        book.close()


LOADERS = [
    olid,
    ethos,
    stormfront,
    sms_spam,
    wikipedia_talk,
    fox_news,
    sfu_ctc,
    toxic_spans,
    arabic,
]


def load_all(*, quiet: bool = False) -> tuple[list[dict], list[str]]:
    """Every item of every source present, de-duplicated by text; and the missing sources."""
    items: list[dict] = []
    missing: list[str] = []
    seen: set[str] = set()
    for loader in LOADERS:
        try:
            produced = [item for item in loader() if item]
        except FileNotFoundError as error:
            missing.append(f"{loader.__name__}: {error.filename}")
            continue
        for item in produced:
            if item["text"] in seen:
                continue
            seen.add(item["text"])
            items.append(item)
    if not quiet and missing:
        print("missing sources (see comments/data/SOURCES.md):\n  " + "\n  ".join(missing))
    return items, missing
