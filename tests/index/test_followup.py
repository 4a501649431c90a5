"""Follow-ups: which questions lean on the previous one, how they are read, the vector blend."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from index_testkit import REPO

from index.followup import FRAME_WEIGHT, SWITCH_WEIGHT, Kind, blend, classify, is_follow_up, read


def eval_questions() -> list[str]:
    questions = []
    for name in (
        "dev.jsonl",
        "tune.jsonl",
        "members.jsonl",
        "questions-a.jsonl",
        "questions-b.jsonl",
    ):
        for line in (REPO / "eval" / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                questions.append(json.loads(line)["q"])
    return questions


@pytest.mark.parametrize(
    "question",
    [
        "who signed it?",
        "Why?",
        "when?",
        "How much?",
        "from where?",
        "What did he say?",
        "Is it binding?",
        "and who signed it?",
        "And when?",
        "and for how long?",
        "how so?",
        "What does it include?",
        "How much did they pledge?",
    ],
)
def test_questions_that_point_back_are_frame_follow_ups(question):
    assert classify(question) is Kind.FRAME
    assert is_follow_up(question)


@pytest.mark.parametrize(
    "question",
    [
        "and what about batteries?",
        "and cerium?",
        "what about Japan?",
        "How about the EU?",
        "and the US?",
        "what about the United States?",
        "But what about rare earth mining?",
    ],
)
def test_a_new_topic_for_the_old_question_is_a_switch(question):
    assert classify(question) is Kind.SWITCH


@pytest.mark.parametrize(
    "question",
    [
        "Where was the agreement signed?",
        "And who signed the agreement in Tokyo?",
        "How much did Japan pledge?",
        "batteries",
        "hi",
        "thanks!",
        "",
        "So, where was the agreement signed?",
        "cerium and lanthanum, what are those for",
        "so whats the timeline for the joint money thing",
        "is fusion part of it??",
        "How does it affect China?",
        "and what about the long list of every critical mineral the two governments named?",
    ],
)
def test_questions_that_name_their_topic_stand_alone(question):
    assert classify(question) is Kind.ALONE
    assert not is_follow_up(question)


def test_every_question_of_the_eval_sets_stands_alone():
    questions = eval_questions()
    assert len(questions) > 400
    # "who signed it" is in a blind set as a vague standalone question; it does lean on
    # whatever came before, and with nothing before it is read alone all the same.
    assert [q for q in questions if classify(q) is not Kind.ALONE] == ["who signed it"]


def test_a_frame_follow_up_is_read_with_the_previous_question_in_full():
    reading = read("who signed it?", "Where was the agreement signed?")
    assert reading.combined and reading.kind is Kind.FRAME
    assert reading.read_as == "Where was the agreement signed? Who signed it?"
    assert reading.text == reading.read_as
    assert reading.weight == FRAME_WEIGHT


def test_a_switch_drops_the_old_names_from_the_search_but_shows_both():
    reading = read("and China?", "Who are the EU's key partners for critical minerals?")
    assert reading.kind is Kind.SWITCH and reading.weight == SWITCH_WEIGHT
    assert "EU's" not in reading.text and "China" in reading.text and "partners" in reading.text
    assert reading.read_as == "Who are the EU's key partners for critical minerals? And China?"


def test_read_as_closes_a_previous_question_without_a_question_mark():
    assert (
        read("why?", "tell me about the JERA deal").read_as == "tell me about the JERA deal? Why?"
    )


@pytest.mark.parametrize("previous", [None, "", "   ", "who signed it?"])
def test_without_a_usable_previous_question_it_is_read_alone(previous):
    reading = read("who signed it?", previous)
    assert not reading.combined
    assert (reading.text, reading.read_as, reading.weight) == ("who signed it?", "", 0.0)


def test_a_standalone_question_ignores_the_previous_one():
    reading = read("Where was the agreement signed?", "What is lithium essential for?")
    assert not reading.combined and reading.read_as == ""


unit = (
    st.lists(st.floats(-1, 1, allow_nan=False), min_size=4, max_size=4)
    .map(np.array)
    .filter(lambda v: np.linalg.norm(v) > 1e-3)
    .map(lambda v: (v / np.linalg.norm(v)).astype(np.float32))
)


@given(unit, unit, st.floats(0, 2))
def test_blend_is_a_unit_vector_between_the_two(question, previous, weight):
    mixed = blend(question, previous, weight)
    assert abs(float(np.linalg.norm(mixed)) - 1) < 1e-4
    # Never further from the question than the previous question is.
    assert float(mixed @ question) >= float(previous @ question) - 1e-4


def test_blend_with_weight_zero_is_the_question_and_opposites_fall_back_on_it():
    q = np.array([1, 0, 0], dtype=np.float32)
    assert np.allclose(blend(q, np.array([0, 1, 0], np.float32), 0.0), q)
    assert np.allclose(blend(q, -q, 1.0), q)
