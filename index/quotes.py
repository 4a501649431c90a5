"""Choosing what to quote: scoring candidate windows and keeping the distinct answers.

Pure functions over arrays (the model-bound part is only the question's embedding), so scoring,
deduplication and attribution can be tested with hand-made vectors.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from index.lexical import tokenize
from index.lexicon import DEAL_NOUNS


@dataclass(frozen=True)
class Weights:
    """How a window's score mixes its evidence; see README "How answers are chosen".

    The window's own similarity to the question dominates (it is what gets quoted); its chunk's
    similarity adds context; lexical coverage rewards the exact names and numbers people ask
    about; the answer-type match rewards a date for "when", an amount for "how much"; the
    article's similarity keeps a neighbouring story from winning on one sentence.
    """

    dense: float = 0.15
    chunk: float = 0.0
    lexical: float = 0.10
    answer_type: float = 0.10
    source: float = 0.10
    structure: float = 0.06  # a table row for "the chart", a list for "the key points"
    anaphora: float = 0.0  # a quote opening with "It"/"This" that does not say what it is
    fused: float = 0.05  # agreement of the two retrievers on the window's chunk
    context: float = 0.15  # the question's words in the window's chunk (its heading, title)
    short: float = 0.03  # a very short sentence ("Energy cooperation also expanded.")
    support: float = 0.30  # the article tells the corpus's main story (Searcher.support)


FEATURES = (
    "dense",
    "chunk",
    "lexical",
    "answer_type",
    "source",
    "structure",
    "anaphora",
    "fused",
    "context",
    "short",
    "support",
)
_PENALTIES = frozenset({"anaphora", "short"})


def window_scores(features: dict[str, np.ndarray], weights: Weights) -> np.ndarray:
    """Score of each candidate window: a weighted sum of its features (penalties subtract)."""
    total = np.zeros(len(features["dense"]), dtype=np.float64)
    for name in FEATURES:
        value = np.asarray(features[name], dtype=np.float64)
        w = getattr(weights, name)
        total += -w * value if name in _PENALTIES else w * value
    return total.astype(np.float32)


# Below this share of the question's words (idf-weighted), the sentence holding the kind of
# answer asked for is about something else (see `typed_sentence_cover`).
TYPED_COVER_FLOOR = 0.3


def typed_sentence_cover(
    unit_terms: Sequence[frozenset[int]],
    unit_typed: Sequence[bool],
    wanted: Sequence[int],
    weights: np.ndarray,
) -> float:
    """The most of the question's words (weighted) that one sentence holding the answer type has.

    A near miss such as "how much did the LNG deal cost?" is often answered with a window that
    has an amount, only not in the sentence about the LNG deal ("Japan will channel about $550
    billion ..."). A real answer's amount, date or name sits in a sentence that also says what
    the question is about. 0 when no sentence has the type; 1 (nothing to judge) when a
    sentence has it but the question has no word any passage uses.
    """
    total = float(np.sum(weights)) if len(weights) else 0.0
    if total <= 0:
        return 1.0 if any(unit_typed) else 0.0
    best = 0.0
    for terms, typed in zip(unit_terms, unit_typed, strict=True):
        if typed:
            have = sum(float(w) for w, t in zip(weights, wanted, strict=True) if t in terms)
            best = max(best, have / total)
    return best


_ANAPHORIC = re.compile(
    rf"^\W*(it|its|this|that|these|those|they|their|them|he|she|his|her|such|the move|"
    rf"the (?:{DEAL_NOUNS})|both|the two)\b",
    re.IGNORECASE,
)


def anaphoric(text: str) -> bool:
    """Whether a quote opens by pointing back at something it does not name."""
    return bool(_ANAPHORIC.match(text))


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two character spans share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def select_windows(
    scores: np.ndarray,
    vecs: np.ndarray,
    sources: Sequence[str],
    spans: Sequence[tuple[int, int]],
    *,
    k: int,
    margin: float,
    same_meaning: float,
    floor: float = -1.0,
    chunks: Sequence[str] | None = None,
    chunk_cover: np.ndarray | None = None,
    own_cover: np.ndarray | None = None,
    cover_weight: float = 0.0,
    first: int | None = None,
) -> list[int]:
    """The best windows, at most k, each saying something the others do not.

    A window is skipped when it overlaps a chosen window of the same source or means the same
    as a chosen one (cosine >= `same_meaning`); after the first, windows scoring more than
    `margin` below the best, or below `floor`, are not quoted.

    A window's score counts the question's words in its chunk (`chunk_cover`, weighed by
    `cover_weight`), which is how a sentence under a heading that names the topic is found. When
    a chosen window's own words (`own_cover`) are what put them in the chunk, that evidence has
    been shown: the chunk's other windows lose what of it the chosen one explains. A sentence that
    says nothing asked ("... will deepen collaboration in nuclear energy") beside the one that
    matched then no longer crowds out another article's sentence that answers too, while the
    questions of an FAQ, found by its heading, all keep it.

    `first`: the window to quote first, when a rule chose it over the best-scoring one (a
    quote counting the things asked about); the margin stays the best score's.
    """
    effective = np.asarray(scores, dtype=np.float64).copy()
    remaining = set(range(len(scores)))
    top = float(np.max(effective)) if len(effective) else 0.0
    picks: list[int] = []
    explained: dict[str, float] = {}
    while len(picks) < k and remaining:
        i = first if first is not None and not picks else min(remaining, key=lambda j: (-effective[j], j))
        remaining.discard(i)
        score = float(effective[i])
        if picks and (score < top - margin or score < floor):
            break
        duplicate = any(
            (sources[p] == sources[i] and overlaps(spans[p], spans[i]))
            or float(vecs[p] @ vecs[i]) >= same_meaning
            for p in picks
        )
        if duplicate:
            continue
        picks.append(i)
        if chunks is None or chunk_cover is None or own_cover is None or not cover_weight:
            continue
        shown = max(explained.get(chunks[i], 0.0), float(own_cover[i]))
        explained[chunks[i]] = shown
        for j in remaining:
            if chunks[j] == chunks[i]:
                effective[j] = float(scores[j]) - cover_weight * min(float(chunk_cover[j]), shown)
    return picks


def corroborating(
    vec: np.ndarray,
    other_vecs: np.ndarray,
    other_sources: Sequence[str],
    own_source: str,
    *,
    same_meaning: float,
    most: int = 3,
) -> list[tuple[str, float]]:
    """Other sources saying the same thing: the best match per source, at most `most` of them."""
    if not len(other_sources):
        return []
    sims = other_vecs @ vec
    best: dict[str, float] = {}
    for source, sim in zip(other_sources, sims.tolist(), strict=True):
        if source != own_source and sim >= same_meaning and sim > best.get(source, -1.0):
            best[source] = sim
    ranked = sorted(best.items(), key=lambda x: (-x[1], x[0]))
    return ranked[:most]


_COUNT_WORDS = frozenset(
    ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion", "billions", "dozen", "dozens", "several", "few", "couple", "handful", "single"]
)
_TIMES = frozenset(["once", "twice", "thrice"])
# A currency's sign before a number (stems as `tokenize` gives them).
_CURRENCY_SIGNS = {"yen": "[¥￥]", "yuan": "[¥￥]", "euro": "€", "pound": "£", "sterl": "£", "won": "₩", "rupe": "₹"}
_COUNT_TOKEN = re.compile(r"\d[\d,.]*|[^\W\d_]+")
_MEASURED_REACH = 5  # words after a unit that name what it measures ("tons of U.S. LNG annually")


def counts(text: str, noun: str, measured: Sequence[str] = ()) -> bool:
    """Whether a quote counts `noun` (a stem): a number at most five words before it.

    "the U.S. has only one operating rare earth mine" counts "mine"; "a 20-year deal" counts
    "year"; "met twice" counts "time". `measured`: for a unit ("how many tonnes of magnets"),
    the stems of what it measures, one of which must follow it ("5.5 million tons of U.S. LNG"
    measures gas, not magnets).
    """
    words = [w.lower() for w in _COUNT_TOKEN.findall(text)]
    if noun == "time" and _TIMES & set(words):
        return True
    sign = _CURRENCY_SIGNS.get(noun)
    if sign and re.search(rf"{sign}\s?\d", text):
        return True  # "¥1.1 trillion" is an amount in yen
    stems = [(tokenize(w) or [""])[0] for w in words]
    wanted = set(measured)
    return any(
        (w[0].isdigit() or w in _COUNT_WORDS)
        and any(
            stems[j] == noun and (not wanted or bool(wanted & set(stems[j + 1 : j + 1 + _MEASURED_REACH])))
            for j in range(i + 1, min(i + 6, len(stems)))
        )
        for i, w in enumerate(words)
    )


# Three or more short items in a sentence: "magnets, batteries, catalysts, and optical materials".
_SERIES = re.compile(r"\b(?:[\w’'-]+(?: [\w’'-]+){0,2}, ){2,}(?:[\w’'-]+(?: [\w’'-]+){0,2},? )?(?:and|or) [\w’'-]+")


def lists_with(text: str, example: frozenset[str]) -> bool:
    """Whether `text` lists three or more items in a sentence, one of them holding a term of `example`.

    "What tools does it use? subsidies etc, list them": the list asked for is the one the
    example is in, though written as prose ("a mix of subsidies, loans, trade incentives, and
    storage systems") rather than as bullets.
    """
    return any(example & set(tokenize(m.group(0))) for m in _SERIES.finditer(text))


def first_that(picks: Sequence[int], holds: Callable[[int], bool]) -> list[int]:
    """The picks with the first that `holds` moved to the front, if the first does not.

    "How many mines?" asked, the best-scoring window may mention mines without a number while
    the second says "only one operating rare earth mine": the member should read that one first.
    """
    found = next((i for i in picks if holds(i)), None)
    if found is None or (picks and found == picks[0]):
        return list(picks)
    return [found, *(i for i in picks if i != found)]

