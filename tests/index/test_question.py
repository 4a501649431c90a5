"""Checking questions at the boundary (index/question.py): what each asker is told."""

from __future__ import annotations

import pytest

import index
from index.question import EMPTY_MESSAGE, INVALID_MESSAGE, validate_question
from index.records import MAX_QUESTION_CHARS, QuestionError


@pytest.mark.parametrize(
    "question",
    [
        "",
        "   \t\n",
        "\u200b",  # zero-width space
        "\u200b\u200c\u200d",  # ... and the joiners
        "\ufeff",  # byte-order mark
        "\u200e\u200f\u061c",  # directional marks
        "\u202e\u2066\u2069",  # bidi override and isolates
        "\u2060\u00ad \u180e",  # word joiner, soft hyphen, Mongolian vowel separator
        "\u3164\u115f\u2800",  # Hangul fillers and the blank braille cell
        "\ufe0f\u034f",  # a variation selector and a grapheme joiner with no base
        "\U000e0041\U000e007f",  # tag characters
        "\x00\x07\x1b",  # control characters
    ],
)
def test_invisible_only_questions_are_empty(question: str) -> None:
    with pytest.raises(QuestionError) as err:
        validate_question(question)
    assert str(err.value) == EMPTY_MESSAGE


@pytest.mark.parametrize(
    "question",
    [
        "Who signed\udcff the deal?",  # invalid UTF-8 read with surrogateescape (argv, stdin)
        "\udcc3\udca9",
        "\ud800 alone",  # a JSON "\ud800"
        "half a pair \ude00",
    ],
)
def test_lone_surrogates_are_refused_with_a_message(question: str) -> None:
    with pytest.raises(QuestionError) as err:
        validate_question(question)
    assert str(err.value) == INVALID_MESSAGE
    assert "\n" not in str(err.value)


def test_a_surrogate_pair_is_joined_into_its_character() -> None:
    assert validate_question("Is it \ud83d\ude00 good?") == "Is it 😀 good?"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Who\u200b signed the\u00a0agreement?", "Who signed the agreement?"),
        ("\ufeffWhere was it signed?", "Where was it signed?"),
        ("rare\u200bearths\u2060 share?", "rareearths share?"),
        ("\u202eWho signed?\u202c", "Who signed?"),
        ("Who\x00signed?", "Who signed?"),
        ("  many\n\tspaces  ", "many spaces"),
        # kept: joiners inside emoji sequences and Persian spelling, and every script
        ("Is 👩\u200d🔬 a scientist?", "Is 👩\u200d🔬 a scientist?"),
        ("می\u200cخواهم", "می\u200cخواهم"),
        ("日本はどこで署名しましたか？", "日本はどこで署名しましたか？"),
    ],
)
def test_questions_are_tidied(question: str, expected: str) -> None:
    assert validate_question(question) == expected


def test_length_is_counted_after_tidying() -> None:
    assert validate_question("\u200b" * 5000 + "why?") == "why?"
    assert len(validate_question("a" * MAX_QUESTION_CHARS)) == MAX_QUESTION_CHARS
    with pytest.raises(QuestionError, match="2,001 characters"):
        validate_question("a" * (MAX_QUESTION_CHARS + 1))


def test_the_bot_gets_the_same_function_from_the_package() -> None:
    from index import engine

    assert index.validate_question is validate_question
    assert engine.validate_question is validate_question
