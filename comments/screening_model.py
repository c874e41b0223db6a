"""The pre-screen's learned half: a linear model over hashed word and character n-grams.

``bench/train_screening.py`` fits it (scikit-learn logistic regression) on public
labelled comments and writes two files beside this module's word lists:
``data/screening_model.npz`` (the weights, 8-bit, a few hundred kilobytes) and
``data/screening_model.json`` (heads, thresholds, what it was trained on). This
module only reads them: the features are computed here, in plain Python, and the
score is a dot product in numpy, so a worker needs neither scikit-learn nor a
network connection, and loads the model once, on first use.

A head is one question the model answers with a probability: ``offensive`` (any
insult, swearing, slur or threat), ``abuse`` (aimed at an identity),
``personal_attack`` (aimed at a person) and ``promotion`` (spam). Each head carries
the threshold, calibrated on held-back data, at which its probability becomes a
flag; ``comments.screening`` combines them with its rules.
"""

from __future__ import annotations

import functools
import json
import math
import re
import zlib
from pathlib import Path

import numpy as np

__all__ = ["Model", "features", "load", "model_text"]

DATA = Path(__file__).with_name("data")
MODEL_PATH = DATA / "screening_model.npz"
META_PATH = DATA / "screening_model.json"

# Bump when features() changes: a model trained on other features refuses to load.
FEATURES_VERSION = 1
N_FEATURES = 1 << 20
MAX_CHARS = 1500  # longer comments are judged on their first 1,500 characters

_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_MENTION = re.compile(r"@\w+")
_DIGIT = re.compile(r"\d")
_REPEAT = re.compile(r"(\D)\1{2,}")
_TOKEN = re.compile(r"@user|[^\W_]+|[!?$€£%]")


def model_text(normalised: str) -> str:
    """The text the model reads: lower case, links and @names as placeholders (the
    way the public training sets wrote them), digits as 0, letters repeated at
    most twice."""
    text = normalised[:MAX_CHARS].lower()
    text = _URL.sub(" url ", text)
    text = _MENTION.sub(" @user ", text)
    text = _DIGIT.sub("0", text)
    return _REPEAT.sub(r"\1\1", text)


def _hash(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) & (N_FEATURES - 1)


def features(normalised: str) -> list[int]:
    """The hashed feature indices of a (normalised) comment, each once: words,
    pairs of words, and the 2- to 5-letter pieces of each word."""
    tokens = _TOKEN.findall(model_text(normalised))
    found = set()
    previous = "<s>"
    for token in tokens:
        found.add("w " + token)
        found.add("b " + previous + " " + token)
        previous = token
        if len(token) > 1 and not token.startswith("@"):
            padded = f" {token} "
            for n in range(2, 6):
                for i in range(len(padded) - n + 1):
                    found.add(padded[i : i + n])
    found.add("b " + previous + " </s>")
    return sorted({_hash(f) for f in found})


class Model:
    """Loaded weights and calibration; ``predict`` returns one probability per head."""

    def __init__(
        self, weights: np.ndarray, scales: np.ndarray, bias: np.ndarray, meta: dict
    ) -> None:
        # Kept 8-bit, as stored: (N_FEATURES, heads), one row per feature, times the
        # per-head scale. Widened to float32 whole it would be 16 MB per worker, and
        # its peak while loading pushed a worker past its memory floor; a comment
        # only ever reads a few hundred rows.
        self.weights = weights
        self.scales = scales
        self.bias = bias
        self.meta = meta
        self.heads: tuple[str, ...] = tuple(meta["heads"])
        self.thresholds: dict[str, float] = dict(meta["thresholds"])
        # When word-list evidence may flag without the model (``screening.combine``).
        self.rule_gate: dict[str, float] | None = meta.get("rule_gate")

    def predict(self, normalised: str) -> dict[str, float]:
        index = features(normalised)
        if not index:
            return dict.fromkeys(self.heads, 0.0)
        rows = self.weights[index].sum(axis=0, dtype=np.float32) * self.scales
        logits = self.bias + rows / math.sqrt(len(index))
        pairs = zip(self.heads, logits, strict=True)
        return {head: 1.0 / (1.0 + math.exp(-float(z))) for head, z in pairs}


@functools.cache
def load() -> Model | None:
    """The committed model, read once per process; ``None`` when it is missing (the
    rules then work alone, as before the model existed)."""
    if not MODEL_PATH.exists() or not META_PATH.exists():
        return None
    meta = json.loads(META_PATH.read_text(encoding="utf-8"))
    if meta.get("features_version") != FEATURES_VERSION or meta.get("n_features") != N_FEATURES:
        return None
    with np.load(MODEL_PATH) as data:
        weights = np.ascontiguousarray(data["weights"].T)
        scales = data["scales"].astype(np.float32)
        bias = data["bias"].astype(np.float32)
    return Model(weights, scales, bias, meta)
