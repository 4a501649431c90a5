"""Structure (index/segment.py): sentences, list items and table rows a quote can be made of."""

from __future__ import annotations

import pytest
from index_testkit import SEEDS

from index.corpus import load_corpus
from index.segment import QUOTABLE, Kind, render_row, segment, split_sentences


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


@pytest.fixture(scope="module")
def seed_003():
    doc = next(d for d in load_corpus(SEEDS).documents if d.source.id.startswith("003"))
    return doc.clean, segment(doc.clean)


def test_table_rows_keep_their_column_names(seed_003) -> None:
    clean, units = seed_003
    rows = [u for u in units if u.kind is Kind.ROW]
    assert [r.text.split(" — ")[0] for r in rows] == [
        "United States",
        "European Union",
        "China",
        "Japan",
    ]
    eu = rows[1]
    assert eu.text.startswith("European Union")
    assert "Key Partners: Norway, Chile, Namibia" in eu.text
    assert "Policy Tools: Strategic reserves, ESG standards" in eu.text
    assert clean[eu.start : eu.end] == (
        "| European Union | Diversification through green policy | Norway, Chile, Namibia "
        "| Strategic reserves, ESG standards |"
    )
    header = [u for u in units if u.kind is Kind.TABLE_HEADER]
    assert len(header) == 1 and Kind.TABLE_HEADER not in QUOTABLE
    assert clean[header[0].start : header[0].end].endswith("|---|---|---|---|")


def test_bullets_become_items_without_their_marker(seed_003) -> None:
    clean, units = seed_003
    items = [u for u in units if u.kind is Kind.ITEM]
    lithium = next(u for u in items if "Lithium" in u.text)
    assert lithium.text == "Lithium is essential for rechargeable batteries."
    assert (
        clean[lithium.start : lithium.end] == "- Lithium is essential for rechargeable batteries."
    )
    assert clean[lithium.body_start : lithium.end] == lithium.text
    for item in items:
        assert not item.text.startswith(("-", "•", "1.", "2.")), item.text
    # consecutive list items form one block, so a quote may join them
    facts = [u for u in items if u.section == "Interesting Facts"]
    assert len(facts) == 4 and len({u.block for u in facts}) == 1


def test_headings_are_context_not_quotes(seed_003) -> None:
    _, units = seed_003
    headings = {u.text for u in units if u.kind is Kind.HEADING}
    assert {"Why Rare Earths Matter", "Interesting Facts", "Final Thoughts", "FAQs"} <= headings
    assert Kind.HEADING not in QUOTABLE
    lithium = next(u for u in units if u.text.startswith("Lithium"))
    assert lithium.section == "Why Rare Earths Matter"


def test_units_are_spans_of_the_clean_text_in_order(seed_003) -> None:
    clean, units = seed_003
    starts = [u.start for u in units]
    assert starts == sorted(starts)
    for u in units:
        assert 0 <= u.start <= u.body_start < u.end <= len(clean)
        if u.kind in (Kind.SENTENCE, Kind.ITEM, Kind.HEADING):
            assert clean[u.body_start : u.end] == u.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The U.S. and Japan signed the pact. It was Oct. 28 when they met.",
            ["The U.S. and Japan signed the pact.", "It was Oct. 28 when they met."],
        ),
        (
            "The article is by Chaney A. Finn of the firm. JERA will import 5.5 million tons.",
            ["The article is by Chaney A. Finn of the firm.", "JERA will import 5.5 million tons."],
        ),
        (
            "Dr. Smith met Mr. Jones. The E.U. agreed. The U.K. did not!",
            ["Dr. Smith met Mr. Jones.", "The E.U. agreed.", "The U.K. did not!"],
        ),
        (
            "He said “We are allies.” Then he left. Why? Nobody knows…",
            ["He said “We are allies.”", "Then he left.", "Why?", "Nobody knows…"],
        ),
        (
            "China still processes over 90 percent. Prices rose 2.5% in 2024. Exports fell.",
            [
                "China still processes over 90 percent.",
                "Prices rose 2.5% in 2024.",
                "Exports fell.",
            ],
        ),
        ("A sentence with no final stop", ["A sentence with no final stop"]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_render_row_names_every_cell() -> None:
    header = ["Country", "Partners", "Tools"]
    assert render_row(header, ["Japan", "U.S., ASEAN", "Loans"]) == (
        "Japan — Partners: U.S., ASEAN; Tools: Loans"
    )
    assert render_row(header, ["Japan", "", "Loans"]) == "Japan — Tools: Loans"
    assert render_row([], ["Japan", "U.S."]) == "Japan — U.S."


def test_numbered_list_and_lead_in() -> None:
    clean = "Key components:\n1. First step is taken.\n2) Second step follows. It ends."
    units = segment(clean)
    assert [(u.kind, u.text) for u in units] == [
        (Kind.HEADING, "Key components:"),
        (Kind.ITEM, "First step is taken."),
        (Kind.ITEM, "Second step follows."),
        (Kind.SENTENCE, "It ends."),
    ]
    assert units[1].section == "Key components"
