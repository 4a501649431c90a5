"""Pure ranking maths: fusion, tokenizing, BM25, coverage, quote selection and attribution."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.fusion import rank_order, reciprocal_rank_fusion, top_fused
from index.lexical import BM25, coverage, tokenize
from index.quotes import Weights, corroborating_sources, select_windows, window_scores

# --- fusion -----------------------------------------------------------------------------------


def test_rrf_on_a_hand_computed_example() -> None:
    dense = [3, 1, 2]
    lexical = [1, 4]
    fused = reciprocal_rank_fusion([dense, lexical], k=10)
    assert fused == pytest.approx(
        {
            3: 1 / 11,
            1: 1 / 12 + 1 / 11,
            2: 1 / 13,
            4: 1 / 12,
        }
    )
    # an item both retrievers like beats one only the dense retriever ranks first
    assert top_fused(fused, 4) == [1, 3, 4, 2]
    assert top_fused(fused, 2) == [1, 3]


def test_rrf_weights() -> None:
    fused = reciprocal_rank_fusion([[0, 1], [1, 0]], k=0, weights=[3.0, 1.0])
    assert fused == pytest.approx({0: 3 / 1 + 1 / 2, 1: 3 / 2 + 1 / 1})
    assert top_fused(fused, 1) == [0]
    assert top_fused(reciprocal_rank_fusion([[0, 1], [1, 0]], k=0, weights=[1, 3]), 1) == [1]


def test_rrf_needs_one_weight_per_ranking() -> None:
    with pytest.raises(ValueError, match="one weight per ranking"):
        reciprocal_rank_fusion([[0], [1]], weights=[1.0])


def test_ties_are_broken_by_index() -> None:
    assert top_fused({5: 0.5, 2: 0.5, 9: 0.7}, 3) == [9, 2, 5]
    assert rank_order(np.array([0.1, 0.3, 0.3, 0.2])) == [1, 2, 3, 0]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(-10, 10, allow_nan=False), min_size=1, max_size=30), st.integers(1, 30))
def test_rank_order_top_k_equals_argsort(scores: list[float], k: int) -> None:
    arr = np.array(scores, dtype=np.float32)
    assert rank_order(arr)[:k] == list(np.argsort(-arr, kind="stable")[:k])


# --- tokenizing -----------------------------------------------------------------------------


def test_tokenize_normalizes_names_and_drops_stopwords() -> None:
    assert tokenize("U.S.") == tokenize("US") == tokenize("the United States") == ["us"]
    assert tokenize("Chinese") == tokenize("China") == ["china"]
    assert tokenize("the European Union") == tokenize("EU") == ["eu"]
    assert tokenize("What is the share of it?") == ["share"]
    assert tokenize("signed signing signs") == ["sign", "sign", "sign"]
    assert tokenize("5.5 million, 1,000 tons") == ["5.5", "million", "1000", "ton"]
    assert tokenize("") == []


# --- BM25 -----------------------------------------------------------------------------------


def reference_bm25(docs: list[list[str]], query: list[str], k1=1.2, b=0.75) -> list[float]:
    """Okapi BM25 written out plainly, one document at a time (idf with +1)."""
    n = len(docs)
    avgdl = sum(len(d) for d in docs) / n
    out = []
    for doc in docs:
        tf = Counter(doc)
        score = 0.0
        for term in set(query):
            df = sum(1 for d in docs if term in d)
            if df == 0:
                continue
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            f = tf[term]
            score += idf * f * (k1 + 1) / (f + k1 * (1 - b + b * len(doc) / avgdl))
        out.append(score)
    return out


def test_bm25_on_a_tiny_corpus_computed_by_hand() -> None:
    docs = [["cat", "dog"], ["cat"], ["fish"]]
    bm = BM25.fit(docs)
    # df(cat) = 2 of 3 -> idf = ln(1 + 1.5 / 2.5) = ln 1.6; avgdl = 4/3
    # doc 0: |d| = 2 -> k1 * (0.25 + 0.75 * 1.5) = 1.65; doc 1: |d| = 1 -> 0.975
    expected = [math.log(1.6) * 2.2 / 2.65, math.log(1.6) * 2.2 / 1.975, 0.0]
    assert bm.scores(["cat"]) == pytest.approx(expected, rel=1e-6)
    # the shorter document that says "cat" ranks first; a word nobody has scores nothing
    assert rank_order(bm.scores(["cat"]))[0] == 1
    assert not bm.scores(["unicorn"]).any()


docs_strategy = st.lists(
    st.lists(st.sampled_from("abcdefgh"), min_size=1, max_size=12), min_size=1, max_size=12
)


@settings(max_examples=100, deadline=None)
@given(docs=docs_strategy, query=st.lists(st.sampled_from("abcdefghz"), max_size=5))
def test_bm25_matches_the_reference(docs, query) -> None:
    bm = BM25.fit(docs)
    scores = bm.scores(query)
    assert scores == pytest.approx(reference_bm25(docs, query), rel=1e-4, abs=1e-5)
    k = min(3, len(docs))
    assert rank_order(scores)[:k] == list(np.argsort(-scores, kind="stable")[:k])


@settings(max_examples=100, deadline=None)
@given(
    docs=docs_strategy,
    query=st.lists(st.sampled_from("abcdefghz"), max_size=5),
    passage=st.sets(st.sampled_from("abcdefghz")),
)
def test_coverage_is_a_share(docs, query, passage) -> None:
    bm = BM25.fit(docs)
    share = coverage(query, passage, bm)
    assert 0.0 <= share <= 1.0 + 1e-9
    if set(query) and set(query) <= passage:
        assert share == pytest.approx(1.0)
    if not set(query) & passage:
        assert share == 0.0


def test_coverage_weighs_rare_words_more() -> None:
    bm = BM25.fit([["japan", "deal"], ["japan", "lithium"], ["japan"]])
    query = ["japan", "lithium"]
    assert coverage(query, {"lithium"}, bm) > 0.5 > coverage(query, {"japan"}, bm)


# --- quote selection --------------------------------------------------------------------------


def unit(*xs: float) -> np.ndarray:
    v = np.array(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_window_scores_mix_the_signals() -> None:
    q = unit(1, 0)
    vecs = np.stack([unit(1, 0), unit(0, 1)])
    got = window_scores(q, vecs, np.array([0.5, 1.0]), np.array([0.0, 1.0]), Weights(0.5, 0.2, 0.3))
    assert got == pytest.approx([0.5 + 0.1, 0.0 + 0.2 + 0.3])


# Five windows: 0 and 1 overlap in source "a"; 2 says what 0 says, in source "b";
# 3 is a different fact in "b"; 4 is a weak match in "c".
VECS = np.stack(
    [unit(1, 0, 0), unit(0.9, 0.1, 0), unit(0.95, 0.05, 0), unit(0, 1, 0), unit(0, 0, 1)]
)
SOURCES = ["a", "a", "b", "b", "c"]
SPANS = [(0, 100), (50, 150), (0, 80), (100, 200), (0, 50)]
SCORES = np.array([0.9, 0.85, 0.88, 0.7, 0.3], dtype=np.float32)


def pick(**kw):
    args = {"k": 3, "min_score": 0.0, "margin": 1.0, "same_meaning": 0.95, **kw}
    return [p.window for p in select_windows(range(5), SCORES, VECS, SOURCES, SPANS, **args)]


def test_select_skips_overlaps_and_repeats() -> None:
    # 1 overlaps 0 in the same source; 2 means the same as 0 (cosine > 0.95)
    assert pick() == [0, 3, 4]


def test_select_respects_k() -> None:
    assert pick(k=1) == [0]
    assert pick(k=2) == [0, 3]


def test_select_respects_min_score_and_margin() -> None:
    assert pick(min_score=0.5) == [0, 3]
    assert pick(min_score=0.95) == []
    assert pick(margin=0.25) == [0, 3]  # 0.3 is more than 0.25 below the best 0.9
    assert pick(margin=0.1) == [0]


def test_select_keeps_different_sources_when_meanings_differ() -> None:
    # with a strict notion of "same meaning", source b's window 2 is a quote of its own
    assert pick(same_meaning=0.999) == [0, 2, 3]


def test_select_only_considers_candidates() -> None:
    picks = select_windows(
        [3, 4], SCORES, VECS, SOURCES, SPANS, k=3, min_score=0.0, margin=1.0, same_meaning=0.95
    )
    assert [p.window for p in picks] == [3, 4]
    assert [p.score for p in picks] == pytest.approx([0.7, 0.3])


def test_corroborating_sources_are_other_sources_above_the_threshold() -> None:
    assert corroborating_sources(0, VECS, SOURCES, same_meaning=0.95) == ("b",)
    assert corroborating_sources(2, VECS, SOURCES, same_meaning=0.95) == ("a",)
    assert corroborating_sources(3, VECS, SOURCES, same_meaning=0.95) == ()
    # a looser threshold lets more in, best match first, never the quote's own source
    vecs = np.stack([unit(1, 0), unit(1, 0.05), unit(1, 0.5), unit(1, 0.3)])
    assert corroborating_sources(0, vecs, ["a", "a", "c", "b"], same_meaning=0.8) == ("b", "c")


def test_a_source_credited_as_also_is_not_quoted_again_for_that_passage() -> None:
    # window 3 (source b) now overlaps window 2, which is credited to window 0 as "also"
    spans = [*SPANS[:3], (50, 150), SPANS[4]]
    picks = select_windows(
        range(5), SCORES, VECS, SOURCES, spans, k=3, min_score=0.0, margin=1.0, same_meaning=0.95
    )
    assert [p.window for p in picks] == [0, 4]
    assert picks[0].also == (2,)
