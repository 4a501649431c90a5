"""The pure steps of a build: pooling spans, postings, one article's arrays, merging segments.

A merge (`stored_part` + `assemble`) must give exactly what building the same articles together
gives, or an incremental index would answer differently from a cold build.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from index_testkit import FakeEmbedder, document, part_of

from index import store
from index.chunking import ChunkParams
from index.embed import normalize_rows, pool_spans
from index.indexer import KIND_CODES, assemble, postings, prepare, stored_part
from index.lexical import tokenize
from index.segment import Kind
from index.store import SegmentArrays, StoredSegment

# --- pool_spans: the pure twin of one model pass ----------------------------------------------


def brute_pool(tokens, offsets, spans):
    """Mean of every token (special ones too), and per span the tokens wholly inside it."""
    mean = tokens.mean(axis=0)
    vector = mean / max(np.linalg.norm(mean), 1e-12)
    sums, counts = [], []
    for a, b in spans:
        total = np.zeros(tokens.shape[1])
        n = 0
        for row, (s, e) in enumerate(offsets):
            if e > s and s >= a and e <= b:
                total = total + tokens[row]
                n += 1
        sums.append(total)
        counts.append(n)
    return vector, np.array(sums).reshape(len(spans), tokens.shape[1]), np.array(counts)


@st.composite
def passes(draw):
    n = draw(st.integers(1, 12))
    dim = draw(st.integers(1, 6))
    tokens = draw(
        hnp.arrays(np.float32, (n, dim), elements=st.floats(-4, 4, width=32)).filter(
            lambda t: np.linalg.norm(t.mean(axis=0)) > 1e-3
        )
    )
    # Tokens in text order; special tokens ([CLS], [SEP]) have empty spans.
    offsets, pos = [], 0
    for _ in range(n):
        if draw(st.booleans()) and draw(st.booleans()):
            offsets.append((0, 0))
            continue
        start = pos + draw(st.integers(0, 2))
        end = start + draw(st.integers(1, 6))
        offsets.append((start, end))
        pos = end
    spans = draw(
        st.lists(
            st.tuples(st.integers(0, pos + 2), st.integers(0, 10)).map(lambda x: (x[0], x[0] + x[1])),
            max_size=6,
        )
    )
    return tokens, offsets, spans


@settings(max_examples=150, deadline=None)
@given(passes())
def test_pool_spans_equals_brute_force(case) -> None:
    tokens, offsets, spans = case
    vector, sums, counts = pool_spans(tokens, offsets, spans)
    want_vector, want_sums, want_counts = brute_pool(tokens.astype(np.float64), offsets, spans)
    assert vector.dtype == np.float32 and sums.dtype == np.float32 and counts.dtype == np.int32
    np.testing.assert_allclose(vector, want_vector, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(sums, want_sums, rtol=1e-5, atol=1e-4)
    np.testing.assert_array_equal(counts, want_counts)


def test_pool_spans_of_a_span_without_whole_tokens_is_empty() -> None:
    tokens = np.eye(3, dtype=np.float32)
    # [CLS] "ab" "cd" (the text cut at the model's limit): a span over "d…" holds no whole token
    vector, sums, counts = pool_spans(tokens, [(0, 0), (0, 2), (3, 5)], [(4, 9), (0, 5)])
    assert counts.tolist() == [0, 2]
    assert not sums[0].any() and sums[1].tolist() == [0.0, 1.0, 1.0]
    np.testing.assert_allclose(vector, np.ones(3) / np.sqrt(3), rtol=1e-6)


def test_the_fake_embedder_pools_like_it_embeds() -> None:
    fake = FakeEmbedder()
    texts = ["Lithium is essential. It powers batteries.", "", "one"]
    spans = [[(0, 21), (22, 42), (0, 42)], [(0, 0)], [(0, 3)]]
    pooled = fake.embed_spans(texts, spans)
    whole = fake.embed(texts)
    for n, p in enumerate(pooled):
        np.testing.assert_allclose(p.vector, whole[n], rtol=1e-6)
    # the two sentences' sums add up to the whole text's sum; a whole-text span pools to embed()
    np.testing.assert_allclose(pooled[0].span_sums[0] + pooled[0].span_sums[1], pooled[0].span_sums[2])
    assert pooled[0].span_tokens.tolist() == [3, 3, 6]
    np.testing.assert_allclose(normalize_rows(pooled[0].span_sums[2:3])[0], whole[0], rtol=1e-6)
    assert pooled[1].span_tokens.tolist() == [0]
    assert fake.build_texts == 3 and fake.questions_embedded == 3 and fake.texts_embedded == 6


# --- postings: the chunk-by-term matrix, transposed ----------------------------------------


@st.composite
def sparse_rows(draw):
    n_terms = draw(st.integers(1, 9))
    rows = draw(
        st.lists(st.sets(st.integers(0, n_terms - 1), max_size=n_terms), min_size=0, max_size=10)
    )
    tf = [[float(draw(st.integers(1, 5))) for _ in r] for r in rows]
    return n_terms, [sorted(r) for r in rows], tf


@settings(max_examples=150, deadline=None)
@given(sparse_rows())
def test_postings_are_the_transpose_of_the_dense_matrix(case) -> None:
    n_terms, rows, tf = case
    dense = np.zeros((len(rows), n_terms), dtype=np.float32)
    for doc, (terms, counts) in enumerate(zip(rows, tf, strict=True)):
        for term, count in zip(terms, counts, strict=True):
            dense[doc, term] = count
    ptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum([len(r) for r in rows], out=ptr[1:])
    flat = np.array([t for r in rows for t in r], dtype=np.int32)
    vals = np.array([v for r in tf for v in r], dtype=np.float32)

    post_ptr, post_doc, post_tf = postings(ptr, flat, vals, n_terms)

    assert post_ptr.shape == (n_terms + 1,) and post_ptr[0] == 0 and post_ptr[-1] == len(flat)
    back = np.zeros((n_terms, len(rows)), dtype=np.float32)
    for term in range(n_terms):
        docs = post_doc[post_ptr[term] : post_ptr[term + 1]]
        assert list(docs) == sorted(docs)  # each term's chunks in order, once each
        back[term, docs] = post_tf[post_ptr[term] : post_ptr[term + 1]]
    np.testing.assert_array_equal(back, dense.T)


# --- one article's arrays ---------------------------------------------------------------------

ARTICLES = {
    "a_lithium": (
        "Lithium deal signed\n"
        "Australia and Japan signed a lithium supply agreement in Perth on November 3, 2025. "
        "The deal covers 40,000 tonnes of lithium hydroxide per year.\n\n"
        "Key terms include:\n"
        "- Supply for ten years.\n"
        "- A price review every two years.\n"
        "It was welcomed by miners, who said it would bring jobs to the region."
    ),
    "b_ports": (
        "Port expansion\n"
        "The harbour authority approved a new container terminal on Tuesday. "
        "Construction will take three years and cost $2 billion. "
        "Officials said the terminal doubles the port's capacity."
    ),
    "c_table": (
        "Minerals compared\n"
        "| Country | Output | Partners |\n"
        "|---|---|---|\n"
        "| Chile | 40% of lithium | Japan, Korea |\n"
        "| Norway | Graphite | EU |\n\n"
        "The table shows the main producers. Chile leads lithium output."
    ),
}


@pytest.fixture(scope="module")
def parts():
    fake = FakeEmbedder()
    docs = [document(sid, text, title=text.split("\n")[0]) for sid, text in ARTICLES.items()]
    return docs, [part_of(d, fake) for d in docs]


def terms_of(vocab, ptr, ids, i: int) -> list[str]:
    return [vocab[t] for t in ids[ptr[i] : ptr[i + 1]]]


def test_an_article_part_holds_its_texts_terms_and_pooled_vectors(parts) -> None:
    docs, built = parts
    doc, part = docs[0], built[0]
    prepared = prepare(doc, ChunkParams())
    a = part.arrays
    assert part.texts.decode() == doc.clean
    assert [s.source for s in part.sources] == [doc.source]
    # every unit's text is stored, and is its span of the cleaned text (a row aside)
    off = a["unit_text_off"]
    for n, unit in enumerate(prepared.units):
        assert part.unit_text[off[n] : off[n + 1]].decode() == unit.text
        assert tuple(a["unit_pos"][n]) == (unit.start, unit.end, unit.body_start, unit.block)
    # a chunk's terms are its embedded text's tokens, with their counts
    for c, plan in enumerate(prepared.plans):
        terms = terms_of(part.vocab, a["chunk_terms_ptr"], a["chunk_terms"], c)
        tf = a["chunk_tf"][a["chunk_terms_ptr"][c] : a["chunk_terms_ptr"][c + 1]]
        assert dict(zip(terms, tf.tolist(), strict=True)) == Counter(tokenize(plan.chunk.embed_text))
        assert a["chunk_len"][c] == len(tokenize(plan.chunk.embed_text))
        np.testing.assert_allclose(a["chunk_vec"][c], FakeEmbedder().embed([plan.chunk.embed_text])[0])
    # a unit's vector is the sum of its tokens over every chunk that read it
    fake = FakeEmbedder()
    for n in range(len(prepared.units)):
        reads = [p for p in prepared.plans if p.lo <= n < p.hi and p.spans[n - p.lo] is not None]
        want = sum(fake.embed_spans([p.chunk.embed_text], [[p.spans[n - p.lo]]])[0].span_sums[0] for p in reads)
        np.testing.assert_allclose(a["unit_sum"][n], want if reads else 0.0, atol=1e-6)


# --- merging segments -------------------------------------------------------------------------


def saved(tmp_path: Path, seg: SegmentArrays) -> StoredSegment:
    return store.load_segment(tmp_path, store.write_segment(tmp_path, seg))


TERM_ARRAYS = {"unit_terms", "chunk_terms", "post_ptr", "post_doc", "post_tf", "chunk_tf", "unit_terms_ptr", "chunk_terms_ptr"}


def canonical(seg: SegmentArrays | StoredSegment) -> dict:
    """A segment's content with term ids replaced by the terms (vocabularies may differ)."""
    a = {k: np.asarray(v) for k, v in seg.arrays.items()}
    vocab = list(seg.vocab)
    units = len(a["unit_src"])
    chunks = len(a["chunk_src"])
    post = {}
    for t, term in enumerate(vocab):
        lo, hi = a["post_ptr"][t], a["post_ptr"][t + 1]
        if hi > lo:
            post[term] = list(zip(a["post_doc"][lo:hi].tolist(), a["post_tf"][lo:hi].tolist(), strict=True))
    texts = seg.texts if isinstance(seg, SegmentArrays) else bytes(seg.texts)
    unit_text = seg.unit_text if isinstance(seg, SegmentArrays) else bytes(seg.unit_text)
    return {
        "sources": list(seg.sources),
        "texts": texts,
        "unit_text": unit_text,
        "surface": dict(seg.surface),
        "arrays": {k: v.tolist() for k, v in a.items() if k not in TERM_ARRAYS},
        "unit_terms": [set(terms_of(vocab, a["unit_terms_ptr"], a["unit_terms"], i)) for i in range(units)],
        "chunk_terms": [
            dict(
                zip(
                    terms_of(vocab, a["chunk_terms_ptr"], a["chunk_terms"], i),
                    a["chunk_tf"][a["chunk_terms_ptr"][i] : a["chunk_terms_ptr"][i + 1]].tolist(),
                    strict=True,
                )
            )
            for i in range(chunks)
        ],
        "postings": post,
    }


