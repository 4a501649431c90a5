"""Chunking (index/chunking.py): coverage, order and budgets, checked on generated articles."""

from __future__ import annotations

import re
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from index_testkit import SEEDS

from index.chunking import ChunkParams, chunk_units, plan_chunks
from index.corpus import load_corpus
from index.segment import Kind, segment
from index.text import clean_text
from index.tokens import count_tokens


def count_words(text: str) -> int:
    """A cheap, deterministic token counter: whitespace-separated words."""
    return len(text.split())


# --- generated articles -----------------------------------------------------------------------

WORDS = [
    "the", "deal", "Japan", "U.S.", "Oct.", "28", "5.5", "million", "tons", "rare", "earths",
    "Takaichi", "signed", "Akasaka", "Palace", "critical", "minerals", "90%", "$550", "billion",
    "A.", "Finn", "e.g.", "café", "naïve", "東京", "—", "“quoted”", "it’s", "(SMRs)", "LNG",
    "2025–2033", "supply-chain", "Dr.", "St.", "no.", "vs.", "Inc.", "AP1000",
]  # fmt: skip
word = st.sampled_from(WORDS)
long_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789/.-", min_size=20, max_size=90)


@st.composite
def sentence(draw: st.DrawFn, max_words: int = 30) -> str:
    words = draw(st.lists(word, min_size=1, max_size=max_words))
    words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words) + draw(st.sampled_from([".", ".", ".", "?", "!", "…", ".”", ""]))


@st.composite
def paragraph(draw: st.DrawFn) -> str:
    return " ".join(draw(st.lists(sentence(), min_size=1, max_size=6)))


@st.composite
def run_on(draw: st.DrawFn) -> str:
    """A very long sentence without punctuation, sometimes with URL-like long words."""
    words = draw(st.lists(st.one_of(word, word, word, long_word), min_size=60, max_size=400))
    return " ".join(w.strip(".") or "x" for w in words)


@st.composite
def bullets(draw: st.DrawFn) -> str:
    marker = draw(st.sampled_from(["-", "•", "*", "1.", "2)"]))
    items = draw(st.lists(st.one_of(sentence(), paragraph()), min_size=1, max_size=5))
    return "\n".join(f"{marker} {item}" for item in items)


@st.composite
def heading(draw: st.DrawFn) -> str:
    words = draw(
        st.lists(
            st.sampled_from(["Why", "Rare", "Earths", "Matter", "Deal", "Japan"]),
            min_size=1,
            max_size=6,
        )
    )
    return " ".join(words) + draw(st.sampled_from(["", ":"]))


cell = st.one_of(
    st.lists(word, min_size=1, max_size=4).map(" ".join),
    st.lists(word, min_size=20, max_size=120).map(" ".join),  # giant cells
)


@st.composite
def table(draw: st.DrawFn) -> str:
    columns = draw(st.integers(min_value=2, max_value=4))
    header = draw(
        st.lists(
            st.sampled_from(["Country", "Key Partners", "Policy Tools", "Notes"]),
            min_size=columns,
            max_size=columns,
        )
    )
    rows = draw(
        st.lists(st.lists(cell, min_size=columns, max_size=columns), min_size=1, max_size=5)
    )
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * columns]
    lines += ["| " + " | ".join(c.replace("|", "/") for c in row) + " |" for row in rows]
    return "\n".join(lines)


block = st.one_of(paragraph(), paragraph(), bullets(), heading(), table(), run_on())
articles = st.lists(block, min_size=1, max_size=8).flatmap(
    lambda blocks: st.lists(
        st.sampled_from(["\n", "\n\n"]), min_size=len(blocks), max_size=len(blocks)
    ).map(lambda seps: "".join(b + s for b, s in zip(blocks, seps, strict=True)))
)
params = st.builds(
    lambda max_tokens, share, quote: ChunkParams(
        max_tokens=max_tokens, overlap_tokens=int(max_tokens * share), max_quote_chars=quote
    ),
    st.integers(min_value=16, max_value=200),
    st.floats(min_value=0.0, max_value=0.6),
    st.integers(min_value=120, max_value=600),
)
title = st.sampled_from(
    ["", "U.S. and Japan Sign Rare Earths Supply Deal", "A much longer title " * 8]
)


