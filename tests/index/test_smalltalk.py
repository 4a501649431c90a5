"""Small talk is told from questions, and no question is ever taken for small talk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.smalltalk import Talk, small_talk

EVAL = Path(__file__).resolve().parents[2] / "eval"


def questions(name: str) -> list[str]:
    lines = (EVAL / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["q"] for line in lines if line.strip()]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("hi!", Talk.GREETING),
        ("Hiiii", Talk.GREETING),
        ("gm", Talk.GREETING),
        ("good morning everyone", Talk.GREETING),
        ("hello?", Talk.GREETING),
        ("gm everyone how's it going 😄", Talk.GREETING),
        ("how are you?", Talk.GREETING),
        ("whats up guys", Talk.GREETING),
        ("hey bot, how r u", Talk.GREETING),
        ("thanks, that's useful!", Talk.THANKS),
        ("Thank you so much for the answer", Talk.THANKS),
        ("ok thanks", Talk.THANKS),
        ("ty", Talk.THANKS),
        ("lol", Talk.LAUGH),
        ("looool", Talk.LAUGH),
        ("hahaha", Talk.LAUGH),
        ("ok", Talk.ACK),
        ("got it, makes sense", Talk.ACK),
        ("cool", Talk.ACK),
        ("bye!", Talk.FAREWELL),
        ("👍", Talk.EMOJI),
        ("🙂🙂", Talk.EMOJI),
        (":)", Talk.EMOJI),
        ("<:pepe:123456789012345678>", Talk.EMOJI),
        ("help", Talk.HELP),
        ("What can you do?", Talk.HELP),
        ("how does this work?", Talk.HELP),
    ],
)
def test_small_talk(text: str, kind: Talk):
    assert small_talk(text) is kind


@pytest.mark.parametrize(
    "text",
    [
        "is that true?",
        "ok?",
        "really?",
        "why?",
        "who signed it?",
        "and batteries?",
        "thanks, who signed it?",
        "hi, where was the agreement signed?",
        "help me understand the stockpiling arrangement",
        "What can you tell me about lithium?",
        "lithium",
        "2030?",
        "",
        "\u200b\u2060\ufeff",  # invisible only: refused as an empty question instead
        "\ud800",
        "Thanks for the 550 billion figure",
        "how's it going with the stockpile?",
        "what's up with china's export controls",
        "how are things going for the six month plan",
    ],
)
def test_questions_and_topics_are_not_small_talk(text: str):
    assert small_talk(text) is None


@pytest.mark.parametrize(
    "name", ["dev.jsonl", "members.jsonl", "questions-a.jsonl", "questions-b.jsonl"]
)
def test_every_question_of_the_shared_eval_sets_is_a_question(name: str):
    found = questions(name)
    assert len(found) >= 15
    assert [q for q in found if small_talk(q) is not None] == []


def test_our_tuning_set_has_one_greeting_and_otherwise_questions():
    talk = {q: small_talk(q) for q in questions("tune.jsonl") if small_talk(q) is not None}
    assert talk == {"hello": Talk.GREETING}  # listed there as out of scope, and it is chatter
