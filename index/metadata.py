"""Reading `sources.toml`: the operator's metadata for each article, checked entry by entry.

What members see next to a quote (title, outlet, author, date, link) comes from here, so a value
of the wrong type is refused rather than turned into text (an outlet shown as "['a', 'b']"), and
one mistake costs only that field or that entry: a TOML syntax error drops the broken table, not
every article's metadata. Each problem is one warning naming the file, the line, the entry and
the field; the caller logs them once and puts them in the build report.
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from index.chars import drop_invisible, has_visible, pair_surrogates

METADATA_FIELDS = ("title", "outlet", "author", "published", "url")


def url_problem(url: str) -> str:
    """Why a url must not be shown as a link ("" when it is a plain web address).

    Only http(s) addresses with a host; never a user name or password, because
    `https://discord.com@evil.example/` looks like Discord but leads to evil.example.
    """
    if not re.fullmatch(r"[^\s<>\"\\\x00-\x1f\x7f]+", url):
        return "must be a web address without spaces or quotes"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises ValueError for a port that is not a number
    except ValueError:
        return "is not a valid web address"
    if parts.scheme.lower() not in ("http", "https") or not url.lower().startswith(
        ("http://", "https://")
    ):
        return "must start with http:// or https://"
    if "@" in parts.netloc:
        return "must not contain a user name or password (text before an @ hides the real host)"
    if not parts.hostname:
        return "has no host name"
    return ""


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, datetime | date):
        return "a date-time"
    return type(value).__name__


class SourceEntry(BaseModel):
    """One article's metadata; every field is text, "" when the article does not say it."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    title: str = ""
    outlet: str = ""
    author: str = ""
    published: str = ""
    url: str = ""

    @field_validator("published", mode="before")
    @classmethod
    def _toml_date(cls, value: object) -> object:
        # `published = 2025-10-28` (unquoted) is a TOML date: as good as the string.
        if isinstance(value, date) and not isinstance(value, datetime):
            return value.isoformat()
        return value

    @field_validator("*")
    @classmethod
    def _tidy(cls, value: str) -> str:
        paired = pair_surrogates(value)
        text = " ".join(drop_invisible(paired or "").split())
        return text if has_visible(text) else ""  # zero-width-only counts as empty

    @field_validator("published")
    @classmethod
    def _iso_date(cls, value: str) -> str:
        if value:
            try:
                date.fromisoformat(value)
            except ValueError:
                raise ValueError("must be a real date written YYYY-MM-DD") from None
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError("must be a real date written YYYY-MM-DD")
        return value

    @field_validator("url")
    @classmethod
    def _web_url(cls, value: str) -> str:
        if value and (problem := url_problem(value)):
            raise ValueError(problem)
        return value


@dataclass(frozen=True)
class SourcesFile:
    """The valid metadata per file name, and one warning per problem found."""

    entries: Mapping[str, Mapping[str, str]]
    warnings: tuple[str, ...] = ()


_HEADER = re.compile(r"^\s*\[(?!\[)\s*(?P<key>\"(?:[^\"\\]|\\.)*\"|'[^']*'|[^\]#]+?)\s*\]")
_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)|\s*\(at end of document\)")


def table_name(key: str) -> str:
    """How the entry is written in the file: `["my-article.txt"]`."""
    return f"[{json.dumps(key, ensure_ascii=False)}]"


def _key_of(raw: str) -> str:
    """The table name of a header's key as TOML reads it (`"a.txt"` → a.txt)."""
    if raw[:1] in "\"'":
        try:
            return next(iter(tomllib.loads(f"{raw} = 0")))
        except (tomllib.TOMLDecodeError, StopIteration):
            return raw
    return raw.strip()


def _sections(text: str) -> list[tuple[int, str, str]]:
    """The text cut before each line opening a table: (first line number, name, text).

    The name is the table's key as TOML reads it, or the line itself when the header is
    broken (`["b.txt"` without its bracket), so a warning can still say which one.
    """
    sections: list[tuple[int, str, list[str]]] = [(1, "", [])]
    for n, line in enumerate(text.splitlines(keepends=True), start=1):
        if line.lstrip().startswith("["):
            header = _HEADER.match(line)
            name = _key_of(header.group("key")) if header else line.strip()
            sections.append((n, name, []))
        sections[-1][2].append(line)
    return [(n, key, "".join(lines)) for n, key, lines in sections if "".join(lines).strip()]


