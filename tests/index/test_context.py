"""The paragraph around a quote: found for every quote the index can give, verbatim, bounded."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from index_testkit import SEEDS

from index.chunking import ChunkParams, build_windows
from index.context import around
from index.corpus import load_corpus
from index.segment import Kind, segment

DOCS = load_corpus(SEEDS).documents


def windows(clean: str):
    return build_windows(segment(clean), clean, source_id="s", params=ChunkParams())


def test_every_quote_of_the_seeds_is_marked_in_its_paragraph():
    checked = 0
    for doc in DOCS:
        for window in windows(doc.clean):
            found = around(doc.clean, window.start, window.end)
            assert found is not None, window.text
            marked = found.paragraph[found.mark_start : found.mark_end]
            if window.text.endswith("…"):  # a long sentence quoted in part
                assert marked.startswith(window.text[:-1])
            else:
                assert marked == window.text
            checked += 1
    assert checked > 150


def test_a_list_item_comes_with_its_lead_in_and_its_neighbours():
    doc = next(d for d in DOCS if "Cerium and lanthanum" in d.clean)
    start = doc.clean.index("Cerium and lanthanum")
    end = doc.clean.index("semiconductors.", start) + len("semiconductors.")
    found = around(doc.clean, start, end)
    assert found.paragraph.startswith("Rare earth elements such as neodymium")
    assert "- Lithium is essential for rechargeable batteries." in found.paragraph
    assert found.paragraph[found.mark_start : found.mark_end] == doc.clean[start:end]
    assert found.paragraph in doc.clean  # verbatim


def test_a_table_row_is_shown_with_the_other_rows_and_column_names():
    doc = next(d for d in DOCS if "| Japan |" in d.clean)
    start = doc.clean.index("| Japan |")
    row = next(u for u in segment(doc.clean) if u.kind is Kind.ROW and u.start == start)
    found = around(doc.clean, row.start, row.end)
    lines = found.paragraph.split("\n")
    assert len(lines) == 4 and all(" — Strategy on Critical Minerals: " in line for line in lines)
    assert found.paragraph[found.mark_start : found.mark_end] == row.text
    assert row.text.startswith("Japan — ")


def test_a_stale_or_impossible_span_gives_none():
    clean = DOCS[2].clean
    first = windows(clean)[0]
    assert around(clean, first.start + 3, first.end) is None  # not where a quote starts
    assert around(clean, 0, len(clean) + 1) is None
    assert around(clean, 10, 10) is None
    assert around("", 0, 1) is None


def test_a_long_paragraph_is_cut_to_whole_sentences_around_the_quote():
    sentences = [f"Sentence number {n} says something about rare earths." for n in range(200)]
    clean = " ".join(sentences)
    start = clean.index("Sentence number 100 ")
    end = start + len(sentences[100])
    found = around(clean, start, end, limit=500)
    assert len(found.paragraph) <= 500
    assert found.paragraph[found.mark_start : found.mark_end] == sentences[100]
    assert found.paragraph.startswith("Sentence number") and found.paragraph.endswith(".")
    assert "number 99 " in found.paragraph and "number 101 " in found.paragraph


prose = st.lists(
    st.sampled_from(
        [
            "The deal was signed.",
            "Japan agreed to invest.",
            "Key facts:",
            "- Lithium matters.",
            "| Country | Partner |",
            "|---|---|",
            "| Japan | U.S. |",
            "",
            "Why?",
            "A" * 700 + ".",
        ]
    ),
    min_size=1,
    max_size=30,
).map("\n".join)


@settings(max_examples=60, deadline=None)
@given(prose, st.integers(200, 3000))
def test_whatever_the_text_a_found_paragraph_marks_the_quote(clean, limit):
    longest = max((u.end - u.start for u in segment(clean)), default=0)
    for window in windows(clean):
        found = around(clean, window.start, window.end, limit=limit)
        assert found is not None
        assert 0 <= found.mark_start < found.mark_end <= len(found.paragraph)
        marked = found.paragraph[found.mark_start : found.mark_end]
        assert marked == window.text or window.text.endswith("…") or " — " in marked
        if " — " not in marked:
            assert found.paragraph in clean
            assert len(found.paragraph) <= max(limit, longest)  # whole sentences only
