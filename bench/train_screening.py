"""Train the pre-screen's classifier: ``make train-screening``.

Reads the public labelled sets listed in ``comments/data/SOURCES.md`` (through
``bench/screening_data.py``), fits one logistic regression per head (NB-weighted,
see ``nb_ratio``) over the hashed n-gram features of ``comments/screening_model.py``
on the ``train`` split, then chooses on the ``calib`` split each head's flag
threshold (as many true flags as possible with at most ``TARGET_CLEAN_FLAG_RATE``
of clean comments flagged, rules included) and the rule gate of
``screening.combine``, and writes ``comments/data/screening_model.npz`` and
``.json``. The ``test`` split is never read here; ``make bench-screening`` measures
on it.

Needs the ``train`` extra (scikit-learn, openpyxl): ``pip install -e ".[train]"``.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.screening_data import EVALUATION_ONLY, load_all  # noqa: E402
from comments import screening, screening_model  # noqa: E402
from comments.textnorm import normalise  # noqa: E402

HEADS = ("offensive", "abuse", "personal_attack", "promotion")
# Weaker regularisation than the defaults: chosen on the calib split (2.0 -> 8.0 for
# `offensive` raised its ROC AUC there from 0.895 to 0.903).
C = {"offensive": 8.0, "abuse": 4.0, "personal_attack": 4.0, "promotion": 4.0}
TARGET_CLEAN_FLAG_RATE = 0.045  # a margin under the 5% ceiling for the held-out split
# The rule gate of ``screening.combine``: the offensive head's probability that lets
# weaker word-list evidence flag on its own, and the rule score that flags without
# it. Both are searched here: the best any-violation F1 on the public calib split,
# among the gates that keep the team-written dev half (our guidelines' own reading:
# casual swearing is profanity here even where a public set calls it clean) within
# TEAM_DEV_F1_SLACK of the ungated screen.
RULE_GATES = [
    {"support": support, "sure": sure} for sure in (0.7, 0.78, 0.85, 0.9) for support in (0.3, 0.5)
]
TEAM_DEV_F1_SLACK = 0.025
# Promotion's share of the clean-flag budget, on top of what the promotion rules flag
# alone, spent first: spam is rare among clean comments, and the offensive head would
# otherwise take the whole budget.
PROMOTION_CLEAN_FLAG_RATE = 0.005
# The calib any-violation F1 an abuse or personal-attack head must add to be used.
MIN_HEAD_F1_GAIN = 0.005


def matrix(items: list[dict]) -> sparse.csr_matrix:
    rows, cols, vals = [], [], []
    for row, item in enumerate(items):
        index = screening_model.features(normalise(item["text"]).text)
        if not index:
            continue
        value = 1.0 / math.sqrt(len(index))
        rows.extend([row] * len(index))
        cols.extend(index)
        vals.extend([value] * len(index))
    return sparse.csr_matrix(
        (np.array(vals, dtype=np.float32), (rows, cols)),
        shape=(len(items), screening_model.N_FEATURES),
    )


def source_weights(items: list[dict]) -> np.ndarray:
    """Each source counts by the square root of its size, so that the large Arabic
    and tweet sets do not drown the small comment sets."""
    counts = Counter(item["source"] for item in items)
    median = float(np.median(list(counts.values())))
    return np.array([math.sqrt(median / counts[item["source"]]) for item in items])


def nb_ratio(x: sparse.csr_matrix, y: np.ndarray) -> np.ndarray:
    """Each feature's naive-Bayes log-count ratio (Wang & Manning, 2012, "NBSVM"):
    how much likelier it is in a positive comment than in a negative one. Fitting
    the regression on features scaled by it raised the offensive head's ROC AUC on
    the calib split from 0.905 to 0.916."""
    present = (x > 0).astype(np.float32)
    positive = np.asarray(present[y].sum(axis=0)).ravel() + 1.0
    negative = np.asarray(present[~y].sum(axis=0)).ravel() + 1.0
    return np.log((positive / positive.sum()) / (negative / negative.sum())).astype(np.float32)


def fit(items: list[dict], x: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    weights = source_weights(items)
    coef = np.zeros((len(HEADS), screening_model.N_FEATURES), dtype=np.float32)
    bias = np.zeros(len(HEADS), dtype=np.float32)
    for h, head in enumerate(HEADS):
        rows = [i for i, item in enumerate(items) if head in item["annotated"]]
        y = np.array([head in items[i]["labels"] for i in rows])
        start = time.perf_counter()
        ratio = nb_ratio(x[rows], y)
        model = LogisticRegression(
            C=C[head], solver="liblinear", class_weight="balanced", max_iter=200
        )
        model.fit(x[rows] @ sparse.diags(ratio), y, sample_weight=weights[rows])
        # Scaling a feature by its ratio before fitting is the same as scaling its
        # weight after: the worker's dot product needs no change.
        coef[h] = model.coef_[0] * ratio
        bias[h] = model.intercept_[0]
        print(
            f"  {head:<16} {len(rows):>6} items, {int(y.sum()):>6} positive, "
            f"{time.perf_counter() - start:.1f} s"
        )
    return coef, bias


def quantise(coef: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    scales = np.abs(coef).max(axis=1) / 127.0
    scales[scales == 0] = 1.0
    return np.round(coef / scales[:, None]).astype(np.int8), scales.astype(np.float32)


def save(coef: np.ndarray, bias: np.ndarray, meta: dict) -> None:
    weights, scales = quantise(coef)
    np.savez_compressed(screening_model.MODEL_PATH, weights=weights, scales=scales, bias=bias)
    screening_model.META_PATH.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def calibrate(items: list[dict]) -> tuple[dict[str, float], dict[str, float] | None]:
    """Per-head thresholds and the rule gate, on the calib split.

    For each candidate gate (and none), the lowest thresholds (most recall) at which
    the whole screen, rules and model, flags at most the target share of clean
    comments: promotion first, within its own share, then offensive, abuse and
    personal attack. The gate kept is the one with the best any-violation F1 there
    whose team-written dev F1 stays within the slack of the ungated screen's."""
    model = screening_model.load()
    assert model is not None
    guideline = set(screening.GUIDELINE_CATEGORIES)
    probs = [model.predict(normalise(item["text"]).text) for item in items]
    rules = [screening.rule_evidence(item["text"]) for item in items]
    clean = [i for i, item in enumerate(items) if not item["labels"]]
    team, team_rules, team_probs = _team_dev()

    def flagged(rule, prob, limits: dict[str, float], gate, among=guideline) -> bool:
        scores = screening.combine(rule, prob, limits, gate).scores()
        return any(scores.get(c, 0.0) >= screening.FLAG_THRESHOLD for c in among)

    def f1(golds: list[bool], hits: list[bool]) -> float:
        tp = sum(g and h for g, h in zip(golds, hits, strict=True))
        wrong = sum(g != h for g, h in zip(golds, hits, strict=True))
        return 2 * tp / (2 * tp + wrong) if tp else 0.0

    golds = [bool(item["labels"]) for item in items]

    def any_f1(limits: dict[str, float], gate) -> float:
        return f1(golds, [flagged(rules[i], probs[i], limits, gate) for i in range(len(items))])

    results = []
    for gate in [None, *RULE_GATES]:
        thresholds = dict.fromkeys(HEADS, 1.01)
        for head in ("promotion", "offensive", "abuse", "personal_attack"):
            # Promotion's own share counts the promotion flags the model adds to the
            # rules' own; the rest count every flag.
            among = {screening.PROMOTION} if head == "promotion" else guideline
            budget = TARGET_CLEAN_FLAG_RATE
            if head == "promotion":
                alone = sum(flagged(rules[i], probs[i], thresholds, gate, among) for i in clean)
                budget = alone / len(clean) + PROMOTION_CLEAN_FLAG_RATE
            kept = 1.01
            for t in np.arange(0.98, 0.30, -0.01):
                trial = thresholds | {head: float(t)}
                hits = sum(flagged(rules[i], probs[i], trial, gate, among) for i in clean)
                if hits / len(clean) > budget:
                    break
                kept = float(t)
            if head in ("abuse", "personal_attack") and kept < 1.0:
                # A narrower head must earn its place: below its threshold it still
                # ranks the queue, and a head that adds few true flags mostly adds
                # noise to that order (personal_attack at 0.98 cost 0.025 ROC AUC).
                with_head = thresholds | {head: round(kept, 2)}
                if any_f1(with_head, gate) < any_f1(thresholds, gate) + MIN_HEAD_F1_GAIN:
                    kept = 1.01
            thresholds[head] = round(kept, 2)
        public = any_f1(thresholds, gate)
        team_f1 = f1(
            [bool(set(item["labels"]) & guideline) for item in team],
            [flagged(r, p, thresholds, gate) for r, p in zip(team_rules, team_probs, strict=True)],
        )
        print(f"  gate {gate}: thresholds {thresholds}, F1 {public:.3f}, team dev F1 {team_f1:.3f}")
        results.append((public, team_f1, thresholds, gate))
    ungated_team = results[0][1]
    allowed = [r for r in results if r[1] >= ungated_team - TEAM_DEV_F1_SLACK]
    _, _, thresholds, gate = max(allowed, key=lambda r: r[0])
    print(f"  kept: thresholds {thresholds}, rule gate {gate}")
    return thresholds, gate