def assert_same_segment(a, b) -> None:
    ca, cb = canonical(a), canonical(b)
    for key in ca:
        assert ca[key] == cb[key], key


def test_merging_saved_segments_equals_building_them_together(parts, tmp_path: Path) -> None:
    _, built = parts
    dim = FakeEmbedder().dim
    together = assemble(built, dim)
    first = saved(tmp_path, assemble(built[:2], dim))
    second = saved(tmp_path, assemble(built[2:], dim))
    merged = assemble([stored_part(first, [0, 1]), stored_part(second, [0])], dim)
    assert_same_segment(together, merged)
    assert merged.vocab == together.vocab  # same order of first appearance, even
    # and written and read back, it is still the same
    assert_same_segment(together, saved(tmp_path, merged))


def test_a_merge_that_drops_an_article_equals_building_without_it(parts, tmp_path: Path) -> None:
    docs, built = parts
    dim = FakeEmbedder().dim
    without = assemble([built[0], built[2]], dim)
    everything = saved(tmp_path, assemble(built, dim))
    merged = assemble([stored_part(everything, [0, 2])], dim)
    assert_same_segment(without, merged)
    # the dropped article's words are not known to the merged segment
    ports_only = {"harbour", "terminal", "container"}
    assert ports_only <= set(everything.surface)
    assert not ports_only & set(merged.surface)
    assert [s.source.id for s in merged.sources] == [docs[0].source.id, docs[2].source.id]


def test_a_merge_keeps_each_articles_text_and_units(parts, tmp_path: Path) -> None:
    docs, built = parts
    seg = saved(tmp_path, assemble([stored_part(saved(tmp_path, assemble(built, 64)), [1, 2])], 64))
    for local, doc in enumerate(docs[1:]):
        assert seg.source_text(local) == doc.clean
        e = seg.sources[local]
        for unit in range(e.unit_lo, e.unit_hi):
            start, end = seg.arrays["unit_pos"][unit][2], seg.arrays["unit_pos"][unit][1]
            if KIND_CODES[int(seg.arrays["unit_kind"][unit])] not in (Kind.ROW, Kind.TABLE_HEADER):
                # (a table row is quoted as its labelled rendering, not its raw lines)
                assert seg.unit_text_of(unit) == doc.clean[start:end]
