"""The trained models as shipped in the package: load them, score sentences and events.

The file (`model.json.gz`, written by `make train`) holds two linear models — the sentence model
(one weight per event type for each feature) and the event model (one weight per feature) — with
the proposing threshold, the judging threshold per type (both tuned on folds the models never
trained on) and the calibration that turns an event score into the probability that the event is
real. Scoring is a sum of weights: no scientific library is needed at run time.
"""

from __future__ import annotations

import bisect
import gzip
import hashlib
import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

MODEL_FILE = Path(__file__).with_name("model.json.gz")


def _sigmoid(score: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, score))))


@dataclass(frozen=True)
class Calibration:
    """A monotone piecewise-linear map from raw probability to the share of such events that are
    real, fitted by isotonic regression on folds the model never trained on."""

    xs: tuple[float, ...] = ()
    ys: tuple[float, ...] = ()

    def __call__(self, p: float) -> float:
        if not self.xs:
            return p
        if p <= self.xs[0]:
            return self.ys[0]
        if p >= self.xs[-1]:
            return self.ys[-1]
        i = bisect.bisect_right(self.xs, p) - 1
        x0, x1, y0, y1 = self.xs[i], self.xs[i + 1], self.ys[i], self.ys[i + 1]
        return y0 if x1 == x0 else y0 + (y1 - y0) * (p - x0) / (x1 - x0)


@dataclass(frozen=True)
class LinearModel:
    """Logistic regressions sharing features: `outputs` names what each weight column predicts."""

    outputs: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]

    def scores(self, features: list[str]) -> list[float]:
        rows = list(filter(None, map(self.weights.get, features)))  # rows are never empty
        if not rows:
            return list(self.bias)
        # zip(*rows) turns the rows into one column per output, in C: much faster than a loop
        return [b + sum(column) for b, column in zip(self.bias, zip(*rows))]

    def probabilities(self, features: list[str]) -> dict[str, float]:
        return {o: _sigmoid(s) for o, s in zip(self.outputs, self.scores(features))}

    def probability(self, features: list[str]) -> float:
        return _sigmoid(self.scores(features)[0])

    def strongest(self, words: list[str], output: str) -> int | None:
        """Index of the word that speaks most for `output`: where a built event is anchored."""
        k = self.outputs.index(output)
        best, where = 0.0, None
        for i, word in enumerate(words):
            row = self.weights.get(f"w:{word}")
            if row is not None and row[k] > best:
                best, where = row[k], i
        return where

    def as_data(self) -> dict[str, Any]:
        return {"outputs": list(self.outputs), "bias": [round(b, 6) for b in self.bias],
                "weights": {f: [round(w, 6) for w in row] for f, row in sorted(self.weights.items())}}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> LinearModel:
        return cls(tuple(data["outputs"]), tuple(data["bias"]),
                   {f: tuple(row) for f, row in data["weights"].items()})


@dataclass(frozen=True)
class LearnedModel:
    sentences: LinearModel
    events: LinearModel
    propose_threshold: float
    thresholds: dict[str, float]
    calibration: Calibration
    meta: dict[str, Any] = field(default_factory=dict)
    digest: str = ""
    dates: LinearModel | None = None  # rates an event's date options (None: the rules' date)


def to_bytes(model: LearnedModel) -> bytes:
    """Deterministic bytes: sorted keys, rounded weights, gzip without a timestamp."""
    data = {"sentences": model.sentences.as_data(), "events": model.events.as_data(),
            "propose_threshold": model.propose_threshold,
            "thresholds": {t: round(v, 4) for t, v in sorted(model.thresholds.items())},
            "calibration": {"xs": [round(x, 6) for x in model.calibration.xs],
                            "ys": [round(y, 6) for y in model.calibration.ys]},
            "meta": model.meta}
    if model.dates is not None:
        data["dates"] = model.dates.as_data()
    raw = json.dumps(data, sort_keys=True, separators=(",", ":")).encode()
    return gzip.compress(raw, compresslevel=9, mtime=0)


def from_bytes(raw: bytes) -> LearnedModel:
    data = json.loads(gzip.decompress(raw))
    return LearnedModel(
        sentences=LinearModel.from_data(data["sentences"]), events=LinearModel.from_data(data["events"]),
        propose_threshold=float(data["propose_threshold"]), thresholds=dict(data["thresholds"]),
        calibration=Calibration(tuple(data["calibration"]["xs"]), tuple(data["calibration"]["ys"])),
        meta=dict(data.get("meta") or {}), digest=hashlib.sha256(raw).hexdigest(),
        dates=LinearModel.from_data(data["dates"]) if "dates" in data else None)


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_FILE) -> LearnedModel | None:
    """The shipped model, or None when there is none (the rules then decide alone)."""
    if not path.exists():
        return None
    return from_bytes(path.read_bytes())
