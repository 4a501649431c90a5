"""Lexical matching: tokenizing, BM25, and how much of a question a passage covers.

Pure functions over token lists and arrays, so the ranking maths can be checked by hand.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
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
        # the halves of "isn't", "didn't", "doesn't" that \w+ leaves ("can't", "don't" give
        # "can", "don"): searched, they were the rarest word of "didn't japan already ..."
        "isn",
        "wasn",
        "weren",
        "doesn",
        "didn",
        "hasn",
        "haven",
        "hadn",
        "wouldn",
        "shouldn",
        "couldn",
        "mustn",
        "needn",
        "ain",
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
        # contractions written without the apostrophe, as chat does
        "whats",
        "hows",
        "wheres",
        "whos",
        "whens",
        "whys",
        "thats",
        "theres",
        "theyre",
        "theyd",
        "theyll",
        "dont",
        "doesnt",
        "didnt",
        "isnt",
        "arent",
        "wasnt",
        "wont",
        "cant",
        "im",
        "ive",
        "youre",
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
    "europe": "eu",
    "ukrainian": "ukraine",
    "taiwanese": "taiwan",
    "malaysian": "malaysia",
    # the metric ton as British news writes it: "130,000 tonnes" is "130,000 tons"
    "tonne": "ton",
    "tonnes": "tons",
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
        words.append(_DEMONYMS.get(word) or (_DEMONYMS.get(word[:-1], word) if word.endswith("s") else word))
    return _stemmer().stemWords(words)  # type: ignore[attr-defined]


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def surface_words(text: str) -> list[str]:
    """Lower-cased words as written (not stemmed), for the corpus vocabulary typos are fixed to."""
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


def idf(df: np.ndarray, n: int) -> np.ndarray:
    """BM25's inverse document frequency, in the form that stays positive (Lucene's)."""
    df = np.asarray(df, dtype=np.float64)
    return np.log(1.0 + (n - df + 0.5) / (df + 0.5))


def bm25_weights(
    tf: np.ndarray, doc_len: np.ndarray, avgdl: float, k1: float = 1.2, b: float = 0.75
) -> np.ndarray:
    """The saturated term-frequency part of BM25 for postings (multiply by the term's idf)."""
    norm = k1 * (1.0 - b + b * doc_len / max(avgdl, 1e-9))
    return tf * (k1 + 1.0) / (tf + norm)


def coverage(weights: Sequence[float], present: Sequence[bool]) -> float:
    """Weighted share of the question's terms that a passage contains, in [0, 1].

    Unlike a raw BM25 score it is comparable across questions, which abstention needs.
    """
    total = float(sum(weights))
    if total <= 0:
        return 0.0
    return float(sum(w for w, p in zip(weights, present, strict=True) if p)) / total
