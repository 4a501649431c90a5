"""Pure ranking maths: fusion, tokenizing, sparse BM25 (checked against bm25s), coverage, quote
scoring, selection and "also reported by"."""

from __future__ import annotations

import logging
import math
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from index_testkit import document, searcher_of

from index.chunking import ChunkParams
from index.fusion import rank_order, reciprocal_rank_fusion, top_fused
from index.indexer import prepare
from index.lexical import bm25_weights, coverage, idf, tokenize
from index.quotes import (
    FEATURES,
    Weights,
    anaphoric,
    corroborating,
    select_windows,
    typed_sentence_cover,
    window_scores,
)

# --- fusion -----------------------------------------------------------------------------------


def test_rrf_on_a_hand_computed_example() -> None:
    fused = reciprocal_rank_fusion([[3, 1, 2], [1, 4]], k=10)
    assert fused == pytest.approx({3: 1 / 11, 1: 1 / 12 + 1 / 11, 2: 1 / 13, 4: 1 / 12})
    # an item both retrievers like beats one only the dense retriever ranks first
    assert top_fused(fused, 4) == [1, 3, 4, 2]
    assert top_fused(fused, 2) == [1, 3]


def test_rrf_weights() -> None:
    fused = reciprocal_rank_fusion([[0, 1], [1, 0]], k=0, weights=[3.0, 1.0])
    assert fused == pytest.approx({0: 3 / 1 + 1 / 2, 1: 3 / 2 + 1 / 1})
    assert top_fused(fused, 1) == [0]
    assert top_fused(reciprocal_rank_fusion([[0, 1], [1, 0]], k=0, weights=[1, 3]), 1) == [1]
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
    assert tokenize("130,000 tonnes") == tokenize("130,000 tons") and tokenize("a tonne") == tokenize("a ton")
    assert tokenize("") == []
    # a negated auxiliary searches nothing: "didn't" is no rare word no article uses
    assert tokenize("didn't japan sign? isn't it, doesn’t it") == tokenize("did japan sign? is it, does it") == ["japan", "sign"]
    # "other" is no stopword: "are other countries roped in" asks about "other allies", and
    # must not be answered by "involving both countries"
    assert tokenize("partnerships with other allies") == ["partnership", "other", "alli"]
    assert tokenize("are others getting involved") == ["other", "get", "involv"]


# --- BM25: the pure pieces, by hand ---------------------------------------------------------


def test_idf_and_weights_on_a_tiny_corpus_computed_by_hand() -> None:
    # docs: [cat dog] [cat] [fish]; df(cat) = 2 of 3 -> idf = ln(1 + 1.5 / 2.5) = ln 1.6
    assert idf(np.array([2.0]), 3) == pytest.approx([math.log(1.6)])
    assert idf(np.array([3.0, 0.0]), 3) == pytest.approx([math.log(1 + 0.5 / 3.5), math.log(1 + 3.5 / 0.5)])
    # avgdl = 4/3; doc 0 (|d| = 2): k1 * (0.25 + 0.75 * 1.5) = 1.65; doc 1 (|d| = 1): 0.975
    got = bm25_weights(np.array([1.0, 1.0]), np.array([2.0, 1.0]), 4 / 3)
    assert got == pytest.approx([2.2 / 2.65, 2.2 / 1.975])
    # saturation: more occurrences help less and less, never past k1 + 1
    many = bm25_weights(np.array([1.0, 2.0, 50.0]), np.array([3.0, 3.0, 3.0]), 3.0)
    assert many[0] < many[1] < many[2] < 2.2


# --- BM25 over segments, against bm25s ------------------------------------------------------

K1 = 1.2  # our weights keep BM25's (k1 + 1) factor; Lucene's (and bm25s "lucene") drop it


def bm25s_scores(chunk_tokens: list[list[str]], query: list[str]) -> np.ndarray:
    import bm25s

    logging.getLogger("bm25s").setLevel(logging.ERROR)
    retriever = bm25s.BM25(method="lucene", k1=K1, b=0.75)
    retriever.index(chunk_tokens, show_progress=False)
    return np.asarray(retriever.get_scores(query), dtype=np.float64)


def live_chunks(groups, deleted) -> list[tuple[str, int, list[str]]]:
    """(source id, chunk number, tokens) of every chunk a Searcher over `groups` serves."""
    out = []
    for n, docs in enumerate(groups):
        for local, doc in enumerate(docs):
            if local in deleted.get(n, ()):
                continue
            for c, plan in enumerate(prepare(doc, ChunkParams()).plans):
                out.append((doc.source.id, c, tokenize(plan.chunk.embed_text)))
    return out


