"""Deciding not to answer: several signals, weighed by a model calibrated on labelled questions.

One threshold on the best quote's score cannot separate real answers from near misses (a
question about the deal whose detail no article gives scores as high as many real answers).
What separates them is the evidence together: how well the best quote matches, whether it
contains the kind of thing asked for, by how much it beats the rest, and whether the question
names things no article mentions at all. A logistic model weighs these; its weights are fitted
with cross-validation by `python -m index calibrate` on the tuning questions and saved in
`abstain_model.json` beside this file (see README, "Abstention").
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

MODEL_FILE = Path(__file__).with_name("abstain_model.json")

FEATURES = (
    "score",
    "dense",
    "chunk",
    "lexical",
    "answer_type",
    "source",
    "margin",
    "top_dense_chunk",
    "unknown_share",
    "unknown_rare",
    "typed",
    "log_content_words",
)

# Before calibration: answer when the best quote scores above ~0.40, less readily when the
# question names words the corpus does not know.
_DEFAULT = {"score": 20.0, "unknown_rare": -1.5, "unknown_share": -2.0}


def _saved() -> tuple[float, dict[str, float], float]:
    try:
        data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
        return float(data["bias"]), {k: float(v) for k, v in data["weights"].items()}, float(data.get("threshold", 0.5))
    except (OSError, ValueError, KeyError, TypeError):
        return -8.0, dict(_DEFAULT), 0.5


@dataclass(frozen=True)
class Model:
    """A logistic model over named features: P(the best quote answers the question)."""

    bias: float = field(default_factory=lambda: _saved()[0])
    weights: Mapping[str, float] = field(default_factory=lambda: _saved()[1])
    threshold: float = field(default_factory=lambda: _saved()[2])

    def probability(self, features: Mapping[str, float]) -> float:
        """P(answerable) for one question's features (missing features count as 0)."""
        z = self.bias + sum(w * float(features.get(name, 0.0)) for name, w in self.weights.items())
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def answers(self, features: Mapping[str, float]) -> bool:
        """Whether to answer: P(answerable) at or above the threshold."""
        return self.probability(features) >= self.threshold


def fit(
    rows: Sequence[Mapping[str, float]],
    labels: Sequence[bool],
    *,
    names: Sequence[str] = FEATURES,
    l2: float = 1.0,
    steps: int = 2000,
) -> Model:
    """Fit a logistic model by gradient descent on standardised features (pure, no sklearn).

    Returns weights on the original feature scale, so `Model.probability` needs no scaler.
    """
    x = np.array([[float(r.get(n, 0.0)) for n in names] for r in rows], dtype=np.float64)
    y = np.array(labels, dtype=np.float64)
    mean = x.mean(axis=0)
    std = x.std(axis=0)
    std[std < 1e-9] = 1.0
    z = (x - mean) / std
    w = np.zeros(len(names))
    b = 0.0
    lr = 0.1
    n = max(len(y), 1)
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(z @ w + b)))
        grad_w = z.T @ (p - y) / n + l2 * w / n
        grad_b = float((p - y).mean())
        w -= lr * grad_w
        b -= lr * grad_b
    weights = w / std
    bias = b - float((w * mean / std).sum())
    return Model(bias=bias, weights={k: float(v) for k, v in zip(names, weights, strict=True)}, threshold=0.5)


def save(model: Model, path: Path = MODEL_FILE, *, note: str = "") -> None:
    """Write a fitted model where `Model()` finds it."""
    data = {
        "note": note,
        "bias": round(model.bias, 6),
        "weights": {k: round(v, 6) for k, v in model.weights.items()},
        "threshold": model.threshold,
    }
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def threshold_for(probabilities: Sequence[float], labels: Sequence[bool], max_false_declines: float) -> float:
    """The highest threshold that declines at most that share of answerable questions."""
    answerable = sorted(p for p, y in zip(probabilities, labels, strict=True) if y)
    if not answerable:
        return 0.5
    allowed = int(math.floor(max_false_declines * len(answerable)))
    # Declining the `allowed` lowest answerable questions at most: sit just under the next one.
    return max(0.01, min(0.99, answerable[allowed] - 1e-6))


def cross_validate(
    rows: Sequence[Mapping[str, float]],
    labels: Sequence[bool],
    *,
    folds: int = 5,
    max_false_declines: float = 0.05,
    l2: float = 1.0,
) -> dict[str, object]:
    """Out-of-fold estimate of the model, and the model fitted on everything.

    Rows are split into `folds` interleaved folds; each is scored by a model fitted on the
    others. The threshold is chosen on the out-of-fold probabilities so that at most
    `max_false_declines` of the answerable questions are declined.
    """
    n = len(rows)
    oof = [0.0] * n
    for fold in range(folds):
        train = [i for i in range(n) if i % folds != fold]
        held = [i for i in range(n) if i % folds == fold]
        if not held or len({labels[i] for i in train}) < 2:
            continue
        model = fit([rows[i] for i in train], [labels[i] for i in train], l2=l2)
        for i in held:
            oof[i] = model.probability(rows[i])
    threshold = threshold_for(oof, labels, max_false_declines)
    final = fit(rows, labels, l2=l2)
    final = Model(bias=final.bias, weights=final.weights, threshold=threshold)
    decline = [p < threshold for p in oof]
    inside = [d for d, y in zip(decline, labels, strict=True) if y]
    outside = [d for d, y in zip(decline, labels, strict=True) if not y]
    summary = {
        "rows": n,
        "threshold": round(threshold, 4),
        "out_of_fold_false_declines": f"{sum(inside)}/{len(inside)}",
        "out_of_fold_declined_out_of_scope": f"{sum(outside)}/{len(outside)}",
        "weights": {k: round(v, 3) for k, v in final.weights.items()},
        "bias": round(final.bias, 3),
    }
    return {"model": final, "summary": summary}
