"""Lexical matching: tokenizing, BM25, and how much of a question a passage covers.

Pure functions over token lists and arrays, so the ranking maths can be checked by hand.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

_TOKEN = re.compile(r"[A-Za-z](?:\.[A-Za-z])+\.?|\d+(?:[.,]\d+)*|\w+")
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "aren",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "don",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "s",
        "t",
        "ll",
        "re",
        "ve",
        "d",
        "m",
        "tell",
        "say",
        "says",
        "said",
        "please",
        "know",
        "anything",
        "something",
    ]
)


# Names news writes in several ways; mapping them to one token lets "Chinese measures" meet
# "China" and "the EU" meet "the European Union".
_PHRASES = re.compile(
    r"\b(united states|united kingdom|european union|united nations)\b", re.IGNORECASE
)
_PHRASE_TOKEN = {
    "united states": "US",
    "united kingdom": "UK",
    "european union": "EU",
    "united nations": "UN",
}
_DEMONYMS = {
    "chinese": "china",
    "japanese": "japan",
    "american": "us",
    "america": "us",
    "european": "eu",
    "korean": "korea",
    "russian": "russia",
    "australian": "australia",
    "canadian": "canada",
    "indian": "india",
    "british": "uk",
    "german": "germany",
    "french": "france",
}


@cache
def _stemmer() -> object:
    import Stemmer

    return Stemmer.Stemmer("english")


def tokenize(text: str) -> list[str]:
    """Lower-cased, stemmed content words; "U.S." and "US" both become "us"."""
    words = []
    text = _PHRASES.sub(lambda m: _PHRASE_TOKEN[m.group(0).lower()], text)
    for match in _TOKEN.finditer(text):
        word = match.group(0).lower()
        if "." in word and word[0].isalpha():
            word = word.replace(".", "")
        elif word[0].isdigit():
            word = word.replace(",", "").rstrip(".")
        if word in STOPWORDS:
            continue
        words.append(_DEMONYMS.get(word, word))
    return _stemmer().stemWords(words)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class BM25:
    """Okapi BM25 statistics of a collection."""

    doc_terms: tuple[Counter[str], ...]
    doc_len: np.ndarray
    idf: dict[str, float]
    avgdl: float
    k1: float = 1.2
    b: float = 0.75

    @classmethod
    def fit(cls, docs: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75) -> BM25:
        """Statistics of tokenized documents (idf with the usual +1 so it stays positive)."""
        terms = tuple(Counter(d) for d in docs)
        n = len(docs)
        df: Counter[str] = Counter()
        for counter in terms:
            df.update(counter.keys())
        idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
        lengths = np.array([len(d) for d in docs], dtype=np.float32)
        avgdl = float(lengths.mean()) if n else 0.0
        return cls(terms, lengths, idf, avgdl or 1.0, k1, b)

    def term_idf(self, term: str) -> float:
        """IDF of a term; unseen terms weigh as much as the rarest possible."""
        n = len(self.doc_terms)
        return self.idf.get(term, math.log(1 + (n + 0.5) / 0.5))

    def scores(self, query: Sequence[str]) -> np.ndarray:
        """BM25 score of every document for the query terms."""
        out = np.zeros(len(self.doc_terms), dtype=np.float32)
        norm = self.k1 * (1 - self.b + self.b * self.doc_len / self.avgdl)
        for term in set(query):
            idf = self.idf.get(term)
            if idf is None:
                continue
            tf = np.array([c.get(term, 0) for c in self.doc_terms], dtype=np.float32)
            out += idf * tf * (self.k1 + 1) / (tf + norm)
        return out


def coverage(query: Sequence[str], passage: Sequence[str] | set[str], bm25: BM25) -> float:
    """IDF-weighted share of the question's words that the passage contains, in [0, 1].

    Unlike a raw BM25 score it is comparable across questions, which abstention needs.
    """
    terms = set(query)
    if not terms:
        return 0.0
    present = set(passage)
    total = sum(bm25.term_idf(t) for t in terms)
    return sum(bm25.term_idf(t) for t in terms if t in present) / total
