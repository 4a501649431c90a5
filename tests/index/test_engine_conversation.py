"""The engine's conversation API with the fake embedder: follow-ups, declines that help, other
languages, verified examples (cached per index), the context of a quote, a source's text."""

from __future__ import annotations

import shutil

import pytest
from index_testkit import FakeEmbedder, fake_tuning

from index.config import CoreSettings
from index.corpus import load_corpus
from index.embed import text_key
from index.engine import Engine

SIGNED_WHERE = "Where was the agreement signed?"
# Declined whatever the (fake) embedding: its words are in no article.
UNCOVERED = "What do zebracorns eat in Xanadu?"
ZEBRA = (
    "Zebracorn Mining Opens New Refinery\n"
    "Why did the zebracorn refinery open in Nevada?\n"
    "The Zebracorn company opened the refinery in Nevada to process neodymium for magnets.\n"
)


@pytest.fixture
def engine(fake_settings: CoreSettings, fake: FakeEmbedder):
    opened = Engine.open(fake_settings, embedder=fake, tuning=fake_tuning())
    yield opened
    opened.close()


def test_an_elliptical_follow_up_is_read_with_the_previous_question(engine: Engine):
    alone = engine.answer("who signed it?")
    follow = engine.answer("who signed it?", previous=SIGNED_WHERE)
    assert alone.read_as == ""
    assert follow.answered
    assert follow.question == "who signed it?"
    assert follow.read_as == "Where was the agreement signed? Who signed it?"
    assert any("Tokyo" in q.text for q in follow.quotes)  # still about the signing it asked of


def test_a_self_contained_question_ignores_the_previous_one(engine: Engine):
    plain = engine.answer("What is lithium essential for?")
    after = engine.answer("What is lithium essential for?", previous=SIGNED_WHERE)
    assert after.read_as == ""
    assert [q.text for q in after.quotes] == [q.text for q in plain.quotes]


def test_a_question_in_another_script_is_declined_as_not_english(engine: Engine):
    answer = engine.answer("レアアースの協定はどこで署名されましたか？")
    assert (answer.answered, answer.reason, answer.quotes) == (False, "not_english", ())
    assert "Japanese" in answer.suggestion and "English" in answer.suggestion
    assert "don't cover" not in answer.suggestion
    assert len(answer.examples) == 1 and engine.answer(answer.examples[0]).answered


@pytest.mark.parametrize("chatter", ["gm gm ☕", "gm everyone how's it going 😄", "thanks!"])
def test_chatter_gets_no_quote_but_an_answerable_example(engine: Engine, chatter: str):
    answer = engine.answer(chatter)
    assert (answer.answered, answer.reason, answer.quotes) == (False, "small_talk", ())
    assert answer.suggestion.startswith("That reads as chat")
    assert len(answer.examples) == 1 and engine.answer(answer.examples[0]).answered


def test_a_decline_points_to_answerable_examples_and_the_nearest_sources(engine: Engine):
    answer = engine.answer(UNCOVERED)
    assert (answer.answered, answer.reason) == (False, "not_covered")
    assert 1 <= len(answer.nearest) <= 2
    assert {s.id for s in answer.nearest} <= {s.source.id for s in engine.sources()}
    assert len(answer.examples) == 2
    for example in answer.examples:
        assert engine.answer(example).answered
        assert f"“{example}”" in answer.suggestion
    assert "The articles cover:" not in answer.suggestion  # no list of titles any more
    assert engine.answer(SIGNED_WHERE).reason == ""


def test_examples_are_answered_from_different_quotes_and_cached_per_index(
    engine: Engine, fake: FakeEmbedder
):
    examples = engine.examples(8)
    assert len(examples) >= 3
    firsts = set()
    for example in examples:
        answer = engine.answer(example)
        assert answer.answered
        firsts.add((answer.quotes[0].source.id, answer.quotes[0].start))
    assert len(firsts) == len(examples)
    embedded = fake.questions_embedded
    assert engine.examples(3) == examples[:3]
    assert fake.questions_embedded == embedded  # cached: nothing verified again


