"""Measure the comment pre-screen (comments/screening.py): ``make bench-screening``.

Two measurements, reported separately:

* **Public held-out comments** (when the public sets of ``comments/data/SOURCES.md``
  are under ``artifacts/screening-data/``; otherwise it says so): the ``test`` split
  of ``bench/screening_data.py``, which no rule, weight or threshold was fitted or
  chosen on. Precision, recall, F1, false-positive rate on clean comments and ROC
  AUC, overall, per category, per source and per language; the rules alone beside
  rules plus classifier; plus two news-comment sets never used for training.
* **The team-written regression set** (bench/screening_eval.jsonl, described in
  bench/SCREENING_DATA.md): rules were tuned on its ``dev`` half; judged on ``test``.

Then speed (p50/p99 ms per comment on one core, each against a 1,500-word article)
and the memory the pre-screen adds to a worker. Writes everything to
artifacts/screening.json and exits non-zero when a floor is missed, so the tables
cannot quietly rot.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import screening_data  # noqa: E402
from comments import screening, screening_model  # noqa: E402
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
    "p99_ms_at_most": 10.0,
}
# On the public held-out split (issue 14).
PUBLIC_FLOORS = {
    "any_f1": 0.85,
    "clean_fpr_at_most": 0.05,
    "roc_auc": 0.90,
    "promotion_recall": 0.90,
    "rss_growth_mb_at_most": 150.0,
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
    if speed["p99_ms"] > FLOORS["p99_ms_at_most"]:
        missed.append(f"p99 {speed['p99_ms']} ms > {FLOORS['p99_ms_at_most']} ms")
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


def roc_auc(positive: list[float], negative: list[float]) -> float | None:
    """Probability that a random violation scores above a random clean comment."""
    if not positive or not negative:
        return None
    ranked = sorted([(v, 1) for v in positive] + [(v, 0) for v in negative])
    rank_sum = 0.0
    i = 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        average = (i + j + 1) / 2  # ties share their ranks
        rank_sum += average * sum(label for _, label in ranked[i:j])
        i = j
    n_pos, n_neg = len(positive), len(negative)
    return round((rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg), 3)


def _binary(rows: list[tuple[bool, float]]) -> dict:
    """P/R/F1, clean false-positive rate and AUC of (gold, score) pairs."""
    tp = sum(g and s >= screening.FLAG_THRESHOLD for g, s in rows)
    fp = sum(not g and s >= screening.FLAG_THRESHOLD for g, s in rows)
    fn = sum(g and s < screening.FLAG_THRESHOLD for g, s in rows)
    clean = sum(not g for g, _ in rows)
    out = _prf(tp, fp, fn)
    out["clean"] = clean
    out["clean_fpr"] = round(fp / clean, 3) if clean else None
    out["roc_auc"] = roc_auc([s for g, s in rows if g], [s for g, s in rows if not g])
    return out


PUBLIC_CATEGORIES = ("promotion", "personal_attack", "abuse", "threat", "profanity", "vulgarity")


def score_public(items: list[dict]) -> list[dict]:
    """Each item's category scores, rules alone and rules plus classifier."""
    model = screening_model.load()
    scored = []
    for item in items:
        evidence = screening.rule_evidence(item["text"])
        rules = evidence.scores()
        combined = rules
        if model is not None:
            probabilities = model.predict(evidence.normalised.text)
            combined = screening.combine(
                evidence, probabilities, model.thresholds, model.rule_gate
            ).scores()
        scored.append({**item, "rules": rules, "combined": combined})
    return scored


def _any(scores: dict) -> float:
    return max((scores.get(c, 0.0) for c in GUIDELINE_CATEGORIES), default=0.0)


def evaluate_public(scored: list[dict], key: str = "combined") -> dict:
    """Any-violation and per-category quality of ``key`` scores ("rules" or "combined")."""
    result = {
        "items": len(scored),
        "any_violation": _binary([(bool(i["labels"]), _any(i[key])) for i in scored]),
    }
    categories = {}
    for category in PUBLIC_CATEGORIES:
        rows = [
            (category in i["labels"], i[key].get(category, 0.0))
            for i in scored
            if category in i["annotated"]
        ]
        if any(g for g, _ in rows):
            categories[category] = _binary(rows)
    result["categories"] = categories
    return result


def public_report(scored: list[dict]) -> dict:
    trained = [i for i in scored if i["source"] not in screening_data.EVALUATION_ONLY]
    report = {
        "all": {k: evaluate_public(trained, k) for k in ("rules", "combined")},
        "by_language": {},
        "by_source": {},
    }
    for lang in sorted({i["lang"] for i in trained}):
        subset = [i for i in trained if i["lang"] == lang]
        report["by_language"][lang] = {k: evaluate_public(subset, k) for k in ("rules", "combined")}
    for source in sorted({i["source"] for i in scored}):
        subset = [i for i in scored if i["source"] == source]
        report["by_source"][source] = {
            k: evaluate_public(subset, k)["any_violation"] for k in ("rules", "combined")
        }
    return report