def lexical_by_chunk(searcher, query: list[str]) -> dict[tuple[str, int], float]:
    ranked, scores = searcher.lexical(query, [1.0] * len(query), depth=10_000)
    assert ranked == sorted(ranked, key=lambda g: (-scores[g], g))
    out = {}
    for g in ranked:
        part, local = searcher._locate(g)
        seg = searcher.parts[part].seg.stored
        src = int(seg.arrays["chunk_src"][local])
        out[(seg.sources[src].source.id, local - seg.sources[src].chunk_lo)] = scores[g]
    return out


TINY = [
    [
        document("cats", "Cats\nThe cat sat on the mat. The cat likes fish and the dog does not."),
        document("dogs", "Dogs\nA dog barked at the postman. Dogs like long walks in the park."),
    ],
    [
        document("fish", "Fish\nFish swim in the sea. A cat watched the fish tank for hours."),
        document("birds", "Birds\nBirds sing at dawn. The dog chased a bird across the park."),
    ],
]


@pytest.mark.parametrize(
    "deleted",
    [{}, {0: [1]}, {1: [0]}],
    ids=["all-live", "a-deleted-article-in-segment-1", "a-deleted-article-in-segment-2"],
)
@pytest.mark.parametrize("question", ["cat fish", "dog park walks", "sea", "unicorn"])
def test_sparse_bm25_over_segments_equals_bm25s_over_the_live_chunks(
    tmp_path: Path, deleted, question: str
) -> None:
    searcher = searcher_of(tmp_path, TINY, deleted)
    query = tokenize(question)
    chunks = live_chunks(TINY, deleted)
    reference = bm25s_scores([tokens for _, _, tokens in chunks], query)
    ours = lexical_by_chunk(searcher, query)
    want = {(sid, c): float(s) * (K1 + 1) for (sid, c, _), s in zip(chunks, reference, strict=True) if s > 0}
    assert ours.keys() == want.keys()
    for key, score in want.items():
        assert ours[key] == pytest.approx(score, rel=1e-5), key
    ranked_ours = sorted(ours, key=lambda k: -ours[k])
    ranked_ref = sorted(want, key=lambda k: -want[k])
    assert [round(ours[k], 5) for k in ranked_ours] == [round(want[k], 5) for k in ranked_ref]


WORDS = ["lithium", "deal", "japan", "port", "cobalt", "signed", "tokyo", "miners", "price", "ships"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    texts=st.lists(st.lists(st.sampled_from(WORDS), min_size=5, max_size=40), min_size=2, max_size=6),
    split=st.integers(1, 5),
    dead=st.sets(st.integers(0, 5), max_size=2),
    query=st.lists(st.sampled_from([*WORDS, "unicorn"]), min_size=1, max_size=4, unique=True),
)
def test_sparse_bm25_matches_bm25s_on_random_corpora(texts, split, dead, query) -> None:
    docs = [
        document(f"d{n}", f"Article {n}\n" + " ".join(words).capitalize() + ".")
        for n, words in enumerate(texts)
    ]
    split = min(split, len(docs) - 1)
    groups = [docs[:split], docs[split:]]
    dead = {i for i in dead if i < len(docs)}
    deleted = {0: [i for i in dead if i < split], 1: [i - split for i in dead if i >= split]}
    if sum(len(v) for v in deleted.values()) >= len(docs):
        return
    with tempfile.TemporaryDirectory() as tmp:
        searcher = searcher_of(Path(tmp), groups, deleted)
        terms = tokenize(" ".join(query))
        chunks = live_chunks(groups, deleted)
        reference = bm25s_scores([tokens for _, _, tokens in chunks], terms)
        ours = lexical_by_chunk(searcher, terms)
    want = {(sid, c): float(s) * (K1 + 1) for (sid, c, _), s in zip(chunks, reference, strict=True) if s > 0}
    assert ours.keys() == want.keys()
    for key, score in want.items():
        assert ours[key] == pytest.approx(score, rel=1e-5), key


# --- coverage ---------------------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(
    weights=st.lists(st.floats(0, 5, allow_nan=False), min_size=0, max_size=6),
    data=st.data(),
)
def test_coverage_is_a_weighted_share(weights: list[float], data) -> None:
    present = data.draw(st.lists(st.booleans(), min_size=len(weights), max_size=len(weights)))
    share = coverage(weights, present)
    assert 0.0 <= share <= 1.0 + 1e-9
    if sum(weights) > 0 and all(present):
        assert share == pytest.approx(1.0)
    if not any(p and w > 0 for p, w in zip(present, weights, strict=True)):
        assert share == 0.0