# --- the properties ---------------------------------------------------------------------------


def check_chunks(clean: str, title_: str, count, p: ChunkParams) -> list:
    units = segment(clean)
    chunks = chunk_units(units, clean, source_id="src", title=title_, count=count, params=p)
    covered = np.zeros(len(clean), dtype=bool)
    for c in chunks:
        assert 0 <= c.start < c.end <= len(clean)
        assert c.text == clean[c.start : c.end]
        assert c.tokens == count(c.embed_text)
        assert c.tokens <= p.max_tokens, (c.tokens, c.embed_text)
        assert c.source_id == "src"
        covered[c.start : c.end] = True
    missed = [i for i, ch in enumerate(clean) if not ch.isspace() and not covered[i]]
    assert not missed, f"not in any chunk: {clean[missed[0] : missed[0] + 40]!r}"
    # In order: each chunk starts after the previous one. The one exception is a table row too
    # long for one chunk: its pieces are quoted as the whole row, so they all start where it does.
    row_starts = {u.start for u in units if u.kind is Kind.ROW}
    for a, b in pairwise(chunks):
        assert a.start < b.start or (a.start == b.start and a.start in row_starts), (a, b)
        assert a.end <= b.end
    again = chunk_units(units, clean, source_id="src", title=title_, count=count, params=p)
    assert [c.id for c in again] == [c.id for c in chunks]
    return chunks


def check_plans(clean: str, title_: str, count, p: ChunkParams) -> None:
    """Every unit is read by at least one chunk's model pass, at the span the plan says.

    A unit's vector is pooled from the tokens inside its span (late chunking): a wrong span
    pools another sentence's words, a unit read by no chunk has no vector at all.
    """
    pieces, plans = plan_chunks(segment(clean), clean, source_id="src", title=title_, count=count, params=p)
    read: set[int] = set()
    for plan in plans:
        assert plan.hi - plan.lo == len(plan.spans) > 0
        for k, span in enumerate(plan.spans):
            unit = pieces[plan.lo + k]
            if span is None:
                assert unit.kind is Kind.TABLE_HEADER  # its rows carry the column names
                continue
            assert plan.chunk.embed_text[span[0] : span[1]] == unit.text
            read.add(plan.lo + k)
    unread = [u.text for n, u in enumerate(pieces) if n not in read and u.kind is not Kind.TABLE_HEADER]
    assert not unread, unread[:2]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=articles, title_=title, p=params)
def test_chunks_cover_everything_in_order_within_budget_words(raw, title_, p) -> None:
    clean = clean_text(raw).text
    check_chunks(clean, title_, count_words, p)
    check_plans(clean, title_, count_words, p)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=articles, title_=title)
def test_chunks_cover_everything_in_order_within_budget_tiktoken(raw, title_) -> None:
    clean = clean_text(raw).text
    check_chunks(clean, title_, count_tokens, ChunkParams())
    check_plans(clean, title_, count_tokens, ChunkParams())


@settings(max_examples=40, deadline=None)
@given(raw=articles, p=params)
def test_chunk_ids_are_content_hashes(raw, p) -> None:
    clean = clean_text(raw).text
    units = segment(clean)
    chunks = chunk_units(units, clean, source_id="src", title="T", count=count_words, params=p)
    # the same text of another source is another chunk
    other = chunk_units(units, clean, source_id="other", title="T", count=count_words, params=p)
    assert not {c.id for c in chunks} & {c.id for c in other}
    # editing a word changes the id of every chunk that holds it, and only those
    edited = clean.replace(clean.split()[0], "Zebracorn", 1) if clean.split() else clean
    if edited == clean:
        return
    pos = clean.index(clean.split()[0])
    units2 = segment(edited)
    chunks2 = chunk_units(units2, edited, source_id="src", title="T", count=count_words, params=p)
    holding = [c for c in chunks2 if c.start <= pos < c.end]
    assert holding and all(c.id not in {x.id for x in chunks} for c in holding)


