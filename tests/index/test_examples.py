"""Candidate example questions drawn from the articles, and the nearest ones to a question."""

from __future__ import annotations

import numpy as np
from index_testkit import SEEDS

from index.corpus import load_corpus
from index.examples import (
    by_source,
    candidates,
    heading_questions,
    lead_in_questions,
    nearest,
    row_questions,
    select,
    text_questions,
)

TEXTS = [d.clean for d in load_corpus(SEEDS).documents]
TABLE = """\
How the Deal Compares
| Country/Region | Strategy on Critical Minerals | Key Partners |
|---|---|---|
| United States | Bilateral deals | Japan, Canada |
| Japan | Co-investment | U.S., ASEAN |
"""


def test_questions_the_articles_ask_themselves_become_candidates():
    asked = [q for text in TEXTS for q in text_questions(text)]
    assert "Why are rare earth elements important?" in asked
    assert "How does this deal affect China?" in asked
    assert all(q.endswith("?") and not q[0].isdigit() for q in asked)


def test_table_rows_become_questions_in_plain_english():
    assert row_questions(TABLE) == [
        "What is the United States’ strategy on critical minerals?",
        "What is Japan’s strategy on critical minerals?",
        "What are the United States’ key partners?",
        "What are Japan’s key partners?",
    ]


def test_lead_ins_become_questions():
    assert lead_in_questions("Key components:\n- Stockpiles.\n- Mining.\n") == [
        "What are the key components?"
    ]
    assert lead_in_questions("Note:\nSomething.\n") == []  # one word says nothing
    # an article before the phrase is the question's own "the", once
    assert lead_in_questions("The key elements:\n- Stockpiles.\n") == ["What are the key elements?"]
    # a clause is no noun phrase: "What are the the announcements do the following?" was shown
    assert lead_in_questions("The announcements do the following:\n- Ban exports.\n") == []
    assert lead_in_questions("Here is what we know so far:\n- Little.\n") == []
    assert lead_in_questions("We recommend that clients:\n- Review contracts.\n") == []


def test_candidates_put_members_first_take_turns_and_drop_duplicates():
    found = candidates(
        [TABLE, "Why it matters?\nIt matters.\nFinal Thoughts on Trade\nMore text here."],
        first=["Where was it  signed?", "where was it signed?"],
    )
    assert found[0] == "Where was it signed?" and found.count("Where was it signed?") == 1
    assert found[1] == "What is the United States’ strategy on critical minerals?"
    assert found[2] == "Why it matters?"  # the second article's turn
    assert found[-1] == "What do the articles say about “Final Thoughts on Trade”?"  # last: weak
    assert len({q.casefold() for q in found}) == len(found)


def test_by_source_takes_turns_keeping_each_sources_order():
    items = [("a1", "a", 0), ("a2", "a", 0), ("b1", "b", 0), ("a3", "a", 0), ("c1", "c", 0)]
    assert [q for q, _, _ in by_source(items)] == ["a1", "b1", "c1", "a2", "a3"]


def test_nearest_orders_by_similarity_and_handles_nothing():
    vecs = np.eye(3, dtype=np.float32)
    assert nearest(np.array([0, 0.8, 0.6], np.float32), vecs, ["x", "y", "z"], 2) == ("y", "z")
    assert nearest(np.array([1, 0, 0], np.float32), vecs[:0], [], 2) == ()
    assert nearest(np.array([1, 0, 0], np.float32), vecs, ["x", "y", "z"], 0) == ()


def test_select_keeps_answered_candidates_members_first_strong_before_weak():
    found = {
        "member q": (1, 0.50, "a"),
        "weak a": (2, 0.48, "a"),
        "strong a": (3, 0.80, "a"),
        "strong a again": (3, 0.90, "a"),  # the same quote as "strong a": dropped
        "strong b": (4, 0.70, "b"),
        "unanswered": (5, 0.30, "b"),
        "strong a2": (6, 0.75, "a"),
    }
    questions = [
        "weak a",
        "strong a",
        "strong a again",
        "member q",
        "strong b",
        "unanswered",
        "strong a2",
        "nothing",
    ]
    vecs = np.eye(len(questions), dtype=np.float32)
    kept = select(
        questions,
        vecs,
        lambda q, v: found.get(q),
        floor=0.47,
        strong=0.57,
        preferred=frozenset({"member q"}),
    )
    assert [q for q, _ in kept] == ["member q", "strong a", "strong b", "strong a2", "weak a"]
    assert np.array_equal(kept[1][1], vecs[1])
    assert (
        len(select(questions, vecs, lambda q, v: found.get(q), floor=0.47, strong=0.57, size=2))
        == 2
    )


def test_only_names_and_section_headings_make_questions():
    table = (
        "| Item | Proposed tariff | ¥ trillion (FY2025) |\n|---|---|---|\n"
        "| Processed minerals (oxides, metals) from non-partner countries | 25% | 1.2 |\n"
        "| **Total** | 10% | 3.4 |\n| Japan | 15% | 0.1 |\n"
    )
    # a long description or a bold total is no name, nor a column of symbols a noun
    assert row_questions(table) == ["What is Japan’s proposed tariff?"]
    # a thing's row is asked about with "for", a name's (a place, initials) with its possessive
    things = "| Mineral | Number of projects |\n|---|---|\n| Nickel | 4 |\n| JOGMEC | 2 |\n"
    assert row_questions(things) == ["What is the number of projects for nickel?", "What is JOGMEC’s number of projects?"]
    lines = "TOKYO, January 20, 2026\nSome text.\nBy Kanto Observer staff\nHome › Rare Earths › Producers\nWhy Rare Earths Matter\nMore text."
    assert heading_questions(lines) == ["What do the articles say about “Why Rare Earths Matter”?"]

