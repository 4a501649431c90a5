"""Pure rendering for the conversation around answers.

`/help`, small talk, a quote in context, an article's opening, and the notices members see.

Like `bot.render`, nothing here touches the network or the engine, and every function returns
something within Discord's limits whatever the articles and their metadata contain (the tests
check that with hostile sources and very long paragraphs).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import takewhile

import discord

from bot.render import (
    COLOUR,
    DESCRIPTION_LIMIT,
    FIELD_VALUE_LIMIT,
    FOOTER_LIMIT,
    TITLE_LIMIT,
    escape,
    nice_date,
    safe_url,
    shorten,
    size,
    unescape,
)
from index import QuoteContext, Source, SourceSummary, Talk, sentences

MENU_NAME = "Ask quotebot"  # the message command's name, as members see it under Apps
FOLLOW_UP_HINT = (
    "To ask more, reply to the answer or press “Ask a follow-up” (e.g. “why?” or “and what "
    "about batteries?”): I read your follow-up with the earlier question."
)
NOTHING_TO_ASK = "That message doesn't ask anything I can look up in the articles."
CONTEXT_GONE = (
    "I can't show that quote's context any more: the article has changed or been removed since. "
    "Ask again to get a fresh answer."
)
_EXAMPLE_CAP = 150
_HELP_SOURCE_CAP = 120


@dataclass(frozen=True)
class AskChannel:
    """An ask channel as `/help` describes it."""

    id: int
    forum: bool


# --- small talk ---------------------------------------------------------------------------------


def small_talk_reaction(kind: Talk) -> str | None:
    """The reaction to chatter in an ask channel (None: let it pass without a sound)."""
    return {Talk.GREETING: "👋", Talk.FAREWELL: "👋", Talk.THANKS: "👍"}.get(kind)


def small_talk_line(kind: Talk, example: str | None = None) -> str:
    """A short, friendly reply to chatter addressed to the bot (a mention or a reply)."""
    if kind is Talk.GREETING:
        if example:
            shown = escape(shorten(" ".join(example.split()), _EXAMPLE_CAP))
            return f"Hi! Ask me anything about the articles, e.g. “{shown}”"
        return "Hi! Ask me anything about the articles."
    if kind is Talk.THANKS:
        return "You're welcome! Ask me anything else about the articles."
    if kind is Talk.FAREWELL:
        return "Bye! 👋"
    if kind is Talk.LAUGH:
        return "😄"
    return "👍"


# --- /help --------------------------------------------------------------------------------------


def _source_line(summary: SourceSummary) -> str:
    source = summary.source
    title = escape(shorten(" ".join(source.title.split()) or source.id, _HELP_SOURCE_CAP))
    tail = ", ".join(
        part
        for part in (
            escape(shorten(" ".join(source.outlet.split()), 60)),
            escape(nice_date(source.published)),
        )
        if part
    )
    return f"• {title} — {tail}" if tail else f"• {title}"


def _lines_within(lines: Sequence[str], limit: int, more: str) -> str:
    """As many lines as fit in `limit`, then `more` (formatted with how many were left out)."""
    shown: list[str] = []
    for index, line in enumerate(lines):
        left = len(lines) - index - 1
        tail = "\n" + more.format(left) if left else ""
        if size("\n".join([*shown, line]) + tail) > limit:
            return "\n".join([*shown, more.format(len(lines) - index)])
        shown.append(line)
    return "\n".join(shown)


def _channels(channels: Sequence[AskChannel]) -> str:
    return ", ".join(f"<#{c.id}>" for c in channels[:5]) + (" …" if len(channels) > 5 else "")


def how_to_ask(channels: Sequence[AskChannel], *, threads: bool) -> list[str]:
    """The ways to ask, one line each, as members meet them."""
    lines = [
        "**Mention me** with a question: `@quotebot Where was the agreement signed?`",
        "**Reply** to one of my answers to follow up (“who signed it?”, “and what about "
        "batteries?”): I read it with your earlier question.",
        "**`/ask`** anywhere (`private: True` shows the answer to you only).",
        f"**Right-click a message → Apps → {MENU_NAME}** to ask about what it says (only you "
        "see the answer).",
        "**Context** buttons under an answer show the paragraph around a quote and its article.",
    ]
    texts = [c for c in channels if not c.forum]
    forums = [c for c in channels if c.forum]
    if texts:
        where = "each in its own thread, where follow-ups go too" if threads else "in place"
        lines.append(f"In {_channels(texts)}, just write your question: I answer {where}.")
    if forums:
        lines.append(
            f"In {_channels(forums)}, open a post per question: I answer in the post, and "
            "follow-ups there are read with it."
        )
    return lines


def render_help(
    summaries: Sequence[SourceSummary],
    examples: Sequence[str],
    *,
    moderator: bool,
    channels: Sequence[AskChannel] = (),
    threads: bool = False,
) -> discord.Embed:
    """`/help`: what the bot knows, how to ask, and examples it can answer.

    The moderator commands are listed to moderators only.
    """
    embed = discord.Embed(
        title="Ask me about the news articles",
        description=(
            "I answer by quoting the articles word for word, and say where each quote comes "
            "from. When they don't cover something, I say so rather than guess."
        ),
        colour=COLOUR,
    )
    count = len(summaries)
    lines = [_source_line(s) for s in summaries]
    embed.add_field(
        name=f"What I know ({count:,} article{'s' if count != 1 else ''})",
        value=_lines_within(lines, FIELD_VALUE_LIMIT, "…and {} more: `/sources` lists them all")
        or "No articles yet.",
        inline=False,
    )
    embed.add_field(
        name="How to ask",
        value=_lines_within(
            [f"• {line}" for line in how_to_ask(channels, threads=threads)],
            FIELD_VALUE_LIMIT,
            "…",
        ),
        inline=False,
    )
    shown = [
        f"• “{escape(shorten(' '.join(e.split()), _EXAMPLE_CAP))}”"
        for e in examples[:3]
        if e.strip()
    ]
    embed.add_field(
        name="Try asking",
        value="\n".join(shown) or "Anything about the articles above.",
        inline=False,
    )
    if moderator:
        embed.add_field(
            name="For moderators",
            value=(
                "`/reindex` rebuild after changing the articles · `/ingest` add an article · "
                "`/remove` take one out · `/stats` what members asked and how it went"
            ),
            inline=False,
        )
    embed.set_footer(text="/sources lists every article · /help shows this again")
    return embed


# --- a quote in context -------------------------------------------------------------------------


def _md(text: str) -> str:
    """Article text shown as written: markdown escaped, mentions made inert."""
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text))


def _bold(text: str) -> str:
    """Bold, line by line (bold does not carry over a line break), spaces kept outside."""
    out = []
    for line in text.split("\n"):
        core = line.strip()
        if not core:
            out.append(line)
            continue
        lead = line[: len(line) - len(line.lstrip())]
        trail = line[len(line.rstrip()) :]
        out.append(f"{lead}**{core}**{trail}")
    return "\n".join(out)


def _tail(text: str, limit: int) -> str:
    """The end of `text` within `limit`, starting at a word, marked "… " if cut."""
    if size(text) <= limit:
        return text
    if limit < 3:
        return ""
    keep = text[len(text) - (limit - 2) :]
    while size(keep) > limit - 2:
        keep = keep[1:]
    space = keep.find(" ")
    if 0 <= space < len(keep) // 2:
        keep = keep[space + 1 :]
    return "… " + keep


def _fit(render: object, text: str, limit: int) -> str:
    """`render(cut_text)` for the longest cut of `text` whose rendering fits in `limit`."""
    assert callable(render)
    cut = size(text)
    while cut > 0:
        shown = render(cut)
        if size(shown) <= limit:
            return shown
        cut = min(cut - 1, cut * limit // max(size(shown), 1))
    return ""


def mark_paragraph(paragraph: str, start: int, end: int, limit: int) -> str:
    """The paragraph with the quoted part in bold, cut around it to fit `limit`.

    The quote keeps up to three fifths of the room; the words before and after share the rest,
    cut at word boundaries with "…", so the quote stays in the middle of what is shown.
    """
    start = max(0, min(start, len(paragraph)))
    end = max(start, min(end, len(paragraph)))
    before, marked, after = paragraph[:start], paragraph[start:end], paragraph[end:]
    shown = _fit(lambda cut: _bold(_md(shorten(marked, cut))), marked, limit * 3 // 5)
    rest = limit - size(shown)
    head = _fit(lambda cut: _md(_tail(before, cut)), before, rest // 2)
    tail = _fit(lambda cut: _md(shorten(after, cut)), after, rest - size(head))
    return head + shown + tail


def source_card(embed: discord.Embed, source: Source) -> None:
    """The article's details as fields: outlet, author, date and link (when known)."""
    for name, value in (
        ("Outlet", source.outlet),
        ("Author", source.author),
        ("Published", nice_date(source.published)),
    ):
        value = " ".join(value.split())
        if value:
            embed.add_field(name=name, value=escape(shorten(value, 200)), inline=True)
    url = safe_url(source.url)
    embed.add_field(
        name="Link", value=f"[open the article]({url})" if url else "none recorded", inline=True
    )


