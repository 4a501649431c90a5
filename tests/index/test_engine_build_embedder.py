"""A question is never held up by a rebuild's embedding (issue 9; interim until the new backend).

The real model serialises its calls with a lock, so a question asked during a rebuild used to
wait for the whole batch encode. Rebuilds now embed with a twin of the model (`twin()`), and
questions keep the main instance to themselves. The fake below locks like the real one.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from index_testkit import FakeEmbedder

from index.config import CoreSettings
from index.engine import Engine

NEW_ARTICLE = (
    "Zebracorn Mining Opens New Refinery\n"
    "The Zebracorn company opened a rare earth refinery in Nevada on Monday, officials said. "
    "The zebracorn plant will process neodymium for magnets.\n"
)


class OneAtATimeEmbedder(FakeEmbedder):
    """The fake embedder with the real one's lock, and twins that share its hold/release."""

    def __init__(self) -> None:
        super().__init__()
        self._one_at_a_time = threading.Lock()
        self.twins: list[OneAtATimeEmbedder] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        with self._one_at_a_time:
            return super().embed(texts)

    def twin(self) -> OneAtATimeEmbedder:
        twin = OneAtATimeEmbedder()
        twin.entered, twin.release = self.entered, self.release
        twin.hold_on = "zebracorn"
        self.twins.append(twin)
        return twin


def test_questions_are_answered_while_a_rebuild_is_in_the_middle_of_embedding(
    fake_settings: CoreSettings, seeds_dir: Path
) -> None:
    model = OneAtATimeEmbedder()
    engine = Engine.open(fake_settings, embedder=model)
    (seeds_dir / "005_new.txt").write_text(NEW_ARTICLE)
    model.hold_on = "zebracorn"  # whichever instance embeds the new article, it stops there
    rebuild = threading.Thread(target=engine.reindex)
    rebuild.start()
    answers = []
    try:
        assert model.entered.wait(10), "the rebuild never reached the embedder"
        asker = threading.Thread(
            target=lambda: answers.append(engine.answer("Where was the agreement signed?"))
        )
        asker.start()
        asker.join(10)  # a question held up by the rebuild would wait until it is released
        assert answers and answers[0].answered
    finally:
        model.hold_on = None
        model.release.set()
        rebuild.join(10)
    assert not rebuild.is_alive()
    assert len(model.twins) == 1  # one twin, kept for the next rebuild
    assert "005_new" in {s.source.id for s in engine.sources()}
    engine.reindex()
    assert len(model.twins) == 1
    engine.close()