def format_public(report: dict) -> str:
    def row(name: str, m: dict) -> str:
        fpr = "" if m["clean_fpr"] is None else f"{m['clean_fpr']:.3f}"
        auc = "" if m["roc_auc"] is None else f"{m['roc_auc']:.3f}"
        return (
            f"{name:<30}{m['precision']:>7.3f}{m['recall']:>7.3f}{m['f1']:>7.3f}{fpr:>8}"
            f"{auc:>7}{m['support']:>7}{m['clean']:>7}"
        )

    head = f"{'':<30}{'prec':>7}{'recall':>7}{'F1':>7}{'FPR':>8}{'AUC':>7}{'viol':>7}{'clean':>7}"
    lines = []
    for key, title in (("rules", "rules alone"), ("combined", "rules + classifier")):
        result = report["all"][key]
        lines += [f"Public held-out comments, {title}: {result['items']} comments", head]
        lines.append(row("any violation", result["any_violation"]))
        for category, m in result["categories"].items():
            lines.append(row(f"  {category}", m))
        for lang, by_lang in report["by_language"].items():
            lines.append(row(f"  language {lang}", by_lang[key]["any_violation"]))
        lines.append("")
    lines += ["By source (any violation), rules alone | rules + classifier", head]
    for source, pair in report["by_source"].items():
        marker = " (evaluation only)" if source in screening_data.EVALUATION_ONLY else ""
        lines.append(row(source + marker, pair["rules"]))
        lines.append(row("", pair["combined"]))
    return "\n".join(lines)


def check_public_floors(report: dict, memory: dict) -> list[str]:
    missed = []
    any_v = report["all"]["combined"]["any_violation"]
    if any_v["f1"] < PUBLIC_FLOORS["any_f1"]:
        missed.append(f"public any-violation F1 {any_v['f1']} < {PUBLIC_FLOORS['any_f1']}")
    if any_v["clean_fpr"] > PUBLIC_FLOORS["clean_fpr_at_most"]:
        missed.append(
            f"public clean FPR {any_v['clean_fpr']} > {PUBLIC_FLOORS['clean_fpr_at_most']}"
        )
    if (any_v["roc_auc"] or 0) < PUBLIC_FLOORS["roc_auc"]:
        missed.append(f"public ROC AUC {any_v['roc_auc']} < {PUBLIC_FLOORS['roc_auc']}")
    promotion = report["all"]["combined"]["categories"].get("promotion", {}).get("recall", 0)
    if promotion < PUBLIC_FLOORS["promotion_recall"]:
        missed.append(f"public promotion recall {promotion} < {PUBLIC_FLOORS['promotion_recall']}")
    if memory["rss_growth_mb"] > PUBLIC_FLOORS["rss_growth_mb_at_most"]:
        missed.append(f"RSS growth {memory['rss_growth_mb']} MB > 150 MB")
    return missed


_RSS_PROBE = """
import re, sys
def rss():
    with open("/proc/self/status") as f:
        return int(re.search(r"VmRSS:\\s+(\\d+)", f.read()).group(1)) / 1024
before = rss()
import comments.screening as s
s.screen("You idiot, visit www.example.xyz now", article_text="warm up the article index")
print(before, rss())
"""


def measure_memory() -> dict:
    """Resident memory a fresh process gains by importing and first using the pre-screen
    (word lists, patterns, numpy and the model)."""
    out = subprocess.run(
        [sys.executable, "-c", _RSS_PROBE], cwd=ROOT, capture_output=True, text=True, check=True
    )
    before, after = map(float, out.stdout.split())
    return {"rss_before_mb": round(before, 1), "rss_growth_mb": round(after - before, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", choices=["dev", "test", "all"], help="list the misses")
    args = parser.parse_args(argv)

    public, missing = screening_data.load_all(quiet=True)
    held_out = [i for i in public if i["split"] == "test"]
    report = None
    if held_out:
        report = public_report(score_public(held_out))
        print(format_public(report))
        if missing:
            print("(sources missing: " + "; ".join(missing) + ")")
    else:
        print(
            "Public held-out comments: not measured, the public sets are not under "
            f"{screening_data.DATA_DIR} (comments/data/SOURCES.md says how to fetch them)."
        )
    print()

    items = load_items()
    articles = load_articles()
    splits = {
        "test (held out)": [i for i in items if i.get("split") == "test"],
        "dev": [i for i in items if i.get("split") == "dev"],
        "all": items,
    }
    results = {name: evaluate(subset, articles) for name, subset in splits.items()}
    print("Team-written regression set (bench/screening_eval.jsonl)")
    for name, result in results.items():
        print(format_table(name, result))
        print()

    timing_items = items + [{"text": i["text"]} for i in held_out[:2000]]
    speed = time_screening(timing_items, long_article(articles))
    memory = measure_memory()
    print(
        f"speed: {speed['items_per_second']} comments/s, median {speed['median_ms']:.3f} ms, "
        f"p99 {speed['p99_ms']:.3f} ms per comment (one core, each against a "
        f"{speed['article_words']}-word article, {speed['calls']} calls); the first comment "
        f"on an article also indexes it: {speed['first_comment_on_article_ms']:.3f} ms"
    )
    print(
        f"memory: a fresh process grows by {memory['rss_growth_mb']} MB importing and first "
        f"using the pre-screen (from {memory['rss_before_mb']} MB)"
    )

    if args.errors:
        key = {"dev": "dev", "test": "test (held out)", "all": "all"}[args.errors]
        for error in results[key]["errors"]:
            print(json.dumps(error, ensure_ascii=False))

    missed = check_floors(results["test (held out)"], speed)
    if report is not None:
        missed += check_public_floors(report, memory)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(
        json.dumps(
            {
                "floors": FLOORS,
                "public_floors": PUBLIC_FLOORS,
                "missed": missed,
                "speed": speed,
                "memory": memory,
                "public_held_out": report,
                "public_sources_missing": missing,
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
        print("\nFLOORS MISSED:\n  " + "\n  ".join(missed))
        return 1
    print("\nAll floors met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
