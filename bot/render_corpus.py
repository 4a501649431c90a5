"""Pure functions for `/ingest` and `/remove`: what the moderator is told, within Discord's limits.

Titles, outlets and urls come from moderators' uploads, so they can be anything; these functions
escape and cut them like `bot.render` does for answers, and the tests check every result against
Discord's limits whatever the metadata.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePosixPath

import discord

from bot.render import (
    COLOUR,
    CONTENT_LIMIT,
    FIELD_VALUE_LIMIT,
    FOOTER_LIMIT,
    Reply,
    citation,
    escape,
    render_source,
    shorten,
    size,
)
from index import IngestReport, ReindexReport, SourceSummary

BUSY = "A rebuild is running; try again when it has finished."
DOWNLOAD_FAILED = "The attachment could not be downloaded from Discord; attach it again."
CANCELLED = "Cancelled: nothing was removed."
TIMED_OUT = "No answer in time: nothing was removed. Run `/remove` again if you still want to."
NOT_YOURS = "This confirmation belongs to the moderator who ran `/remove`."

_TITLE_CAP = 150
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,10}")


def upload_name(filename: str) -> str:
    """What the core is told the upload was called: its extension and nothing else.

    The core derives the stored name from the title; passing on only a plain extension means no
    part of a member-chosen file name (`../`, a drive, odd Unicode) can reach the file system or
    a log line, whatever the core does with the name.
    """
    suffix = PurePosixPath(filename.replace("\\", "/")).suffix
    return f"upload{suffix}" if _EXTENSION.fullmatch(suffix) else "upload"


def too_large(declared: int, limit: int) -> str:
    """The refusal for an attachment Discord says is bigger than the limit (it is not fetched).

    Exact byte counts: "1.0 MB is too big for 1 MB" would be a riddle.
    """
    return (
        f"Not added: the file is {declared:,} bytes; articles can be at most "
        f"{limit / 1e6:g} MB ({limit:,} bytes)."
    )


def refusal(what: str, reason: str) -> str:
    """The core's reason for refusing an upload or a removal, as one message ("Not added: …")."""
    return shorten(f"{what}: {' '.join(reason.split())}", CONTENT_LIMIT)


def _seconds(ms: float) -> str:
    return f"{ms / 1000:.1f} s" if ms >= 1000 else f"{max(ms, 0):.0f} ms"


def _title(text: str) -> str:
    return escape(shorten(" ".join(text.split()), _TITLE_CAP)) or "(untitled)"


def _titles(titles: Sequence[str], limit: int = FIELD_VALUE_LIMIT // 2) -> str:
    """One title per line, as many as fit in `limit`, then "and N more".

    Half a field by default: up to four such lists share one embed with the article's details.
    """
    lines: list[str] = []
    for number, title in enumerate(titles):
        rest = len(titles) - number - 1
        line = _title(title)
        tail = f"\nand {rest} more" if rest else ""
        if size("\n".join([*lines, line]) + tail) > limit:
            return "\n".join([*lines, f"and {len(titles) - number} more"])
        lines.append(line)
    return "\n".join(lines)


def _without(titles: Sequence[str], title: str) -> list[str]:
    """`titles` less one occurrence of `title` (another article may have the same title)."""
    rest = list(titles)
    if title in rest:
        rest.remove(title)
    return rest


def _others(embed: discord.Embed, report: ReindexReport, *, except_title: str) -> None:
    """Fields for changes the rebuild picked up besides the moderator's own (hand edits)."""
    added, removed = _without(report.added, except_title), _without(report.removed, except_title)
    for label, titles in (
        ("Also added", added),
        ("Also removed", removed),
        ("Also changed", report.changed),
    ):
        if titles:
            embed.add_field(name=f"{label} ({len(titles):,})", value=_titles(titles), inline=False)
    if report.skipped:
        embed.add_field(
            name=f"Files skipped ({len(report.skipped):,})",
            value=_titles(report.skipped),
            inline=False,
        )


def _footer(embed: discord.Embed, text: str) -> None:
    embed.set_footer(text=shorten(text, FOOTER_LIMIT // 8))


def render_ingested(added: IngestReport, summary: SourceSummary | None) -> discord.Embed:
    """`/ingest` succeeded: the new source as it will be cited, its passages, the new totals."""
    source, report = added.source, added.report
    lines = [citation(source)]
    if source.author.strip():
        lines.append(f"by {escape(shorten(' '.join(source.author.split()), 80))}")
    embed = discord.Embed(title="Article added", description="\n".join(lines), colour=COLOUR)
    if summary is not None:
        embed.add_field(name="Its passages", value=f"{summary.chunks:,}", inline=True)
    embed.add_field(name="Sources", value=f"{report.sources:,}", inline=True)
    embed.add_field(name="Passages", value=f"{report.chunks:,}", inline=True)
    _others(embed, report, except_title=source.title)
    _footer(embed, f"id: {source.id} · indexed in {_seconds(report.took_ms)}")
    return embed


def removal_prompt(summary: SourceSummary) -> Reply:
    """What `/remove` asks before doing anything: which article, and what removing it means."""
    content = (
        f"Remove **{_title(summary.source.title or summary.source.id)}**? Its file and metadata "
        "are deleted from the seeds folder and the index is rebuilt without it: questions will no "
        "longer be answered from it."
    )
    return Reply(content=content, embed=render_source(summary))


def removing(summary: SourceSummary) -> str:
    """Shown while the removal runs (the buttons are gone by then)."""
    return f"Removing **{_title(summary.source.title or summary.source.id)}** …"


def render_removed(summary: SourceSummary, report: ReindexReport) -> discord.Embed:
    """`/remove` done: which article went, and the index that is left."""
    embed = discord.Embed(
        title="Article removed",
        description=f"{citation(summary.source, link=False)}\nis no longer in the seeds folder or the index.",
        colour=COLOUR,
    )
    embed.add_field(name="Sources", value=f"{report.sources:,}", inline=True)
    embed.add_field(name="Passages", value=f"{report.chunks:,}", inline=True)
    _others(embed, report, except_title=summary.source.title)
    _footer(embed, f"id: {summary.source.id} · reindexed in {_seconds(report.took_ms)}")
    return embed
