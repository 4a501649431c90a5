"""Reading labelled question files and scoring them against a grown corpus (index/evaluate.py)."""

from __future__ import annotations

from pathlib import Path

from index.evaluate import ADDED_CATEGORY, read_cases, with_added

LINES = "\n".join(
    [
        '{"id": "n1", "q": "what tariff did south korea get", "expect": [], "abstain": true, "category": "near_miss",'
        ' "added_answer": [{"file": "d26_korea.txt", "expect": ["15 percent"]}]}',
        '{"id": "n2", "q": "which agency runs the stockpile", "expect": [], "abstain": true, "category": "near_miss"}',
        '{"id": "r1", "q": "when was it signed", "expect": ["October 28"], "category": "answer_type"}',
    ]
)


def test_a_near_miss_an_added_article_answers_is_a_question_to_answer_once_it_is_in(tmp_path: Path) -> None:
    path = tmp_path / "questions.jsonl"
    path.write_text(LINES + "\n", encoding="utf-8")
    cases = read_cases(path)
    grown = {c.id: c for c in with_added(cases, {"d26_korea.txt", "d01_other.txt"})}
    assert not grown["n1"].abstain and grown["n1"].expect == ("15 percent",)
    assert grown["n1"].category == ADDED_CATEGORY  # reported apart from the main story's questions
    assert grown["n2"].abstain and grown["n2"].category == "near_miss"  # no added article answers it
    assert grown["r1"] == cases[2]


def test_without_the_article_that_answers_it_a_near_miss_stays_one(tmp_path: Path) -> None:
    path = tmp_path / "questions.jsonl"
    path.write_text(LINES + "\n", encoding="utf-8")
    cases = read_cases(path)
    assert with_added(cases, {"h01_elsewhere.txt"}) == cases
    assert with_added(cases, set()) == cases
