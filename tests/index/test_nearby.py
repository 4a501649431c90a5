"""Unknown everyday words read as the nearest corpus words (pure, with hand-made vectors)."""

from __future__ import annotations

import numpy as np
import pytest
from index_testkit import FakeEmbedder

from index.embed import EmbeddingCache, vectors_cached
from index.nearby import WEIGHT, WordSpace, asked_words, corpus_words, everyday, expand
from index.query import Vocabulary, analyse


def unit(*xs: float) -> np.ndarray:
    v = np.asarray(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


@pytest.mark.parametrize("word", ["annoyed", "biggest", "woman", "nickname"])
def test_everyday_words_take_part(word: str) -> None:
    assert everyday(word)


@pytest.mark.parametrize("word", ["bessent", "takaichi", "the", "lol", "ok", "x2"])
def test_names_stopwords_filler_and_tokens_do_not(word: str) -> None:
    assert not everyday(word)


def test_corpus_words_keep_the_most_used_everyday_words() -> None:
    counts = {"frustrated": 3, "largest": 9, "takaichi": 12, "female": 1, "the": 40}
    assert corpus_words(counts) == ["female", "frustrated", "largest"]
    assert corpus_words(counts, most=2) == ["frustrated", "largest"]


def test_nearest_keeps_close_words_above_the_floor_closest_first() -> None:
    space = WordSpace(("female", "frustrated", "largest"), np.stack([unit(1, 0, 0), unit(0, 1, 0), unit(0, 0, 1)]))
    asked = np.stack([unit(0.2, 1, 0), unit(1, 1, 1), unit(0, 0, 1)])
    assert space.nearest(asked, floor=0.9) == [("frustrated",), (), ("largest",)]
    assert space.nearest(asked, floor=0.5, most=2)[1] == ("female", "frustrated")
    assert WordSpace().nearest(asked) == [(), (), ()]


def test_expansion_adds_weaker_terms_and_leaves_the_abstention_signals() -> None:
    vocab = Vocabulary.of({"frustrated": 2, "export": 5, "controls": 5})
    query = analyse("who got annoyed by the export controls", vocab)
    assert asked_words(query) == ["annoyed"]
    expanded = expand(query, {"annoyed": ("frustrated",)})
    assert dict(zip(expanded.terms, expanded.weights, strict=True))["frustrat"] == WEIGHT
    assert expanded.terms[: len(query.terms)] == query.terms
    assert expanded.unknown == query.unknown == ("annoyed",)
    assert expand(query, {}) is query


def test_a_name_the_corpus_lacks_is_not_looked_up() -> None:
    vocab = Vocabulary.of({"australia": 3, "deal": 5})
    query = analyse("What did Brazil and Bessent say about the deal", vocab)
    assert {"brazil", "bessent"} <= set(query.unknown)
    assert asked_words(query) == []
    assert asked_words(analyse("Annoyed? who was", vocab)) == ["annoyed"]  # the first word may be capitalised


def test_word_vectors_are_embedded_once_per_data_folder(tmp_path) -> None:
    first = FakeEmbedder()
    cache = EmbeddingCache(tmp_path / "embeddings.sqlite")
    vectors = vectors_cached(first, cache, ["frustrated", "largest"])
    cache.close()
    assert first.texts_embedded == 2 and vectors.shape == (2, first.dim)

    again = FakeEmbedder()  # another process, serving the index the first one built
    cache = EmbeddingCache(tmp_path / "embeddings.sqlite")
    assert np.allclose(vectors_cached(again, cache, ["largest", "frustrated"]), vectors[::-1])
    cache.close()
    assert again.texts_embedded == 0
