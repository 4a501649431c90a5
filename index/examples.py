"""Example questions: what to suggest to a member who asks what the bot knows, or gets a decline.

An example is only worth showing if the articles answer it, so examples are *candidates* here
and are verified against the live index by the engine (`Engine.examples`). Candidates come,
best first, from questions members found helpful (passed in by the bot), then from the
articles themselves: questions the text asks and answers (an FAQ), table rows ("What are
Japan's key partners?" from a row labelled Japan under "Key Partners"), list lead-ins ("Key
components:") and, last, section headings. Everything here is pure: cleaned text in, strings out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

import numpy as np

from index.lexicon import place_names
from index.segment import Kind, segment


def _word_set(words: str) -> frozenset[str]:
    """A set of words written as one string (easier to read and edit than a list)."""
    return frozenset(words.split())


T = TypeVar("T")

MIN_CHARS = 12
MAX_CHARS = 110

_SPACE = re.compile(r"\s+")
_LEAD_IN = re.compile(r"^(?P<phrase>[\w][\w\s&/,'’-]*?)(?:\s+(?:include|includes|are|were))?:?$")
_ROW_HEADS = re.compile(r"^(country|region|country/region|name|item|category)$", re.IGNORECASE)


def _tidy(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _fits(question: str) -> bool:
    return MIN_CHARS <= len(question) <= MAX_CHARS and question.endswith("?")


def text_questions(clean: str) -> list[str]:
    """Questions the article asks itself (FAQ entries, rhetorical lead-ins), as written."""
    found = []
    for unit in segment(clean):
        if unit.kind in (Kind.SENTENCE, Kind.ITEM, Kind.HEADING):
            text = _tidy(re.sub(r"^\d{1,2}[.)]\s+", "", unit.text))
            if _fits(text) and text[:1].isupper():
                found.append(text)
    return found


# Names that read with "the" ("the United States", "the European Union").
_THE = _word_set("states union kingdom republic nations emirates netherlands philippines")
_PREPOSITIONS = _word_set("on of for in to by with from")


def _possessive(name: str) -> str:
    words = name.split()
    the = "the " if len(words) > 1 and words[-1].lower() in _THE else ""
    return f"{the}{name}’" if name.endswith("s") else f"{the}{name}’s"


def _column_noun(column: str) -> tuple[str, str]:
    """A column name as a noun phrase in a question, and its verb ("Key Partners" -> are)."""
    words = column.split()
    head = next(
        (words[i - 1] for i in range(1, len(words)) if words[i].lower() in _PREPOSITIONS),
        words[-1],
    )
    verb = "are" if head.lower().endswith("s") and not head.lower().endswith("ss") else "is"
    noun = " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in words)
    return noun, verb


# A row's first cell reads as a name in "What are Japan’s key partners?" when it is one: a few
# capitalised words ("European Union"), not "Processed critical minerals (oxides, metals) from
# non-partner countries" or "**Total**"; a column likewise a few plain words ("¥ trillion
# (FY2025)" makes no question).
_NAME_CELL = re.compile(r"[A-Z][\w.’'&-]*(?: (?:of|and|the|&|[A-Z][\w.’'&-]*)){0,3}")
_PLAIN_COLUMN = re.compile(r"[A-Za-z][A-Za-z’' -]{0,40}")


def _cell_question(verb: str, noun: str, row: str) -> str:
    """A table cell's question, with the row's name as a reader would put it.

    "What are Japan’s key partners?" for a row named for a place or an organisation; "What is
    the number of projects for nickel?" for a row naming a thing ("Nickel’s number" reads as a
    person's).
    """
    named = row.lower() in place_names() or row.isupper() or sum(w[:1].isupper() for w in row.split()) >= 2
    if named:
        return f"What {verb} {_possessive(row)} {noun}?"
    return f"What {verb} the {noun} for {row.lower()}?"


def row_questions(clean: str) -> list[str]:
    """One question per table cell: "What are Japan’s key partners?" for row Japan.

    Only rows whose first cell names the row (a country, an item) and columns with a name; the
    verb follows the column name's number ("Key Partners" are, "Strategy" is).
    """
    found = []
    lines = clean.split("\n")
    for number, line in enumerate(lines):
        if not (line.startswith("|") and number + 1 < len(lines)):
            continue
        if (
            not re.fullmatch(r"\|?[\s:|-]+\|?", lines[number + 1].strip())
            or "-" not in lines[number + 1]
        ):
            continue
        header = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(header) < 2:
            continue
        rows = []
        for row in lines[number + 2 :]:
            if not row.startswith("|"):
                break
            cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
            if len(cells) == len(header) and _NAME_CELL.fullmatch(cells[0]) and not _ROW_HEADS.match(cells[0]):
                rows.append(cells)
        # Column by column, so that the first few questions are about different rows.
        for index, column in enumerate(header[1:], 1):
            if not _PLAIN_COLUMN.fullmatch(column.strip()):
                continue
            noun, verb = _column_noun(column)
            found.extend(_cell_question(verb, noun, cells[0]) for cells in rows if cells[index])
    return [q for q in found if _fits(q)]


# "The key elements:" is asked with the question's own "the"; "The announcements do the
# following:" and "Here is what we know:" are clauses, not names of a list.
_ARTICLE = re.compile(r"^(the|a|an|our|its|their)\s+", re.IGNORECASE)
_CLAUSE = re.compile(
    r"\b(do|does|did|is|are|was|were|will|would|can|could|has|have|had|following|follows|what|how|here|there|"
    r"we|i|you|they|he|she|it|that)\b",
    re.IGNORECASE,
)


def lead_in_questions(clean: str) -> list[str]:
    """A question from a lead-in line: "Key components:" -> "What are the key components?"."""
    found = []
    for unit in segment(clean):
        if unit.kind is not Kind.HEADING or not unit.text.endswith(":"):
            continue
        match = _LEAD_IN.match(unit.text.strip())
        if match is None:
            continue
        phrase = _ARTICLE.sub("", _tidy(match["phrase"]))
        if len(phrase.split()) < 2 or _CLAUSE.search(phrase):
            continue
        phrase = phrase[:1].lower() + phrase[1:]
        found.append(f"What are the {phrase}?")
    return [q for q in found if _fits(q)]


# A line set apart that heads no section: a dateline ("TOKYO, January 20, 2026"), a byline
# ("By Kanto Observer staff"), a site's breadcrumbs ("Home › Rare Earths › Producers").
_NOT_A_SECTION = re.compile(r"^[A-Z][A-Z .’'-]+,.*\d{4}$|^By\s|[›»]| > ")


def heading_questions(clean: str) -> list[str]:
    """A question per section heading: "What do the articles say about “Final Thoughts”?"."""
    found = []
    for unit in segment(clean):
        words = unit.text.split()
        if (
            unit.kind is Kind.HEADING
            and 2 <= len(words) <= 8
            and unit.text[-1:].isalnum()
            and unit.text[:1].isupper()
            and not _NOT_A_SECTION.search(unit.text)
        ):
            found.append(f"What do the articles say about “{_tidy(unit.text)}”?")
    return [q for q in found if _fits(q)]


def _interleave(lists: Sequence[Sequence[str]]) -> list[str]:
    """The first item of each list, then the second of each, and so on."""
    out: list[str] = []
    for turn in range(max((len(items) for items in lists), default=0)):
        out.extend(items[turn] for items in lists if turn < len(items))
    return out


def candidates(texts: Iterable[str], *, first: Sequence[str] = ()) -> list[str]:
    """Candidate examples, best first: `first` (members' helpful questions), then from the texts.

    The articles take turns, so that a few examples cover several of them: first the questions
    each article asks, its table rows and lead-ins, then (weaker) its section headings.
    Duplicates (ignoring case and spacing) are dropped.
    """
    texts = list(texts)
    strong = [text_questions(t) + row_questions(t) + lead_in_questions(t) for t in texts]
    weak = [heading_questions(t) for t in texts]
    ordered = [_tidy(q) for q in first] + _interleave(strong) + _interleave(weak)
    seen: set[str] = set()
    unique = []
    for question in ordered:
        key = question.casefold()
        if question and key not in seen:
            seen.add(key)
            unique.append(question)
    return unique


def by_source(items: Sequence[tuple[str, str, T]]) -> list[tuple[str, str, T]]:
    """(question, source id, payload) items reordered so that their sources take turns.

    Order within one source is kept; the first source is the first item's.
    """
    groups: dict[str, list[tuple[str, str, T]]] = {}
    for item in items:
        groups.setdefault(item[1], []).append(item)
    out: list[tuple[str, str, T]] = []
    for turn in range(max((len(g) for g in groups.values()), default=0)):
        out.extend(g[turn] for g in groups.values() if turn < len(g))
    return out


# What the engine tells of a candidate: the window its best quote is, that quote's score and
# source; None when it found nothing to quote.
Best = Callable[[str, np.ndarray], "tuple[int, float, str] | None"]


def select(
    questions: Sequence[str],
    vecs: np.ndarray,
    best: Best,
    *,
    floor: float,
    strong: float,
    preferred: frozenset[str] = frozenset(),
    size: int = 8,
) -> list[tuple[str, np.ndarray]]:
    """The candidates worth showing, in the order to show them, at most `size`.

    A candidate is kept if its best quote scores at least `floor` and no candidate kept before
    leads to the same quote. Members' questions (`preferred`, case-folded) come first; then those
    scoring at least `strong` before the weaker ones, the sources taking turns within each, so
    that a few examples show the breadth of the corpus.
    """
    seen: set[int] = set()
    tiers: list[list[tuple[str, str, np.ndarray]]] = [[], [], []]
    for question, vec in zip(questions, vecs, strict=True):
        found = best(question, vec)
        if found is None:
            continue
        window, score, source = found
        if score < floor or window in seen:
            continue
        seen.add(window)
        tier = 0 if question.casefold() in preferred else 1 if score >= strong else 2
        tiers[tier].append((question, source, vec))
    ordered = tiers[0] + by_source(tiers[1]) + by_source(tiers[2])
    return [(question, vec) for question, _, vec in ordered[:size]]


def nearest(
    question_vec: np.ndarray, example_vecs: np.ndarray, examples: Sequence[str], n: int
) -> tuple[str, ...]:
    """The `n` examples closest in meaning to a (declined) question, closest first.

    A member who asked about something nearby gets pointed at what the articles do say about
    it, rather than at the same generic examples every time. Vectors are unit-normalized.
    """
    if n <= 0 or not len(examples):
        return ()
    sims = np.asarray(example_vecs, dtype=np.float32) @ np.asarray(question_vec, dtype=np.float32)
    order = np.argsort(-sims, kind="stable")[:n]
    return tuple(examples[i] for i in order)
