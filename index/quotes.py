"""Choosing what to quote: scoring candidate windows and keeping the distinct answers.

Pure functions over vectors and scores (the model-bound part is only the query embedding), so
selection, deduplication and attribution can be tested with hand-made vectors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Weights:
    """How a window's score mixes its own similarity, its chunk's, and word overlap.

    The window's own similarity dominates (it is what gets quoted); the chunk's similarity adds
    the surrounding context; lexical coverage rewards the exact names and numbers people ask
    about. Tuned on the dev set with `python -m index eval`; see README.
    """

    dense: float = 0.55
    chunk: float = 0.15
    lexical: float = 0.30


def window_scores(
    query: np.ndarray,
    window_vecs: np.ndarray,
    chunk_dense: np.ndarray,
    lexical: np.ndarray,
    weights: Weights,
) -> np.ndarray:
    """Score of each candidate window (rows of `window_vecs`), comparable across questions."""
    return (
        weights.dense * (window_vecs @ query)
        + weights.chunk * chunk_dense
        + weights.lexical * lexical
    ).astype(np.float32)


@dataclass(frozen=True)
class Pick:
    """A window chosen as a quote, with its score and the windows of other sources saying it."""

    window: int
    score: float
    also: tuple[int, ...] = ()


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def select_windows(
    candidates: Sequence[int],
    scores: np.ndarray,
    vecs: np.ndarray,
    sources: Sequence[str],
    spans: Sequence[tuple[int, int]],
    *,
    k: int,
    min_score: float,
    margin: float,
    same_meaning: float,
) -> list[Pick]:
    """The best windows, at most k, each saying something the others do not.

    A window is skipped when it overlaps, or means the same as (cosine >= `same_meaning`), a
    chosen window or a window of another source credited to one ("also reported by"); windows
    scoring below `min_score`, or more than `margin` below the best, are not quoted at all.
    `scores` and the other sequences are indexed by window; `candidates` lists the windows to
    consider.
    """
    order = sorted(candidates, key=lambda i: (-float(scores[i]), i))
    picks: list[Pick] = []
    covered: list[int] = []  # chosen windows and the corroborating windows credited to them
    for i in order:
        score = float(scores[i])
        if len(picks) >= k or score < min_score or (picks and score < picks[0].score - margin):
            break
        duplicate = any(
            (sources[c] == sources[i] and _overlaps(spans[c], spans[i]))
            or float(vecs[c] @ vecs[i]) >= same_meaning
            for c in covered
        )
        if duplicate:
            continue
        also = corroborating_windows(i, vecs, sources, same_meaning=same_meaning)
        picks.append(Pick(i, score, also))
        covered.extend([i, *also])
    return picks


def corroborating_windows(
    pick: int, vecs: np.ndarray, sources: Sequence[str], *, same_meaning: float
) -> tuple[int, ...]:
    """For each other source, its window closest to `pick` if it says the same thing."""
    sims = vecs @ vecs[pick]
    best: dict[str, int] = {}
    for i, sim in enumerate(sims):
        source = sources[i]
        if source == sources[pick] or sim < same_meaning:
            continue
        if source not in best or sim > sims[best[source]]:
            best[source] = i
    return tuple(sorted(best.values(), key=lambda i: (-float(sims[i]), sources[i])))


def corroborating_sources(
    pick: int,
    vecs: np.ndarray,
    sources: Sequence[str],
    *,
    same_meaning: float,
) -> tuple[str, ...]:
    """Other sources with a window that says the same thing as `pick`, best match first."""
    return tuple(
        sources[i] for i in corroborating_windows(pick, vecs, sources, same_meaning=same_meaning)
    )