def test_examples_change_with_the_index(engine: Engine, fake_settings: CoreSettings):
    assert not any("zebracorn" in q.casefold() for q in engine.examples(30))
    (fake_settings.seeds_dir / "zebra.txt").write_text(ZEBRA, encoding="utf-8")
    engine.reindex()
    assert "Why did the zebracorn refinery open in Nevada?" in engine.examples(30)


def test_members_candidates_come_first_when_answered(engine: Engine):
    found = engine.examples(
        3, candidates=[UNCOVERED, SIGNED_WHERE, "What is lithium for?"]
    )
    assert found[0] == SIGNED_WHERE
    assert UNCOVERED not in found
    assert engine.examples(3)[0] != SIGNED_WHERE  # another candidate list, another cache
    # Members' words are not kept in the embedding cache (it has no retention period).
    assert engine._cache is not None
    assert engine._cache.get_many(engine.embedder.name, [text_key(SIGNED_WHERE)], 64) == {}


def test_examples_near_a_question_come_first(engine: Engine):
    pool = engine.examples(8)
    last = pool[-1]
    near = engine.examples(len(pool), near=" ".join(reversed(last.split())))  # same words
    assert near[0] == last and sorted(near) == sorted(pool)


def test_context_marks_a_quote_in_its_paragraph(engine: Engine):
    quote = engine.answer("What is lithium essential for?").quotes[0]
    context = engine.context(quote.source.id, quote.start, quote.end)
    assert context is not None and context.source == quote.source
    assert context.paragraph[context.mark_start : context.mark_end] == quote.text
    assert context.paragraph in engine.source_text(quote.source.id)
    assert engine.context("no-such-source", quote.start, quote.end) is None
    assert engine.context(quote.source.id, quote.start + 1, quote.end) is None  # stale span


def test_source_text_is_the_cleaned_text(engine: Engine, fake_settings: CoreSettings):
    docs = load_corpus(fake_settings.seeds_dir).documents
    for doc in docs:
        assert engine.source_text(doc.source.id) == doc.clean
    assert engine.source_text("nope") == ""


def test_a_loaded_index_has_the_texts_too(fake_settings: CoreSettings, engine: Engine):
    engine.close()
    again = Engine.open(fake_settings, embedder=FakeEmbedder(), tuning=fake_tuning())
    assert again.opened_report is None  # loaded, not rebuilt
    doc = load_corpus(fake_settings.seeds_dir).documents[0]
    assert again.source_text(doc.source.id) == doc.clean
    again.close()


def test_without_the_seeds_folder_the_saved_index_still_has_texts_and_context(
    fake_settings: CoreSettings, engine: Engine, caplog
):
    """The cleaned texts live in the index's segments: a data folder shipped without its seeds
    (an image, a read-only volume) answers with context and examples, warning once."""
    quote = engine.answer("What is lithium essential for?").quotes[0]
    text = engine.source_text(quote.source.id)
    examples = engine.examples(3)
    engine.close()
    shutil.rmtree(fake_settings.seeds_dir)
    caplog.set_level("WARNING")
    served = Engine.open(fake_settings, embedder=FakeEmbedder(), tuning=fake_tuning())
    assert len([r for r in caplog.records if r.levelname == "WARNING"]) <= 1
    assert served.opened_report is None
    assert served.answer("What is lithium essential for?").quotes[0] == quote
    assert served.source_text(quote.source.id) == text
    context = served.context(quote.source.id, quote.start, quote.end)
    assert context is not None and context.paragraph[context.mark_start : context.mark_end] == quote.text
    assert served.examples(3) == examples
    declined = served.answer(UNCOVERED)
    assert declined.nearest and len(declined.examples) == 2
    served.close()