def _team_dev() -> tuple[list[dict], list, list]:
    """The team-written set's dev half (bench/screening_eval.jsonl), its rule evidence
    against its articles, and the model's probabilities."""
    model = screening_model.load()
    articles = json.loads((ROOT / "bench" / "screening_articles.json").read_text("utf-8"))
    with (ROOT / "bench" / "screening_eval.jsonl").open(encoding="utf-8") as handle:
        team = [json.loads(line) for line in handle if line.strip()]
    team = [item for item in team if item.get("split") == "dev"]
    rules = [
        screening.rule_evidence(
            item["text"], article_text=articles.get(item.get("article") or "", "")
        )
        for item in team
    ]
    return team, rules, [model.predict(r.normalised.text) for r in rules]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    items, missing = load_all()
    if not items:
        print("No training data: see comments/data/SOURCES.md.")
        return 1
    usable = [item for item in items if item["source"] not in EVALUATION_ONLY]
    train = [item for item in usable if item["split"] == "train"]
    calib = [item for item in usable if item["split"] == "calib"]
    print(f"{len(train)} training items, {len(calib)} calibration items")
    start = time.perf_counter()
    x = matrix(train)
    print(f"features in {time.perf_counter() - start:.0f} s")
    coef, bias = fit(train, x)
    sources = Counter(item["source"] for item in train)
    meta = {
        "features_version": screening_model.FEATURES_VERSION,
        "n_features": screening_model.N_FEATURES,
        "heads": list(HEADS),
        "thresholds": dict.fromkeys(HEADS, 1.01),
        "trained_on": dict(sorted(sources.items())),
        "missing_sources": missing,
        "C": C,
    }
    save(coef, bias, meta)
    screening_model.load.cache_clear()
    meta["thresholds"], meta["rule_gate"] = calibrate(calib)
    meta["target_clean_flag_rate"] = TARGET_CLEAN_FLAG_RATE
    save(coef, bias, meta)
    size = screening_model.MODEL_PATH.stat().st_size
    print(f"wrote {screening_model.MODEL_PATH.relative_to(ROOT)} ({size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
