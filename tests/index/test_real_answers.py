"""The bundled all-MiniLM-L6-v2 on the real seeds: right passages, verbatim, attributed, or declined.

One Engine for the module (session-scoped, temporary data folder): the model loads once.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from index_testkit import REPO, SEEDS

from index.corpus import load_corpus
from index.evaluate import evaluate, read_cases
from index.records import Answer, Quote
from index.text import looks_like_mojibake

pytestmark = pytest.mark.model

# A copy of ../shared/eval/dev.jsonl, so the suite runs on any clone (CI has shared/ beside it).
DEV = REPO / "eval" / "dev.jsonl"
TUNE = REPO / "eval" / "tune.jsonl"
MANIFEST = tomllib.loads((SEEDS / "sources.toml").read_text(encoding="utf-8"))
TITLES = {name.removesuffix(".txt"): entry["title"] for name, entry in MANIFEST.items()}
CLEAN = {d.source.id: d.clean for d in load_corpus(SEEDS).documents}

FURNITURE = re.compile(
    r"leave a comment|captcha|related (topics|news)|thanks for putting|featured image|"
    r"pixabay|unsplash|^tweet|\bby:|hesitate to contact|last updated on|clashreport",
    re.IGNORECASE,
)
QUESTIONS = [
    "Where was the agreement signed?",
    "What is lithium essential for?",
    "Who are the EU's partners?",
    "What share of rare earths does China process?",
    "Who signed the agreement?",
    "How much will Japan invest in the United States?",
    "What is the stockpiling arrangement?",
    "When will JERA start importing LNG?",
    "What did Trump say about Japan?",
    "What are the key caveats of the framework?",
    "Which reactors are part of the nuclear cooperation?",
    "What does the EU's Critical Raw Materials Act aim for?",
]


def ask(engine, question: str) -> Answer:
    answer = engine.answer(question)
    assert answer.question == question
    return answer


def is_row(quote: Quote) -> bool:
    return CLEAN[quote.source.id][quote.start : quote.end].startswith("|")


def assert_verbatim(quote: Quote) -> None:
    clean = CLEAN[quote.source.id]
    if is_row(quote):
        # a table row is quoted with its column names: every cell of the row is in the quote
        cells = [c.strip() for c in clean[quote.start : quote.end].strip("|").split("|")]
        assert quote.text.startswith(cells[0])
        assert all(c in quote.text for c in cells), quote.text
    else:
        assert quote.text == clean[quote.start : quote.end], quote.text


def assert_clean_quote(quote: Quote) -> None:
    assert_verbatim(quote)
    assert 0 < len(quote.text) <= 600
    assert not looks_like_mojibake(quote.text)
    assert not re.search("[šŸāĀ€]", quote.text), quote.text
    assert not FURNITURE.search(quote.text), quote.text
    assert quote.source.title == TITLES[quote.source.id]
    for other in quote.also:
        assert other.id != quote.source.id and other.title == TITLES[other.id]


def test_where_was_it_signed(real_engine) -> None:
    answer = ask(real_engine, "Where was the agreement signed?")
    assert answer.answered
    akasaka = [q for q in answer.quotes if "Akasaka Palace" in q.text]
    assert akasaka, [q.text for q in answer.quotes]
    assert akasaka[0].source.title in TITLES.values()


def test_lithium(real_engine) -> None:
    top = ask(real_engine, "What is lithium essential for?").quotes[0]
    assert top.text == "Lithium is essential for rechargeable batteries."
    assert (
        top.source.title
        == "U.S.–Japan trade agreement on mining and critical mineral supply chains"
    )


def test_eu_partners_come_from_the_table_row(real_engine) -> None:
    top = ask(real_engine, "Who are the EU's partners?").quotes[0]
    assert top.text.startswith("European Union")
    assert "Key Partners: Norway, Chile, Namibia" in top.text


def test_same_fact_from_several_sources_is_quoted_once(real_engine) -> None:
    answer = ask(real_engine, "What share of rare earths does China process?")
    top = answer.quotes[0]
    assert re.search(r"9[02](%| percent)", top.text), top.text
    assert top.also, "expected 'also reported by' other sources"
    assert {top.source.id, *(s.id for s in top.also)} >= {
        "001_bd96c734c061e8b4",
        "002_5cb4e665f289d482",
    }
    # no quote is repeated: each source's passage appears once
    spans = [(q.source.id, q.start, q.end) for q in answer.quotes]
    assert len(spans) == len(set(spans))


@pytest.mark.parametrize(
    "question", ["What is the capital of Australia?", "What's the weather in Tokyo tomorrow?"]
)
def test_out_of_scope_is_declined(real_engine, question: str) -> None:
    answer = ask(real_engine, question)
    assert not answer.answered and answer.quotes == ()
    assert answer.suggestion


def test_every_quote_is_verbatim_clean_and_short(real_engine) -> None:
    questions = [*QUESTIONS, *(c.question for c in read_cases(DEV) if not c.abstain)]
    extra = [c.question for c in read_cases(TUNE) if not c.abstain][:12] if TUNE.exists() else []
    quoted = 0
    for question in questions + extra:
        answer = ask(real_engine, question)
        if question in extra and not answer.answered:
            continue  # the tuning set is the engine's business; only its quotes are checked here
        assert answer.answered, question
        assert 1 <= len(answer.quotes) <= 3
        scores = [q.score for q in answer.quotes]
        assert scores == sorted(scores, reverse=True)
        for quote in answer.quotes:
            assert_clean_quote(quote)
            quoted += 1
    assert quoted >= len(questions)


def test_dev_set_hit_at_1_and_abstention(real_engine) -> None:
    report = evaluate(real_engine, read_cases(DEV))
    summary = report.summary()
    assert report.hit1 >= 0.9, summary
    assert report.abstention_accuracy == 1.0, summary
    assert report.false_abstentions == 0, summary
    assert report.max_quote_chars <= 600, summary
    # the threshold sits between the weakest answer and the strongest non-answer
    calibration = report.calibration()
    assert calibration["highest_out_of_scope"] < report.threshold < calibration["lowest_in_scope"]


def test_dev_file_is_where_we_expect() -> None:
    assert DEV.exists(), f"missing {DEV}"
    assert Path(DEV).read_text(encoding="utf-8").count("\n") >= 10