def test_coverage_weighs_rare_words_more() -> None:
    weights = idf(np.array([3.0, 1.0]), 3)  # "japan" in every doc, "lithium" in one
    assert coverage(weights, [False, True]) > 0.5 > coverage(weights, [True, False])


# --- scoring and selecting quotes -------------------------------------------------------------


def unit(*xs: float) -> np.ndarray:
    v = np.array(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_window_scores_are_a_weighted_sum_with_penalties_subtracted() -> None:
    features = {name: np.zeros(2) for name in FEATURES}
    features["dense"] = np.array([0.5, 1.0])
    features["lexical"] = np.array([1.0, 0.0])
    features["anaphora"] = np.array([1.0, 0.0])
    features["short"] = np.array([0.0, 1.0])
    w = Weights(dense=0.2, lexical=0.3, anaphora=0.05, short=0.03)
    got = window_scores(features, w)
    assert got == pytest.approx([0.2 * 0.5 + 0.3 - 0.05 + w.fused * 0 + 0, 0.2 * 1.0 - 0.03], abs=1e-6)
    # every named feature counts: raising any positive one raises the score
    for name in FEATURES:
        if getattr(w, name) == 0:
            continue
        bumped = {**features, name: features[name] + 1.0}
        direction = -1 if name in ("anaphora", "short") else 1
        assert np.all(direction * (window_scores(bumped, w) - got) > 0), name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It sets a six-month timeline.", True),
        ("“This is a new era,” he said.", True),
        ("The deal covers lithium.", True),
        ("They signed it in Tokyo.", True),
        ("Japan and the US signed it.", False),
        ("Itinerary changes were made.", False),
        ("Thistle farmers protested.", False),
    ],
)
def test_anaphoric_openings(text: str, expected: bool) -> None:
    assert anaphoric(text) is expected


# Five windows: 0 and 1 overlap in source "a"; 2 says what 0 says, in source "b";
# 3 is a different fact in "b"; 4 is a weak match in "c".
VECS = np.stack([unit(1, 0, 0), unit(0.9, 0.1, 0), unit(0.95, 0.05, 0), unit(0, 1, 0), unit(0, 0, 1)])
SOURCES = ["a", "a", "b", "b", "c"]
SPANS = [(0, 100), (50, 150), (0, 80), (100, 200), (0, 50)]
SCORES = np.array([0.9, 0.85, 0.88, 0.7, 0.3], dtype=np.float32)


def pick(**kw) -> list[int]:
    args = {"k": 3, "margin": 1.0, "same_meaning": 0.95, **kw}
    return select_windows(SCORES, VECS, SOURCES, SPANS, **args)


def test_select_skips_overlaps_and_repeats() -> None:
    # 1 overlaps 0 in the same source; 2 means the same as 0 (cosine > 0.95)
    assert pick() == [0, 3, 4]


def test_select_respects_k_margin_and_floor() -> None:
    assert pick(k=1) == [0]
    assert pick(k=2) == [0, 3]
    assert pick(margin=0.25) == [0, 3]  # 0.3 is more than 0.25 below the best 0.9
    assert pick(margin=0.1) == [0]
    assert pick(floor=0.5) == [0, 3]
    assert pick(floor=0.95) == [0]  # the best is always quoted; the floor limits the others


def test_select_keeps_different_sources_when_meanings_differ() -> None:
    assert pick(same_meaning=0.999) == [0, 2, 3]


def test_select_breaks_ties_by_position() -> None:
    scores = np.array([0.5, 0.5, 0.5], dtype=np.float32)
    vecs = np.eye(3, dtype=np.float32)
    got = select_windows(scores, vecs, ["a", "b", "c"], [(0, 1)] * 3, k=3, margin=1.0, same_meaning=0.9)
    assert got == [0, 1, 2]


def _chunked(own_cover: list[float], **kw) -> list[int]:
    # 0 and 1 are sentences of one chunk ("a:0") whose words the question matches (cover 0.8):
    # 0 is the sentence that has them; 2 is another article's sentence that answers too.
    scores = np.array([0.50, 0.45, 0.42], dtype=np.float32)
    vecs = np.eye(3, dtype=np.float32)
    return select_windows(
        scores, vecs, ["a", "a", "b"], [(0, 10), (20, 30), (0, 10)], k=2, margin=0.1, same_meaning=0.9,
        chunks=["a:0", "a:0", "b:0"], chunk_cover=np.array([0.8, 0.8, 0.3]),
        own_cover=np.array(own_cover), cover_weight=0.15, **kw,
    )


