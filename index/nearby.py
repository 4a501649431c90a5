"""Words the articles don't use, read as the nearest words they do use.

Members ask in their own words: "who's annoyed about the export rules" where an article says
"frustrated", "the biggest economies" where it says "largest", "is she the first woman" where
it says "female". The embedding model reads the whole question and catches some of this; the
lexical side, which matters most for short distinctive sentences, sees no match at all. The hand
lexicon (`index.lexicon`) covers slang and short forms, but cannot list every synonym.

So each ordinary English word the corpus uses is embedded once, on its own, when an index is
loaded (a few thousand short texts; a few seconds for tens of thousands). A question word the
corpus never uses is embedded with the question, and its nearest corpus words above a
similarity floor are added to the lexical search at half weight, like an alias. The word
itself stays "unknown" for abstention: an expansion helps find the passage that says it in
other words, it is not evidence that the articles cover the question.

Only everyday words take part (wordfreq's Zipf >= 3), and not a word the member capitalised
inside the question: a name the corpus lacks ("Bessent", "Brazil") must not turn into one it
has ("Takaichi", "Australia"); names are where single-word embeddings mislead most
(neighbouring countries, months and weekdays sit close together). A common name typed in lower
case ("brazil") can still be expanded; it stays unknown, so abstention weighs it as before.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from index.lexical import STOPWORDS, tokenize
from index.lexicon import FILLER
from index.query import Query, zipf

FLOOR = 0.65  # cosine between two words' vectors above which one may stand in for the other
MOST = 3  # nearest corpus words taken per question word
WEIGHT = 0.5  # an expansion's weight in the lexical search (a question's own words weigh 1)
MIN_ZIPF = 3.0  # only everyday English words, on both sides (see the module's docstring)
MAX_WORDS = 50_000  # corpus words embedded at most (the most used), whatever the corpus size


def everyday(word: str) -> bool:
    """Whether a word may take part in expansion: an ordinary English word with content."""
    return (
        word.isalpha()
        and len(word) > 2
        and word not in STOPWORDS
        and word not in FILLER
        and zipf(word) >= MIN_ZIPF
    )


def corpus_words(counts: Mapping[str, int], most: int = MAX_WORDS) -> list[str]:
    """The corpus words to embed, sorted: its everyday words, the `most` most used of them."""
    words = [w for w in counts if everyday(w)]
    words.sort(key=lambda w: (-counts[w], w))
    return sorted(words[:most])


_WORD = re.compile(r"[^\W\d_]+")


def asked_words(query: Query) -> list[str]:
    """The question's words to look up: everyday words no passage uses, names left out."""
    written = _WORD.findall(query.text)
    capitalised = {w.lower() for w in written[1:] if w[0].isupper()}
    return [w for w in query.unknown if everyday(w) and w not in capitalised]


@dataclass(frozen=True)
class WordSpace:
    """The corpus's everyday words and their unit vectors (one row per word)."""

    words: tuple[str, ...] = ()
    vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))

    def nearest(
        self, vectors: np.ndarray, *, floor: float = FLOOR, most: int = MOST
    ) -> list[tuple[str, ...]]:
        """For each row of `vectors`, the closest corpus words above `floor`, closest first."""
        if not self.words or not len(vectors):
            return [() for _ in range(len(vectors))]
        sims = np.asarray(vectors, dtype=np.float32) @ self.vectors.T
        found: list[tuple[str, ...]] = []
        for row in sims:
            top = np.flatnonzero(row >= floor)
            top = top[np.argsort(-row[top], kind="stable")][:most]
            found.append(tuple(self.words[i] for i in top))
        return found


def expand(query: Query, neighbours: Mapping[str, Sequence[str]], weight: float = WEIGHT) -> Query:
    """The query with each unknown word's neighbours added as lexical terms (pure).

    Terms already in the query keep their weight; `unknown` and the other abstention signals
    are left as they were.
    """
    extra: dict[str, float] = {}
    have = set(query.terms)
    for word in query.unknown:
        for near in neighbours.get(word, ()):
            for term in tokenize(near):
                if term not in have and term not in extra:
                    extra[term] = weight
    if not extra:
        return query
    return replace(query, terms=query.terms + tuple(extra), weights=query.weights + tuple(extra.values()))
