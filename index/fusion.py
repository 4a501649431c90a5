"""Fusing rankings from the dense and the lexical retrievers."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def rank_order(scores: np.ndarray) -> list[int]:
    """Indices by descending score, ties broken by index so results are deterministic."""
    return sorted(range(len(scores)), key=lambda i: (-float(scores[i]), i))


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[int]], *, k: int = 60, weights: Sequence[float] | None = None
) -> dict[int, float]:
    """Reciprocal rank fusion: sum of weight / (k + rank) over the rankings an item appears in.

    Rank-based fusion needs no score calibration between BM25 and cosine similarity, which live
    on different scales.
    """
    if weights is None:
        weights = [1.0] * len(rankings)
    if len(weights) != len(rankings):
        raise ValueError("one weight per ranking")
    fused: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + weight / (k + rank)
    return fused


def top_fused(fused: dict[int, float], n: int) -> list[int]:
    """The n best items of a fusion, deterministic on ties."""
    return sorted(fused, key=lambda i: (-fused[i], i))[:n]
