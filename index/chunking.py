"""Grouping units into chunks for retrieval, and into windows for quoting.

Chunks are what the dense and lexical indexes search: runs of whole sentences under a token
budget the embedding model can read whole (all-MiniLM-L6-v2 stops at 256 word pieces), with a
sentence of overlap so a fact split across a boundary is still found. Windows are what a quote
can be: one to three consecutive units of one block. Both are pure functions of the units.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

from index.answer_types import TYPES_DIGEST
from index.records import Chunk
from index.segment import QUOTABLE, Kind, Unit

TokenCount = Callable[[str], int]

# Bump when cleaning, segmenting or chunking gives different output for the same text: a saved
# index built by the old code is then rebuilt at start instead of quoting stale spans.
ALGORITHM_VERSION = 10


@dataclass(frozen=True)
class ChunkParams:
    """Chunker settings; they are part of the saved index's identity."""

    max_tokens: int = 160
    overlap_tokens: int = 48
    max_quote_chars: int = 500
    max_window_units: int = 3

    def __post_init__(self) -> None:
        if self.max_tokens < 16 or not 0 <= self.overlap_tokens < self.max_tokens:
            raise ValueError("need max_tokens >= 16 and 0 <= overlap_tokens < max_tokens")

    def as_dict(self) -> dict[str, int | str]:
        """For the manifest: the parameters and the version of the code that applies them.

        With the answer-type patterns' digest: the index stores which types each sentence
        holds, so changed patterns need a rebuild as changed chunking does.
        """
        return {**asdict(self), "algorithm": ALGORITHM_VERSION, "types": TYPES_DIGEST}


@dataclass(frozen=True)
class Window:
    """A candidate quote: consecutive units of one block, inside one source."""

    source_id: str
    start: int
    end: int
    text: str


def chunk_id(source_id: str, text: str) -> str:
    """Stable content hash: the same text of the same source keeps its id across rebuilds."""
    return hashlib.sha256(f"{source_id}\0{text}".encode()).hexdigest()[:20]


def _split_unit(unit: Unit, count: TokenCount, budget: int) -> list[Unit]:
    """Cut a unit too long for any chunk at word boundaries (rare: giant sentences or rows)."""
    # A table header is not embedded (rows carry its column names), and its span covers the
    # separator line too, which pieces of its text would drop: it is never cut.
    if unit.kind is Kind.TABLE_HEADER or count(unit.text) <= budget:
        return [unit]
    text = unit.text
    spans = _word_spans(text, count, budget)
    pieces: list[Unit] = []
    first = 0
    for i in range(1, len(spans) + 1):
        if i == len(spans) or count(text[spans[first][0] : spans[i][1]]) > budget:
            start, end = spans[first][0], spans[i - 1][1]
            pieces.append(_piece(unit, unit.body_start + start, text[start:end], first=not pieces))
            first = i
    return pieces


def _word_spans(text: str, count: TokenCount, budget: int) -> list[tuple[int, int]]:
    """Spans of the words of `text`; a word over the budget alone (a giant URL) is cut up."""
    spans = []
    for match in re.finditer(r"\S+", text):
        start, end = match.span()
        while end - start > 1 and count(text[start:end]) > budget:
            lo, hi = 1, end - start - 1  # the longest prefix that fits
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if count(text[start : start + mid]) <= budget:
                    lo = mid
                else:
                    hi = mid - 1
            spans.append((start, start + lo))
            start += lo
        spans.append((start, end))
    return spans


def _piece(unit: Unit, offset: int, text: str, *, first: bool) -> Unit:
    start = unit.start if first else offset
    kind = Kind.SENTENCE if unit.kind is Kind.ITEM and not first else unit.kind
    if unit.kind is Kind.ROW:  # a row's text is its labelled rendering, not a substring
        return Unit(kind, unit.start, unit.end, unit.start, text, unit.block, unit.section)
    return Unit(kind, start, offset + len(text), offset, text, unit.block, unit.section)


def embed_layout(context: str, units: Sequence[Unit]) -> tuple[str, list[tuple[int, int] | None]]:
    """What the model reads for a chunk, and where each unit's text lies in it.

    The context line (title — section) comes first; a table header is not read (its rows carry
    the column names), so it has no span.
    """
    parts: list[str] = [context] if context else []
    spans: list[tuple[int, int] | None] = []
    pos = len(context) + 1 if context else 0
    for unit in units:
        if unit.kind is Kind.TABLE_HEADER:
            spans.append(None)
            continue
        spans.append((pos, pos + len(unit.text)))
        parts.append(unit.text)
        pos += len(unit.text) + 1
    return "\n".join(parts), spans


def _embed_text(context: str, units: Sequence[Unit]) -> str:
    return embed_layout(context, units)[0]


@dataclass(frozen=True)
class ChunkPlan:
    """A chunk and the units it is made of: what one model pass reads and pools.

    `lo`/`hi` index the article's unit pieces (see `plan_chunks`); `spans` are those units'
    character spans in `chunk.embed_text` (None for a unit the model does not read).
    """

    chunk: Chunk
    lo: int
    hi: int
    spans: tuple[tuple[int, int] | None, ...]


