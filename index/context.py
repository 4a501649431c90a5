"""The paragraph around a quote: what a member sees when they expand one.

A quote is one to three sentences; the reader deciding whether to trust it wants the words
around it. These pure functions find, in an article's cleaned text, the block a quoted span
belongs to (a paragraph, a list with its lead-in, or a table shown row by row with its column
names), capped around the quote at whole sentences, and where the quote sits inside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from index.segment import Kind, Unit, segment

MAX_PARAGRAPH_CHARS = 1500


@dataclass(frozen=True)
class Around:
    """A paragraph (cleaned text) and the span of the quoted words inside it."""

    paragraph: str
    mark_start: int
    mark_end: int


def _overlapping(units: Sequence[Unit], start: int, end: int) -> list[int]:
    return [i for i, u in enumerate(units) if u.start < end and start < u.end]


def _aligned(units: Sequence[Unit], hit: list[int], start: int, end: int) -> bool:
    """Whether the span starts and ends where quotes do (a unit's body, a unit's end).

    A span taken from an older version of the article rarely lines up with the new one's
    sentences, so a misaligned span is treated as stale rather than shown half-wrong.
    """
    first = units[hit[0]]
    starts = start in (first.start, first.body_start)
    return starts and all(units[i].kind is not Kind.HEADING for i in hit)


def _table(units: Sequence[Unit], row: int, limit: int) -> Around:
    """The rows of the table around `row`, each with its column names, one per line."""
    lo = hi = row
    while lo > 0 and units[lo - 1].kind is Kind.ROW:
        lo -= 1
    while hi + 1 < len(units) and units[hi + 1].kind is Kind.ROW:
        hi += 1
    lo, hi = _grow(units, lo, hi, row, row, limit, sep=1)
    lines = [units[i].text for i in range(lo, hi + 1)]
    before = sum(len(line) + 1 for line in lines[: row - lo])
    return Around("\n".join(lines), before, before + len(units[row].text))


def _grow(
    units: Sequence[Unit], lo: int, hi: int, first: int, last: int, limit: int, *, sep: int = 0
) -> tuple[int, int]:
    """The widest run of units lo..hi around first..last whose text stays within `limit`.

    Units are added one at a time, alternately after and before the quote, so that the quote
    stays near the middle of what is shown.
    """

    def length(a: int, b: int) -> int:
        if sep:
            return sum(len(units[i].text) + sep for i in range(a, b + 1)) - sep
        return units[b].end - units[a].start

    a, b = first, last
    while True:
        grew = False
        if b < hi and length(a, b + 1) <= limit:
            b, grew = b + 1, True
        if a > lo and length(a - 1, b) <= limit:
            a, grew = a - 1, True
        if not grew:
            return a, b


def around(clean: str, start: int, end: int, *, limit: int = MAX_PARAGRAPH_CHARS) -> Around | None:
    """The block of `clean` around the span start..end, or None if the span is not a quote's.

    Prose and lists give verbatim text (a list with its lead-in line); a table row gives the
    table's rows as quoted (with column names). Longer blocks are cut to whole units around
    the quote, within `limit` characters (the quote itself is always kept whole).
    """
    if not 0 <= start < end <= len(clean):
        return None
    units = segment(clean)
    hit = _overlapping(units, start, end)
    if not hit or not _aligned(units, hit, start, end):
        return None
    if units[hit[0]].kind is Kind.ROW:
        return _table(units, hit[0], limit)
    blocks = {units[i].block for i in hit}
    members = [i for i, u in enumerate(units) if u.block in blocks and u.kind is not Kind.ROW]
    lo, hi = _grow(units, members[0], members[-1], hit[0], hit[-1], limit)
    para_start, para_end = units[lo].start, units[hi].end
    # The quote's own span is authoritative: it may start after a list marker.
    para_start = min(para_start, start)
    para_end = max(para_end, end)
    return Around(clean[para_start:para_end], start - para_start, end - para_start)