def _salvage(text: str, name: str) -> tuple[dict[str, Any], dict[str, int], list[str]]:
    """Parse each table on its own, so one syntax error costs only the table it is in."""
    data: dict[str, Any] = {}
    lines: dict[str, int] = {}
    warnings: list[str] = []
    for first, key, part in _sections(text):
        try:
            parsed = tomllib.loads(part)
        except tomllib.TOMLDecodeError as exc:
            where = _POSITION.search(str(exc))
            line = first + int(where.group(1)) - 1 if where and where.group(1) else first
            reason = _POSITION.sub("", str(exc))
            if not key:
                what = "these lines are ignored"
            elif key.startswith("["):
                what = f"{key} is ignored"
            else:
                what = f"{table_name(key)} is ignored"
            warnings.append(f"{name} line {line}: not valid TOML ({reason}); {what}")
            continue
        for k, v in parsed.items():
            if k in data:
                warnings.append(
                    f"{name} line {first}: {table_name(k)} appears twice; the first is kept"
                )
                continue
            data[k] = v
            lines[k] = first
    return data, lines, warnings


def _header_lines(text: str) -> dict[str, int]:
    lines: dict[str, int] = {}
    for first, key, _ in _sections(text):
        if key and not key.startswith("["):
            lines.setdefault(key, first)
    return lines


def _check_entry(where: str, table: Mapping[str, Any]) -> tuple[dict[str, str], list[str]]:
    """The valid fields of one entry, and a warning for each field refused."""
    values = dict(table)
    warnings: list[str] = []
    while True:
        try:
            return SourceEntry.model_validate(values).model_dump(), warnings
        except ValidationError as exc:
            errors = [e for e in exc.errors() if e["loc"] and e["loc"][0] in values]
            if not errors:  # nothing left to blame on one field: keep none of them
                return SourceEntry().model_dump(), warnings
            for error in errors:
                field = str(error["loc"][0])
                value = values.pop(field)
                warnings.append(f"{where}: {_field_problem(field, value, error)}")


def _field_problem(field: str, value: object, error: Any) -> str:
    if error["type"] == "extra_forbidden":
        close = difflib.get_close_matches(field, METADATA_FIELDS, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"unknown key {field!r}{hint}; the keys are {', '.join(METADATA_FIELDS)}"
    if error["type"].endswith("_type"):
        return f"{field} must be a string, not {_kind(value)}; ignored"
    reason = error.get("ctx", {}).get("error", error["msg"])
    return f"{field} {reason}; ignored"


def read_sources(path: Path, article_names: Collection[str]) -> SourcesFile:
    """The metadata of `sources.toml`, field by field; every problem becomes a warning.

    `article_names` are the article files in the folder: an entry for any other name is
    reported (a typo, or an article deleted without its entry).
    """
    name = path.name
    if not path.exists():
        return SourcesFile({})
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8"
        return SourcesFile(
            {}, (f"{name}: unreadable ({reason}); titles are taken from the articles",)
        )
    warnings: list[str] = []
    try:
        data: dict[str, Any] = tomllib.loads(text)
        lines = _header_lines(text)
    except tomllib.TOMLDecodeError:
        data, lines, warnings = _salvage(text, name)
    entries: dict[str, dict[str, str]] = {}
    folded = {n.casefold(): n for n in article_names}
    for key, table in data.items():
        where = f"{name} line {lines[key]}: " if key in lines else f"{name}: "
        if not isinstance(table, Mapping):
            warnings.append(f"{where}{key!r} is not a table of title, outlet, …; ignored")
            continue
        if key not in article_names:
            # [my-article.txt] without quotes is the table "my-article" holding "txt".
            dotted = [(f"{key}.{sub}", sub) for sub in table if f"{key}.{sub}" in article_names]
            if not dotted:
                near = folded.get(key.casefold())
                hint = f" (did you mean {table_name(near)}?)" if near else ""
                warnings.append(
                    f"{where}{table_name(key)} names no article file in the folder{hint}; ignored"
                )
                continue
            key, sub = dotted[0]
            table = table[sub]
            where = f"{name} line {lines[key]}: " if key in lines else f"{name}: "
            warnings.append(
                f"{where}write [{key}] as {table_name(key)}: unquoted, the dot splits the name"
            )
            if not isinstance(table, Mapping):
                continue
        entry, problems = _check_entry(f"{where}{table_name(key)}", table)
        entries[key] = entry
        warnings.extend(problems)
    return SourcesFile(entries, tuple(warnings))