def chunk_units(
    units: Sequence[Unit],
    clean: str,
    *,
    source_id: str,
    title: str,
    count: TokenCount,
    params: ChunkParams,
) -> list[Chunk]:
    """Chunks of one article, in order, each within the token budget including its context."""
    _, plans = plan_chunks(
        units, clean, source_id=source_id, title=title, count=count, params=params
    )
    return [p.chunk for p in plans]


def plan_chunks(
    units: Sequence[Unit],
    clean: str,
    *,
    source_id: str,
    title: str,
    count: TokenCount,
    params: ChunkParams,
) -> tuple[list[Unit], list[ChunkPlan]]:
    """The article's units cut to fit (pieces), and its chunks over them, in order.

    A heading starts a new chunk (sections stay together); the last sentences of a chunk, up
    to `overlap_tokens`, open the next one in the same section. A unit too long for any chunk
    is cut into pieces at word boundaries, so every piece fits one chunk whole.
    """
    context_of: dict[str, str] = {}

    def context(section: str) -> str:
        if section not in context_of:
            text = f"{title} — {section}" if section and section != title else title
            # The context must never crowd out the text: cap it at a quarter of the budget.
            while count(text) > params.max_tokens // 4 and " " in text:
                text = text.rsplit(" ", 1)[0]
            context_of[section] = text
        return context_of[section]

    pieces: list[Unit] = []
    for unit in units:
        budget = params.max_tokens - count(context(unit.section)) - 1
        pieces.extend(_split_unit(unit, count, max(budget, 8)))

    plans: list[ChunkPlan] = []
    lo = 0  # index of current[0] in pieces
    current: list[Unit] = []

    def close() -> None:
        # The budget checks below measure the context of the newest unit's section; the
        # chunk's quotable units all belong to that section, so it is the one to embed.
        embed, spans = embed_layout(context(current[-1].section), current)
        start, end = current[0].start, current[-1].end
        chunk = Chunk(
            id=chunk_id(source_id, embed),
            source_id=source_id,
            start=start,
            end=end,
            text=clean[start:end],
            tokens=count(embed),
            embed_text=embed,
        )
        plans.append(ChunkPlan(chunk, lo, lo + len(current), tuple(spans)))

    for index, unit in enumerate(pieces):
        starts_section = (
            unit.kind is Kind.HEADING or unit.section != current[-1].section if current else False
        )
        if starts_section and any(u.kind in QUOTABLE for u in current):
            close()
            current = []
            lo = index
        if (
            current
            and count(_embed_text(context(unit.section), [*current, unit])) > params.max_tokens
        ):
            close()
            overlap: list[Unit] = []
            for prev in reversed(current):
                if prev.kind not in QUOTABLE:
                    break
                trial = [prev, *overlap]
                if count(_embed_text(context(unit.section), trial)) > params.overlap_tokens:
                    break
                overlap = trial
            if (
                overlap
                and count(_embed_text(context(unit.section), [*overlap, unit])) > params.max_tokens
            ):
                overlap = []
            current = overlap
            lo = index - len(overlap)
        if not current:
            lo = index
        current.append(unit)
    if current:
        close()
    return pieces, plans


def build_windows(
    units: Sequence[Unit], clean: str, *, source_id: str, params: ChunkParams
) -> list[Window]:
    """Every candidate quote of an article: 1..max_window_units consecutive units of a block.

    Prose windows are exact substrings of the cleaned text; a table row is quoted with its
    column names, which are themselves words of the table.
    """
    windows: list[Window] = []
    for i, first in enumerate(units):
        if first.kind not in QUOTABLE:
            continue
        if first.kind is Kind.ROW:
            text = shorten(first.text, params.max_quote_chars)  # a giant row is still a quote
            windows.append(Window(source_id, first.start, first.end, text))
            continue
        for j in range(i, min(i + params.max_window_units, len(units))):
            last = units[j]
            if last.kind not in (Kind.SENTENCE, Kind.ITEM) or last.block != first.block:
                break
            text = clean[first.body_start : last.end]
            if j > i and len(text) > params.max_quote_chars:
                break
            if text.rstrip('"”’)').endswith("?"):
                continue  # a question is not an answer: only quote it with what follows
            if len(text) > params.max_quote_chars:
                text = shorten(text, params.max_quote_chars)
                end = first.body_start + len(text.removesuffix("…"))
                windows.append(Window(source_id, first.body_start, end, text))
                break
            windows.append(Window(source_id, first.body_start, last.end, text))
    return windows


def shorten(text: str, limit: int) -> str:
    """Cut at the last sentence or word boundary before `limit`, marking the cut with "…"."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    for mark in (". ", "; ", ", ", " "):
        cut = head.rfind(mark)
        if cut > limit // 2:
            return head[: cut + (1 if mark != " " else 0)].rstrip() + "…"
    return head.rstrip() + "…"