YOUR_QUESTION = "Your question"


def question_field(embeds: Sequence[discord.Embed]) -> str:
    """The question a context card was opened from ("" if it shows none)."""
    for embed in embeds:
        for field in embed.fields:
            if field.name == YOUR_QUESTION and field.value:
                return unescape(field.value).strip()
    return ""


def render_context(
    context: QuoteContext, *, number: int | None = None, question: str = ""
) -> discord.Embed:
    """A quote in its paragraph (quoted words in bold), the article's card, how to follow up.

    `question` is the question the quote answered: shown, and read with a follow-up asked
    from the card.
    """
    source = context.source
    hint = f"\n\n*{FOLLOW_UP_HINT}*"
    body = mark_paragraph(
        context.paragraph,
        context.mark_start,
        context.mark_end,
        DESCRIPTION_LIMIT - size(hint) - 200,
    )
    embed = discord.Embed(
        title=escape(shorten(" ".join(source.title.split()) or source.id, TITLE_LIMIT // 2)),
        url=safe_url(source.url) or None,
        description=(body or "*(no text)*") + hint,
        colour=COLOUR,
    )
    source_card(embed, source)
    if question.strip():
        shown = escape(shorten(" ".join(question.split()), FIELD_VALUE_LIMIT // 2))
        embed.add_field(name=YOUR_QUESTION, value=shown, inline=False)
    where = f"Quote {number} in context" if number else "In context"
    embed.set_footer(text=shorten(f"{where} · id: {source.id}", FOOTER_LIMIT // 8))
    return embed


# --- an article's opening -----------------------------------------------------------------------

_WORDS = re.compile(r"\w+")


def _same_as_title(line: str, title: str) -> bool:
    """Whether a line just repeats the title (most of its words, in any order)."""
    a, b = set(_WORDS.findall(line.casefold())), set(_WORDS.findall(title.casefold()))
    if not a or not b:
        return False
    return len(a & b) / len(a | b) >= 0.7


_ENDS = (".", "!", "?", "…", "”", '"', "’", ")")


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(_ENDS)


def _trim_to_sentence(lines: list[str]) -> list[str]:
    """Drop trailing headings, lead-ins ("… include:") and cut sentences from the end."""
    lines = list(lines)
    while lines and not _ends_sentence(lines[-1]):
        kept = list(takewhile(_ends_sentence, sentences(lines[-1])))
        if kept:
            lines[-1] = " ".join(kept)
        else:
            lines.pop()
    return lines


def opening_of(text: str, title: str, limit: int = 700, *, last_line_cut: bool = False) -> str:
    """The first lines of an article, without its title, ending at a sentence, within `limit`.

    Kickers and headings before the first sentence and lines repeating the title are left out;
    whole lines are kept while they fit, then whole sentences of the next line; the opening
    ends at the end of a sentence (never on a heading or a lead-in). With `last_line_cut`, the
    text's last line may have been cut short, so only its complete sentences count.
    """
    lines = [" ".join(line.split()) for line in text.split("\n")]
    lines = [line for line in lines if line]
    if last_line_cut and lines:
        lines = [*lines[:-1], *_trim_to_sentence(lines[-1:])]
    head = [line for line in lines[:3] if not _same_as_title(line, title)] + lines[3:]
    first = next((i for i, line in enumerate(head) if _ends_sentence(line)), None)
    lines = head[first:] if first is not None else head
    shown: list[str] = []
    for line in lines:
        if size("\n".join([*shown, line])) <= limit:
            shown.append(line)
            continue
        kept: list[str] = []
        for sentence in sentences(line):
            if size("\n".join([*shown, " ".join([*kept, sentence])])) > limit:
                break
            kept.append(sentence)
        if kept:
            shown.append(" ".join(kept))
        elif not shown:
            return shorten(line, limit)
        break
    return "\n".join(_trim_to_sentence(shown) or shown)
