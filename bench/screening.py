"""Measure the comment pre-screen (comments/screening.py) against a labelled set.

Run with ``make bench-screening``. Prints precision, recall, F1 and support per
category and for "any violation vs clean", the false-positive rate on clean
comments, and speed (items/second, median and p99 ms per comment, each screened
against a 1,500-word article). Writes the numbers to artifacts/screening.json and
exits non-zero when a floor of issue 7 is missed, so the table cannot quietly rot.

The set (bench/screening_eval.jsonl, described in bench/SCREENING_DATA.md) has a
``split`` field: rules were tuned on ``dev`` only; the floors are judged on the
held-out ``test`` split.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from comments.screening import GUIDELINE_CATEGORIES, screen  # noqa: E402

DATA = ROOT / "bench" / "screening_eval.jsonl"
ARTICLES = ROOT / "bench" / "screening_articles.json"
OUTPUT = ROOT / "artifacts" / "screening.json"
REPORTED = (*GUIDELINE_CATEGORIES, "shouting")
LONG_ARTICLE_WORDS = 1500

FLOORS = {
    "any_recall": 0.80,
    "any_precision": 0.75,
    "clean_fpr_below": 0.05,
    "promotion_recall": 0.90,
    "median_ms_below": 5.0,
}


def load_items(path: Path = DATA) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_articles(path: Path = ARTICLES) -> dict[str, str]:
    return json.loads(path.read_text(encoding="utf-8"))


def long_article(articles: dict[str, str]) -> str:
    """At least 1,500 words of real article text, for the timing pass."""
    words: list[str] = []
    while len(words) < LONG_ARTICLE_WORDS:
        for body in articles.values():
            words.extend(body.split())
    return " ".join(words[:LONG_ARTICLE_WORDS])


def _prf(tp: int, fp: int, fn: int) -> dict:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "support": tp + fn,
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def evaluate(items: list[dict], articles: dict[str, str]) -> dict:
    """Per-category and any-violation quality of ``screen`` over ``items``."""
    counts = {c: [0, 0, 0] for c in REPORTED}
    any_tp = any_fp = any_fn = 0
    clean = clean_flagged = 0
    errors = []
    for item in items:
        flags = screen(item["text"], article_text=articles.get(item.get("article") or "", ""))
        predicted = {f.category for f in flags}
        gold = set(item["labels"])
        for category in REPORTED:
            tp, fp, fn = counts[category]
            counts[category] = [
                tp + (category in predicted and category in gold),
                fp + (category in predicted and category not in gold),
                fn + (category not in predicted and category in gold),
            ]
        gold_violation = bool(gold & set(GUIDELINE_CATEGORIES))
        predicted_violation = bool(predicted & set(GUIDELINE_CATEGORIES))
        any_tp += gold_violation and predicted_violation
        any_fp += predicted_violation and not gold_violation
        any_fn += gold_violation and not predicted_violation
        if not gold_violation:
            clean += 1
            clean_flagged += predicted_violation
        if (predicted & set(REPORTED)) != (gold & set(REPORTED)):
            errors.append(
                {
                    "text": item["text"],
                    "gold": sorted(gold),
                    "predicted": sorted(predicted),
                    "flags": [(f.category, f.score, list(f.evidence)) for f in flags],
                }
            )
    return {
        "items": len(items),
        "categories": {c: _prf(*counts[c]) for c in REPORTED},
        "any_violation": _prf(any_tp, any_fp, any_fn),
        "clean": clean,
        "clean_false_positive_rate": round(clean_flagged / clean, 3) if clean else 0.0,
        "errors": errors,
    }


def time_screening(items: list[dict], article: str, rounds: int = 3) -> dict:
    """Latency of ``screen`` per comment, each against the same long article."""
    screen("warm-up")  # loads the word lists and compiles the patterns, once per process
    start = time.perf_counter()
    screen(items[0]["text"], article_text=article)  # first comment on a new article
    cold_ms = (time.perf_counter() - start) * 1000
    timings = []
    for _ in range(rounds):
        for item in items:
            start = time.perf_counter()
            screen(item["text"], article_text=article)
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return {
        "article_words": len(article.split()),
        "calls": len(timings),
        "items_per_second": round(len(timings) / (sum(timings) / 1000)),
        "median_ms": round(statistics.median(timings), 3),
        "p99_ms": round(timings[min(len(timings) - 1, int(len(timings) * 0.99))], 3),
        "first_comment_on_article_ms": round(cold_ms, 3),
    }


def check_floors(result: dict, speed: dict) -> list[str]:
    missed = []
    any_v = result["any_violation"]
    if any_v["recall"] < FLOORS["any_recall"]:
        missed.append(f"any-violation recall {any_v['recall']} < {FLOORS['any_recall']}")
    if any_v["precision"] < FLOORS["any_precision"]:
        missed.append(f"any-violation precision {any_v['precision']} < {FLOORS['any_precision']}")
    if result["clean_false_positive_rate"] >= FLOORS["clean_fpr_below"]:
        missed.append(
            f"clean FPR {result['clean_false_positive_rate']} >= {FLOORS['clean_fpr_below']}"
        )
    promotion = result["categories"]["promotion"]["recall"]
    if promotion < FLOORS["promotion_recall"]:
        missed.append(f"promotion recall {promotion} < {FLOORS['promotion_recall']}")
    if speed["median_ms"] >= FLOORS["median_ms_below"]:
        missed.append(f"median {speed['median_ms']} ms >= {FLOORS['median_ms_below']} ms")
    return missed


def format_table(name: str, result: dict) -> str:
    lines = [
        f"{name}: {result['items']} comments, {result['clean']} clean",
        f"{'category':<18}{'precision':>10}{'recall':>8}{'F1':>7}{'support':>9}",
    ]
    rows = [*result["categories"].items(), ("any violation", result["any_violation"])]
    for category, m in rows:
        lines.append(
            f"{category:<18}{m['precision']:>10.3f}{m['recall']:>8.3f}{m['f1']:>7.3f}"
            f"{m['support']:>9}"
        )
    lines.append(
        f"false-positive rate on clean comments: {result['clean_false_positive_rate']:.3f}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", choices=["dev", "test", "all"], help="list the misses")
    args = parser.parse_args(argv)

    items = load_items()
    articles = load_articles()
    splits = {
        "test (held out)": [i for i in items if i.get("split") == "test"],
        "dev": [i for i in items if i.get("split") == "dev"],
        "all": items,
    }
    results = {name: evaluate(subset, articles) for name, subset in splits.items()}
    speed = time_screening(items, long_article(articles))

    for name, result in results.items():
        print(format_table(name, result))
        print()
    print(
        f"speed: {speed['items_per_second']} comments/s, median {speed['median_ms']:.3f} ms, "
        f"p99 {speed['p99_ms']:.3f} ms per comment (each against a "
        f"{speed['article_words']}-word article, {speed['calls']} calls); the first comment "
        f"on an article also indexes it: {speed['first_comment_on_article_ms']:.3f} ms"
    )

    if args.errors:
        key = {"dev": "dev", "test": "test (held out)", "all": "all"}[args.errors]
        for error in results[key]["errors"]:
            print(json.dumps(error, ensure_ascii=False))

    missed = check_floors(results["test (held out)"], speed)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(
        json.dumps(
            {
                "floors": FLOORS,
                "floors_judged_on": "test",
                "missed": missed,
                "speed": speed,
                "splits": {
                    name: {k: v for k, v in r.items() if k != "errors"}
                    for name, r in results.items()
                },
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    if missed:
        print("\nFLOORS MISSED (held-out test split):\n  " + "\n  ".join(missed))
        return 1
    print("\nAll floors met on the held-out test split.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
