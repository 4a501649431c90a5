"""Cutting cleaned text into units a quote can be made of: sentences, list items, table rows.

Quotes are built from whole units, so this is where "the bot quotes whole sentences" and "a
table row keeps its meaning" are decided. Everything is a pure function of the cleaned text and
every unit records its character span in it, so a quote can always be traced to the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from index.text import CREDIT_LINE


class Kind(StrEnum):
    """What a unit is, which decides whether and how it may be quoted."""

    HEADING = "heading"  # section titles and lead-ins: context, never quoted alone
    SENTENCE = "sentence"
    ITEM = "item"  # the first sentence of a list item (its marker is not quoted)
    TABLE_HEADER = "table_header"  # header + separator lines of a markdown table
    ROW = "row"  # a table row, quoted with its column names
    CREDIT = "credit"  # an image credit: never quoted for the report, nor a section title


QUOTABLE = frozenset({Kind.SENTENCE, Kind.ITEM, Kind.ROW})


@dataclass(frozen=True)
class Unit:
    """A span of the cleaned text; `text` is what is quoted and embedded for it."""

    kind: Kind
    start: int  # span in the cleaned text, including a list marker
    end: int
    body_start: int  # where quoting starts (after a list marker)
    text: str
    block: int  # units of one block may be quoted together
    section: str  # the nearest heading above, for context


_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "mt",
        "ft",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "gov",
        "sen",
        "rep",
        "pres",
        "rev",
        "hon",
        "inc",
        "ltd",
        "co",
        "corp",
        "llc",
        "plc",
        "bros",
        "dept",
        "univ",
        "assn",
        "est",
        "approx",
        "vs",
        "etc",
        "al",
        "fig",
        "no",
        "nos",
        "vol",
        "pp",
        "ed",
        "eds",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "e.g",
        "i.e",
        "a.m",
        "p.m",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
    ]
)
_BOUNDARY = re.compile(r"[.!?…]+[\"”’)\]]*(?=\s+)")
_STARTS_SENTENCE = re.compile(r"\s+[\"“‘(\[]*[A-Z0-9\u00C0-\u024F\U0001F000-\U0001FFFF]")
_ITEM = re.compile(r"^(?:[-•*·▪‣◦–]|\d{1,2}[.)])\s+")
_TABLE_LINE = re.compile(r"^\|.*\|$")
_TABLE_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
_TERMINAL = tuple('.!?…"”’)]')


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph, keeping abbreviations ("U.S.", "Oct.") and initials."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if not _STARTS_SENTENCE.match(text, end):
            continue
        word = re.search(r"([\w.]+)[.!?…]*[\"”’)\]]*$", text[start:end])
        token = word.group(1).lower().rstrip(".") if word else ""
        if match.group(0).startswith(".") and (
            token in _ABBREVIATIONS
            or re.fullmatch(r"[a-z]", token)
            or re.fullmatch(r"(\w\.)+\w", token)
        ):
            continue
        if text[start:end].strip():
            spans.append((start, end))
        start = end
        while start < len(text) and text[start].isspace():
            start += 1
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def sentences(text: str) -> list[str]:
    """A line's sentences as the index cuts them (the bot trims openings with the same rules)."""
    return [text[s:e].strip() for s, e in split_sentences(text)]


_MINOR_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "the",
        "to",
        "vs",
        "with",
    ]
)


def _is_heading(line: str) -> bool:
    """Short unpunctuated lines, lead-ins ("Key components:") and Title Case lines."""
    words = line.split()
    if not words or len(line) > 100 or len(words) > 12 or line.endswith((",", ";")):
        return False
    if line.endswith(":"):
        return len(words) <= 6
    if not line.endswith(_TERMINAL):
        return True
    major = [w for w in words if w.lower() not in _MINOR_WORDS]
    capitalised = sum(1 for w in major if w[:1].isupper())
    return line.endswith(".") and len(words) >= 3 and capitalised == len(major)


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def render_row(header: list[str], cells: list[str]) -> str:
    """A table row as a quote that keeps its meaning: "Japan — Key Partners: U.S., ASEAN; …".

    The row's first cell names what the row is about, so it leads; every other cell is labelled
    with its column name. All words come from the table itself.
    """
    if not cells:
        return ""
    head, rest = cells[0], cells[1:]
    names = header[1:] if len(header) == len(cells) else [""] * len(rest)
    parts = [
        f"{name}: {cell}" if name else cell for name, cell in zip(names, rest, strict=True) if cell
    ]
    return f"{head} — " + "; ".join(parts) if parts else head


def segment(clean: str) -> list[Unit]:
    """The units of a cleaned article, in order, with block ids for quoting."""
    units: list[Unit] = []
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in clean.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1

    block = 0
    section = ""
    header: list[str] = []
    joins_next = False  # a lead-in line ("saying," / a question) is quoted with what follows
    prev_item = False  # consecutive list items form one block
    i = 0
    while i < len(lines):
        offset, line = lines[i]
        stripped = line.strip()
        if not stripped:
            block += 1
            joins_next = prev_item = False
            i += 1
            continue
        if _TABLE_LINE.match(stripped):
            if i + 1 < len(lines) and _TABLE_SEPARATOR.match(lines[i + 1][1].strip()):
                header = _cells(stripped)
                end = lines[i + 1][0] + len(lines[i + 1][1])
                block += 1
                units.append(Unit(Kind.TABLE_HEADER, offset, end, offset, stripped, block, section))
                i += 2
                continue
            labelled = render_row(header, _cells(stripped))
            block += 1
            units.append(
                Unit(Kind.ROW, offset, offset + len(line), offset, labelled, block, section)
            )
            i += 1
            continue
        header = []
        item = _ITEM.match(stripped)
        prev_item, was_item = bool(item), prev_item
        if CREDIT_LINE.match(stripped):
            block += 1
            units.append(Unit(Kind.CREDIT, offset, offset + len(line), offset, stripped, block, section))
            block += 1
            joins_next = prev_item = False
            i += 1
            continue
        if not item and _is_heading(stripped):
            block += 1
            section = stripped.rstrip(":").strip()
            units.append(
                Unit(Kind.HEADING, offset, offset + len(line), offset, stripped, block, section)
            )
            block += 1
            joins_next = prev_item = False
            i += 1
            continue
        if not (joins_next or (item and was_item)):
            block += 1
        body = item.end() if item else 0
        for n, (s, e) in enumerate(split_sentences(stripped[body:])):
            start = offset + body + s
            kind = Kind.ITEM if item and n == 0 else Kind.SENTENCE
            unit_start = offset if kind is Kind.ITEM else start
            units.append(
                Unit(
                    kind,
                    unit_start,
                    offset + body + e,
                    start,
                    clean[start : offset + body + e],
                    block,
                    section,
                )
            )
        joins_next = stripped.endswith((":", ",", "?"))
        i += 1
    return units
