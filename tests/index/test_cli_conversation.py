"""The command line says why a question was declined, and how a follow-up was read."""

from __future__ import annotations

from index.cli import answer_json, format_answer
from index.declines import TOPIC_PHRASES, not_covered_line, not_english_line, unrecorded_line
from index.query import TOPICS
from index.records import Answer, Quote, Source


def test_a_question_in_another_language_is_told_so_not_that_it_is_not_covered():
    answer = Answer(
        "稀土协议在哪里签署？",
        False,
        reason="not_english",
        suggestion=not_english_line("Chinese", ["Who signed it?"]),
        examples=("Who signed it?",),
    )
    text = format_answer(answer)
    assert "That looks like Chinese. I can only read questions in English" in text
    assert "don't cover" not in text
    assert answer_json(answer)["reason"] == "not_english"


def test_a_decline_names_examples_and_json_carries_them():
    answer = Answer(
        "Capital of Australia?",
        False,
        reason="not_covered",
        suggestion=not_covered_line(["Who signed it?", "Where?"]),
        examples=("Who signed it?", "Where?"),
    )
    assert "They do answer e.g. “Who signed it?” or “Where?”." in format_answer(answer)
    assert answer_json(answer)["examples"] == ["Who signed it?", "Where?"]
    assert answer_json(answer)["unmentioned"] == []


def test_decline_lines_without_examples():
    assert not_covered_line() == "The articles don't cover that."
    closest = not_covered_line(nearest=[Source("a", "The Deal")])
    assert closest == "The articles don't cover that; the closest is “The Deal”."
    assert not_english_line("").startswith("I can only read questions in English")
    assert not_covered_line(unmentioned=["new york"]) == "None of the articles mention New York."
    assert not_covered_line(unmentioned=["nato", "congress"]) == "None of the articles mention NATO or Congress."
    said = not_covered_line(untold=["market"])
    assert said == "None of the articles says how markets moved (stocks, shares or prices)."


def test_every_topic_a_question_can_ask_has_words_for_its_decline():
    assert {t.name for t in TOPICS} <= set(TOPIC_PHRASES)
    blog = Source("b", "The U.S.–Japan deals")
    assert unrecorded_line(blog, "date") == "“The U.S.–Japan deals” doesn't give the date it was published."
    assert unrecorded_line(Source("c", "Deal", "Clash"), "outlet") == "“Deal” doesn't name the outlet that published it."
    assert unrecorded_line(Source("c", "Deal", "Clash"), "author") == "“Deal” (Clash) doesn't name its author."
    assert unrecorded_line(Source("c", "Deal", "Clash"), "credit") == "“Deal” (Clash) doesn't credit a photo."
    assert unrecorded_line(Source("c", "Deal", "Clash"), "cites") == "“Deal” (Clash) doesn't list its sources."
    assert unrecorded_line(Source("c", "Deal", "Clash"), "link") == "“Deal” (Clash) has no link recorded."
    assert not_covered_line(["Who?"], unmentioned=["united states of america"]) == (
        "None of the articles mention United States of America. They do answer e.g. “Who?”."
    )


def test_a_source_card_is_not_printed_as_a_quotation():
    source = Source("law", "Minerals alert", "Smith LLP")
    card = Quote("Minerals alert; published by Smith LLP", source, 1.0, 0, 0, "", kind="source")
    passage = Quote("The pact was signed on Monday.", source, 0.7, 0, 30, "c1")
    text = format_answer(Answer("who wrote it?", True, (card, passage)))
    assert "1. [source card] Minerals alert; published by Smith LLP" in text
    assert "“Minerals alert" not in text and "2. “The pact was signed on Monday.”" in text
