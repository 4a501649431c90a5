"""Follow-ups, other languages and examples with the real model on the real seeds.

Each follow-up below is found only when read with the previous question: asked alone it gets
something else, or nothing (these tests fail if `previous` is ignored).
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model

FOLLOW_UPS = [
    # (previous question, follow-up, words the follow-up's answer must quote)
    ("When will JERA start importing US LNG?", "how much?", "5.5 million tons"),
    ("When will JERA start importing US LNG?", "and for how long?", "20 years"),
    ("What defense spending target did Takaichi announce?", "why?", "defense spending"),
    (
        "Which products are priorities for the joint projects?",
        "and what about batteries?",
        "magnets, batteries",
    ),
    ("Who are the EU's key partners for critical minerals?", "what about Japan?", "Japan — "),
    ("Who are the EU's key partners for critical minerals?", "and China?", "China — "),
]


def quoted(answer) -> str:
    return "\n".join(q.text for q in answer.quotes)


@pytest.mark.parametrize(("previous", "question", "expected"), FOLLOW_UPS)
def test_a_follow_up_is_answered_with_the_previous_question(
    real_engine, previous: str, question: str, expected: str
) -> None:
    alone = real_engine.answer(question)
    assert expected not in quoted(alone)
    answer = real_engine.answer(question, previous=previous)
    assert answer.answered and expected in quoted(answer)
    assert answer.read_as.startswith(previous)
    assert answer.read_as.casefold().endswith(question.casefold())


def test_a_follow_up_to_an_unanswerable_question_is_still_declined(real_engine) -> None:
    answer = real_engine.answer("why?", previous="What is the capital of Australia?")
    assert not answer.answered and answer.reason == "not_covered"


@pytest.mark.parametrize(
    "question", ["レアアースの協定はどこで署名されましたか？", "Где было подписано соглашение?"]
)
def test_a_question_in_another_script_gets_the_honest_reason(real_engine, question: str) -> None:
    answer = real_engine.answer(question)
    assert (answer.answered, answer.reason) == (False, "not_english")
    assert "English" in answer.suggestion


def test_examples_are_well_answered_questions(real_engine) -> None:
    examples = real_engine.examples(5)
    assert len(examples) == 5
    threshold = real_engine.tuning.answer_threshold
    for example in examples:
        answer = real_engine.answer(example)
        assert answer.answered and answer.quotes[0].score >= threshold + 0.1


def test_a_decline_suggests_examples_near_the_question(real_engine) -> None:
    answer = real_engine.answer("How many electric cars did Tesla sell in China?")
    assert not answer.answered and len(answer.examples) == 2
    assert all("China" in example for example in answer.examples)