def test_consecutive_chunks_overlap_by_whole_sentences_within_the_overlap_budget() -> None:
    clean = " ".join(f"Sentence number {n} is short." for n in range(30))  # 5 words each
    units = segment(clean)
    for overlap in (0, 12):
        p = ChunkParams(max_tokens=40, overlap_tokens=overlap)
        chunks = chunk_units(units, clean, source_id="s", title="T", count=count_words, params=p)
        assert len(chunks) >= 4
        for a, b in pairwise(chunks):
            if overlap == 0:
                assert b.start >= a.end
                continue
            shared = clean[b.start : a.end]
            # the last two sentences of a chunk open the next one ("T\n" + 10 words <= 12)
            assert b.start < a.end and shared.endswith("short.")
            assert count_words(shared) == 10


def test_ids_survive_edits_elsewhere() -> None:
    doc = next(d for d in load_corpus(SEEDS).documents if d.source.id.startswith("002"))
    before = chunk_units(
        segment(doc.clean),
        doc.clean,
        source_id="002",
        title="T",
        count=count_tokens,
        params=ChunkParams(),
    )
    edited = doc.clean.replace(
        "only one operational rare earth mine", "only two operational rare earth mines"
    )
    after = chunk_units(
        segment(edited),
        edited,
        source_id="002",
        title="T",
        count=count_tokens,
        params=ChunkParams(),
    )
    changed = {c.id for c in after} - {c.id for c in before}
    assert changed and all(
        "operational rare earth mines" in c.text for c in after if c.id in changed
    )
    assert before[0].id == after[0].id and before[-1].id == after[-1].id


# --- the real seeds -----------------------------------------------------------------------------


def seed_chunks():
    for doc in load_corpus(SEEDS).documents:
        units = segment(doc.clean)
        p = ChunkParams()
        yield (
            doc,
            units,
            chunk_units(
                units,
                doc.clean,
                source_id=doc.source.id,
                title=doc.source.title,
                count=count_tokens,
                params=p,
            ),
        )


def test_real_seeds_chunk_within_budget_and_cover_their_text() -> None:
    for doc, _units, chunks in seed_chunks():
        check_chunks(doc.clean, doc.source.title, count_tokens, ChunkParams())
        check_plans(doc.clean, doc.source.title, count_tokens, ChunkParams())
        assert all(c.embed_text.startswith(doc.source.title[:20]) for c in chunks)
        assert len(chunks) >= 2, doc.source.id


@pytest.mark.model
def test_no_seed_chunk_exceeds_what_the_model_reads(real_embedder) -> None:
    limit = real_embedder.max_tokens
    assert limit == 256
    for doc, _units, chunks in seed_chunks():
        for c in chunks:
            assert real_embedder.count_model_tokens(c.embed_text) <= limit, (
                doc.source.id,
                c.embed_text,
            )


def test_params_are_validated() -> None:
    with pytest.raises(ValueError, match="max_tokens"):
        ChunkParams(max_tokens=8)
    with pytest.raises(ValueError, match="overlap"):
        ChunkParams(max_tokens=100, overlap_tokens=100)
    assert re.fullmatch(
        r"[0-9a-f]{20}",
        chunk_units(
            segment("A b."),
            "A b.",
            source_id="s",
            title="",
            count=count_words,
            params=ChunkParams(),
        )[0].id,
    )


def test_a_word_longer_than_any_chunk_is_cut_and_still_covered() -> None:
    # A giant URL has no space to cut at: it is cut inside, and every character stays covered.
    clean = "See the filing at https://example.com/" + "x" * 3000 + " for details. Then more."
    chunks = check_chunks(clean, "Title", count_tokens, ChunkParams())
    assert len(chunks) > 1