def test_a_sentence_riding_on_the_chosen_ones_words_gives_way_to_another_answer() -> None:
    # Without the chunk's words that sentence 0 put there, sentence 1 scores 0.45 - 0.15 * 0.7.
    assert _chunked([0.7, 0.0, 0.3]) == [0, 2]
    # Under a heading that names the topic (the chosen sentence has none of the words itself),
    # every sentence of the section keeps the chunk's words: the FAQ's questions, one by one.
    assert _chunked([0.0, 0.0, 0.3]) == [0, 1]
    # Without chunks, as before: the best scores.
    assert select_windows(
        np.array([0.50, 0.45, 0.42], dtype=np.float32), np.eye(3, dtype=np.float32), ["a", "a", "b"],
        [(0, 10), (20, 30), (0, 10)], k=2, margin=0.1, same_meaning=0.9,
    ) == [0, 1]


def test_a_window_chosen_first_by_a_rule_leads_and_the_margin_stays_the_best_scores() -> None:
    # A quote counting what was asked leads (2); the rest follow as they score, within 0.1 of
    # the best score (0.5), not of the one that leads.
    assert _chunked([0.7, 0.0, 0.3], first=2) == [2, 0]
    assert pick(first=3, margin=0.25) == [3, 0]


def test_corroborating_sources_are_other_sources_above_the_threshold_best_first() -> None:
    found = corroborating(VECS[0], VECS, SOURCES, "a", same_meaning=0.95)
    assert [s for s, _ in found] == ["b"]
    assert corroborating(VECS[3], VECS, SOURCES, "b", same_meaning=0.95) == []
    vecs = np.stack([unit(1, 0), unit(1, 0.05), unit(1, 0.5), unit(1, 0.3)])
    found = corroborating(vecs[0], vecs, ["a", "a", "c", "b"], "a", same_meaning=0.8)
    assert [s for s, _ in found] == ["b", "c"]  # never the quote's own source


def test_also_reported_by_is_bounded_and_counts_each_source_once() -> None:
    rng = np.random.default_rng(0)
    base = unit(1, 0, 0, 0)
    others = np.stack([unit(*(base + 0.01 * rng.normal(size=4))) for _ in range(200)])
    sources = [f"s{i % 50}" for i in range(200)]  # 50 sources, four near-duplicates each
    found = corroborating(base, others, sources, "own", same_meaning=0.9, most=3)
    assert len(found) == 3 and len({s for s, _ in found}) == 3
    sims = [sim for _, sim in found]
    assert sims == sorted(sims, reverse=True)
    assert corroborating(base, np.zeros((0, 4), np.float32), [], "own", same_meaning=0.9) == []


def test_a_deleted_articles_words_are_unknown_like_after_a_cold_build(tmp_path: Path) -> None:
    live = searcher_of(tmp_path / "a", TINY, {0: [1]})
    cold = searcher_of(tmp_path / "b", [[TINY[0][0]], TINY[1]])
    # "postman" and "walks" are only in the deleted article about dogs
    for searcher in (live, cold):
        assert "postman" not in searcher.vocabulary and "cat" in searcher.vocabulary
        assert not searcher.known_term("postman") and searcher.known_term("cat")
    assert dict(live.vocabulary.counts) == dict(cold.vocabulary.counts)
    assert live.chunk_count == cold.chunk_count and live.avgdl == pytest.approx(cold.avgdl)


def test_the_sentence_with_the_asked_kind_of_answer_must_be_about_the_question() -> None:
    """"How much did the LNG deal cost?" quoted with "Japan will invest $550 billion" (an amount,
    about something else) covers little; the sentence giving the LNG amount covers it all."""
    lng, deal, cost = 1, 2, 3
    weights = np.array([2.0, 1.0, 1.0])
    amount_elsewhere = [frozenset({lng, deal}), frozenset({9})]  # the amount is in the 2nd sentence
    assert typed_sentence_cover(amount_elsewhere, [False, True], [lng, deal, cost], weights) == 0.0
    amount_here = [frozenset({lng, deal, 9}), frozenset()]
    assert typed_sentence_cover(amount_here, [True, False], [lng, deal, cost], weights) == 0.75
    # no sentence with the type: nothing is covered; no word any passage uses: nothing to judge
    assert typed_sentence_cover(amount_here, [False, False], [lng, deal, cost], weights) == 0.0
    assert typed_sentence_cover(amount_here, [True, False], [lng, deal, cost], np.zeros(3)) == 1.0
    assert typed_sentence_cover(amount_here, [True, False], [], np.zeros(0)) == 1.0
