"""A question is never held up by a rebuild's embedding (issue 9).

The engine embeds rebuilds with a model session of its own (`build_embedder`), so questions
keep theirs. The fake below locks like a model that runs one call at a time: if questions and
rebuilds shared it, a question asked while a rebuild is held mid-embed would wait for it.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from index_testkit import FakeEmbedder

from index.config import CoreSettings
from index.embed import Pooled
from index.engine import Engine

NEW_ARTICLE = (
    "Zebracorn Mining Opens New Refinery\n"
    "The Zebracorn company opened a rare earth refinery in Nevada on Monday, officials said. "
    "The zebracorn plant will process neodymium for magnets.\n"
)


class OneAtATime(FakeEmbedder):
    """The fake embedder with one lock around every call, like a single model session."""

    def __init__(self) -> None:
        super().__init__()
        self._one_at_a_time = threading.Lock()

    def embed(self, texts: Sequence[str]):
        with self._one_at_a_time:
            return super().embed(texts)

    def embed_spans(self, texts: Sequence[str], spans) -> list[Pooled]:
        with self._one_at_a_time:
            return super().embed_spans(texts, spans)


def test_questions_are_answered_while_a_rebuild_is_in_the_middle_of_embedding(
    fake_settings: CoreSettings, seeds_dir: Path
) -> None:
    questions, builds = OneAtATime(), OneAtATime()
    engine = Engine.open(fake_settings, embedder=questions, build_embedder=builds)
    (seeds_dir / "005_new.txt").write_text(NEW_ARTICLE)
    builds.hold_on = "zebracorn"  # the rebuild stops inside the embedding of the new article
    rebuild = threading.Thread(target=engine.reindex)
    rebuild.start()
    answers = []
    try:
        assert builds.entered.wait(10), "the rebuild never reached the embedder"
        asker = threading.Thread(
            target=lambda: answers.append(engine.answer("Where was the agreement signed?"))
        )
        asker.start()
        asker.join(10)  # a question held up by the rebuild would wait until it is released
        assert answers, "the question waited for the rebuild's embedding"
    finally:
        builds.hold_on = None
        builds.release.set()
        rebuild.join(10)
    assert not rebuild.is_alive()
    assert "005_new" in {s.source.id for s in engine.sources()}
    assert questions.texts_embedded > 0 and builds.texts_embedded > 0
    engine.close()
