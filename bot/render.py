"""Pure functions that turn the core's records into Discord messages.

Nothing here touches the network or the engine, so every rule Discord enforces (and every way an
article's metadata can be odd) is tested directly: whatever the sources contain, what these
functions return fits Discord's limits, or Discord would reject the whole message.

Lengths are measured in UTF-16 code units (`size`), which is never less than the number of
characters however Discord counts, so the limits hold either way.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote as percent_quote
from urllib.parse import urlsplit

import discord

from bot.storage import QuestionCount, Reason, Stats, VoteResult, VoteStatus
from index import (
    Answer,
    Quote,
    ReindexReport,
    Source,
    SourceSummary,
    chatter_line,
    unmentioned_line,
    unrecorded_line,
    untold_line,
)

CONTENT_LIMIT = 2000
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FIELD_COUNT_LIMIT = 25
FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000

COLOUR = discord.Colour(0x3B82F6)
# Quoted and echoed text must never ping anyone: passed on every send (and set on the client).
NO_PINGS = discord.AllowedMentions.none()
DECLINE_TEXT = "The articles I have don't cover that, so I won't guess."
SOURCES_HINT = "`/sources` lists every article I quote from."
NOT_ENGLISH_TEXT = (
    "I can only read questions in English (the articles are in English too): please ask again "
    "in English."
)
CHATTER_TEXT = chatter_line()  # the core's own words for chatter, without an example
_REASON_TEXTS = {"not_english": NOT_ENGLISH_TEXT, "small_talk": CHATTER_TEXT}
READ_AS_LABEL = "Read with your earlier question:"
_EXAMPLE_CAP = 150  # an example question shown in a decline, at most
_QUESTION_CAP = 120  # a member's question in an answer's title, when escaping makes it long

# Caps on one source's metadata, so that a freak title cannot crowd the quotes out.
_TITLE_CAP = 150
_NAME_CAP = 80
_DATE_CAP = 32
_URL_CAP = 512
_ALSO_NAMES = 3
_MAX_QUOTES = 10
_SOURCES_PER_PAGE = 10

_SENTENCE_END = re.compile(r"""[.!?…]["'”’)\]]*(?=\s)""")
_INLINE_MARKDOWN = re.compile(r"([\\*_~`|\[\]<>#])")


@dataclass(frozen=True)
class Reply:
    """A message to send: text, an embed, or both."""

    content: str | None = None
    embed: discord.Embed | None = None

    def send_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for `send`/`reply`/`followup.send`, omitting what is unset."""
        kwargs: dict[str, Any] = {}
        if self.content is not None:
            kwargs["content"] = self.content
        if self.embed is not None:
            kwargs["embed"] = self.embed
        return kwargs


# --- measuring and cutting text ---------------------------------------------------------------


def size(text: str) -> int:
    """Length as Discord may count it: UTF-16 code units (an emoji can count as two)."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def _prefix_within(text: str, limit: int) -> str:
    """The longest prefix of `text` whose `size` is at most `limit`."""
    if size(text) <= limit:
        return text
    total = 0
    for index, char in enumerate(text):
        total += 2 if ord(char) > 0xFFFF else 1
        if total > limit:
            return text[:index]
    return text  # pragma: no cover - unreachable: the whole text was too long


def shorten(text: str, limit: int) -> str:
    """Cut `text` to fit `limit`, at a sentence end or else a word boundary, with an ellipsis.

    A cut only goes back to a boundary in the second half of the room, so that one very long
    sentence or word still shows most of what fits rather than almost nothing.
    """
    if size(text) <= limit:
        return text
    if limit <= 0:
        return ""
    if limit < 3:
        return "…"[:limit]
    room = _prefix_within(text, limit - 2)  # leaves space for " …"
    least = len(room) // 2
    # Look one character further so that a boundary right after the room counts.
    window = text[: len(room) + 1]
    sentence_ends = [m.end() for m in _SENTENCE_END.finditer(window) if m.end() <= len(room)]
    if sentence_ends and sentence_ends[-1] >= least:
        return room[: sentence_ends[-1]] + " …"
    space = max(window.rfind(" "), window.rfind("\n"), window.rfind("\t"))
    if space >= least:
        kept = room[:space].rstrip(" \t\n,;:–—-")
        if kept:
            return kept + "…"
    return _prefix_within(text, limit - 1) + "…"


def escape(text: str) -> str:
    """Escape Discord markdown in a short inline string (a title, an outlet, a link label)."""
    return _INLINE_MARKDOWN.sub(r"\\\1", text)


def _escape_quote_line(line: str) -> str:
    """Escape markdown in quoted words so they show as written; links stay clickable."""
    return discord.utils.escape_markdown(line)


def safe_url(url: str) -> str:
    """The url if Discord will accept and render it as a link target, else ""."""
    url = url.strip()
    if not url or any(c.isspace() for c in url):
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ""
    # A ")" or "<" would end a markdown link early; percent-encoding keeps the address intact.
    quoted = percent_quote(url, safe=":/?#@!$&'*+,;=%-._~[]")
    return quoted if size(quoted) <= _URL_CAP else ""


def nice_date(published: str) -> str:
    """An ISO date as "28 Oct 2025"; anything else is shown as given (capped)."""
    published = published.strip()
    try:
        day = date.fromisoformat(published)
    except ValueError:
        return shorten(published, _DATE_CAP)
    return f"{day.day} {day:%b %Y}"


def _bounded_list(items: Sequence[str], limit: int, *, sep: str = ", ") -> str:
    """Join as many items as fit in `limit`, then "and N more"."""
    shown: list[str] = []
    for index, item in enumerate(items):
        rest = len(items) - index - 1
        tail = f" and {rest} more" if rest else ""
        candidate = sep.join([*shown, item]) + tail
        if size(candidate) > limit:
            break
        shown.append(item)
    if len(shown) == len(items):
        return sep.join(shown)
    rest = len(items) - len(shown)
    if not shown:
        return shorten(f"{rest} (too long to list)", limit)
    return sep.join(shown) + f" and {rest} more"


# --- attribution ------------------------------------------------------------------------------


def citation(source: Source, *, link: bool = True) -> str:
    """Title — outlet, date: the title a markdown link when the source has a usable url."""
    title = escape(shorten(source.title.strip() or source.id, _TITLE_CAP))
    url = safe_url(source.url) if link else ""
    head = f"[{title}]({url})" if url else f"**{title}**"
    tail = ", ".join(
        part
        for part in (
            escape(shorten(source.outlet.strip(), _NAME_CAP)),
            escape(nice_date(source.published)),
        )
        if part
    )
    return f"{head} — {tail}" if tail else head


def _reporter(source: Source) -> str:
    """How a source is named in "also reported by": its outlet, else its title."""
    return escape(shorten(source.outlet.strip() or source.title.strip() or source.id, _NAME_CAP))


def also_reported(quote: Quote, *, most: int = _ALSO_NAMES) -> str:
    """The line "also reported by A, B and 2 more", or "" when no other source says it."""
    names = list(dict.fromkeys(_reporter(s) for s in quote.also))
    if not names:
        return ""
    shown = names[:most]
    rest = len(names) - len(shown)
    listed = ", ".join(shown) + (f" and {rest} more" if rest else "")
    return f"*also reported by {listed}*"


def _attributions(quote: Quote) -> Iterator[str]:
    """Ways to attribute a quote, richest first."""
    also = also_reported(quote)
    for link in (True, False):
        cite = citation(quote.source, link=link)
        if also:
            yield f"{cite}\n{also}"
            yield f"{cite}\n{also_reported(quote, most=1)}"
        yield cite


def attribution(quote: Quote, limit: int) -> str:
    """The richest attribution of `quote` that fits in `limit`."""
    for candidate in _attributions(quote):
        if size(candidate) <= limit:
            return candidate
    return shorten(citation(quote.source, link=False), limit)


# --- quotes -----------------------------------------------------------------------------------


def _quote_lines(text: str, number: int | None) -> str:
    lines = [_escape_quote_line(line) for line in text.split("\n")]
    if number is not None:
        lines[0] = f"**{number}.** {lines[0]}"
    return "\n".join(f"> {line}" for line in lines)


def block_quote(text: str, limit: int, *, number: int | None = None) -> str:
    """`text` as a Discord block quote (every line "> "), cut to fit `limit`.

    Blank lines are dropped (a quote must not end at a paragraph break); the words are kept as
    written, with markdown escaped so that they show exactly as the article has them.
    """
    clean = "\n".join(line.strip() for line in text.splitlines() if line.strip())
    if not clean:
        return ""
    cut = size(clean)
    while cut > 0:
        rendered = _quote_lines(shorten(clean, cut), number)
        if size(rendered) <= limit:
            return rendered
        # Scale down by how much the markup added, and always make progress.
        cut = min(cut - 1, cut * limit // size(rendered))
    return ""


def source_card(source: Source, number: int, limit: int) -> str:
    """An article's own metadata as the answer to a question about the article (no quote marks).

    "Who wrote the law firm's piece?" is answered by the byline the bot keeps as metadata, not
    by words of the text, so it is shown as a card, never as a quotation.
    """
    lines = [f"**{number}.** {citation(source)}"]
    if source.author.strip():
        lines.append(f"by {escape(shorten(source.author.strip(), _NAME_CAP))}")
    for candidate in ("\n".join(lines), lines[0], f"**{number}.** {citation(source, link=False)}"):
        if size(candidate) <= limit:
            return candidate
    return shorten(f"{number}. {source.title}", limit)


def page_links(quote: Quote, number: int, limit: int) -> str:
    """An article's related-links list (page furniture): its card, then the headlines it links.

    The headlines are the page's, not the article's words, so they are listed, not quoted.
    """
    head = source_card(quote.source, number, limit)
    lines = [f"- {escape(line.strip())}" for line in quote.text.splitlines() if line.strip()]
    while lines:
        whole = "\n".join([head, "Related stories linked on its page:", *lines])
        if size(whole) <= limit:
            return whole
        lines.pop()
    return head


NOTICE_CHARS = 400  # a page's line about the article, whole: a contact line names whom at its end


def page_notice(quote: Quote, number: int, limit: int) -> str:
    """A line the article's page prints about the article ("Last Updated on ..."), under its card.

    It is the page's, not the story's words: shown as what the page says, not as a quotation.
    """
    head = source_card(quote.source, number, limit)
    line = f"Its page says: {escape(shorten(' '.join(quote.text.split()), NOTICE_CHARS))}"
    whole = f"{head}\n{line}"
    return whole if size(whole) <= limit else head


def _quote_block(quote: Quote, number: int, limit: int) -> str:
    """One numbered quote with its attribution underneath, within `limit`.

    The quote is guaranteed half the room; the attribution may use whatever the quote leaves,
    so a short quote keeps its full attribution (link and "also reported by"). An answer from
    an article's metadata (`kind == "source"`) is its source card instead.
    """
    if quote.kind == "source":
        return source_card(quote.source, number, limit)
    if quote.kind == "page":
        return page_links(quote, number, limit)
    if quote.kind == "notice":
        return page_notice(quote, number, limit)
    whole = block_quote(quote.text, limit, number=number)
    cite = attribution(quote, limit - 1 - min(size(whole), limit // 2))
    room = limit - size(cite) - 1  # the newline between quote and attribution
    quoted = block_quote(quote.text, room, number=number)
    return f"{quoted}\n{cite}" if quoted else cite


def _share(wants: Sequence[int], total: int) -> list[int]:
    """Split `total` among claims: small claims get all they want, the rest share what remains.

    This is water-filling: a short quote does not waste its share, a long one gets the leftovers.
    """
    shares = [0] * len(wants)
    left = total
    order = sorted(range(len(wants)), key=lambda i: wants[i])
    for position, index in enumerate(order):
        fair = left // (len(order) - position)
        shares[index] = min(wants[index], fair)
        left -= shares[index]
    return shares


def _took(ms: float) -> str:
    return f"{ms / 1000:.1f} s" if ms >= 1000 else f"{max(ms, 0):.0f} ms"


def _footer(answer: Answer) -> str:
    passages = "passage" if answer.searched == 1 else "passages"
    return f"Searched {answer.searched:,} {passages} in {_took(answer.took_ms)}"


def question_title(question: str) -> str:
    """A member's question as an answer's title: one line, cut, markdown shown as typed.

    As long as the title allows, since a follow-up to the answer is read with it.
    """
    line = " ".join(question.split())
    for cap in (TITLE_LIMIT - 6, 200, _QUESTION_CAP, 60):
        title = escape(shorten(line, cap))
        if size(title) <= TITLE_LIMIT:
            return title or "?"
    return "?"  # pragma: no cover - 60 characters escaped are at most 120


def unescape(text: str) -> str:
    """Undo `escape`: the text as it was before its markdown was neutralised."""
    return re.sub(r"\\([\\*_~`|\[\]<>#])", r"\1", text)


def read_as_line(read_as: str) -> str:
    """The line saying a follow-up was read with the earlier question, and how ("" if not)."""
    line = " ".join(read_as.split())
    if not line:
        return ""
    return f"*{READ_AS_LABEL}* {escape(shorten(line, 400))}"


def render_answer(answer: Answer, *, show_question: bool = False) -> Reply:
    """The reply to a question: numbered quotes with attribution, or an honest decline.

    `show_question` titles the answer with the question, for answers that would otherwise not
    show what was asked (`/ask`, the context menu). A follow-up read with the earlier question
    says so in its first line.
    """
    if not answer.answered or not answer.quotes:
        return render_decline(answer)
    quotes = answer.quotes[:_MAX_QUOTES]
    sep = "\n\n"
    lead = read_as_line(answer.read_as)
    room = DESCRIPTION_LIMIT - size(sep) * (len(quotes) - 1) - (size(lead + sep) if lead else 0)
    wants = [size(_quote_block(q, n, DESCRIPTION_LIMIT)) for n, q in enumerate(quotes, 1)]
    blocks = [
        _quote_block(q, n, share)
        for n, (q, share) in enumerate(zip(quotes, _share(wants, room), strict=True), 1)
    ]
    body = sep.join(b for b in blocks if b)
    embed = discord.Embed(description=f"{lead}{sep}{body}" if lead else body, colour=COLOUR)
    if show_question:
        embed.title = question_title(answer.question)
    embed.set_footer(text=_footer(answer))
    return Reply(embed=embed)


def _examples_text(examples: Sequence[str]) -> str:
    shown = [escape(shorten(" ".join(e.split()), _EXAMPLE_CAP)) for e in examples[:2]]
    return " or ".join(f"“{e}”" for e in shown if e)


def render_decline(answer: Answer) -> Reply:
    """What the bot says when the articles do not answer: never an unrelated quote.

    One or two lines: why, then the nearest things the articles do answer (two example
    questions), or else the closest article. A question in another language is told that the
    bot reads English, not that the articles lack the answer.
    """
    examples = _examples_text(answer.examples)
    if answer.reason in ("not_english", "small_talk"):
        said = " ".join(answer.suggestion.split())
        first = escape(shorten(said, 600)) if said else _REASON_TEXTS[answer.reason]
        return Reply(content=first)
    why = DECLINE_TEXT
    if answer.unrecorded and answer.nearest:
        # "who wrote the Clash Report piece?": it has no byline. Say that, not "not covered".
        said = escape(shorten(unrecorded_line(answer.nearest[0], answer.unrecorded), 400))
        return Reply(content=f"{said} I won't guess.\n`/source` shows what it does record.")
    if answer.unmentioned:
        # "will taiwan join?": say what is missing, so the member need not rephrase in vain.
        why = escape(shorten(unmentioned_line(answer.unmentioned), 300)) + " I won't guess."
    elif answer.untold:
        # "did rare earth stocks pop?": likewise the kind of fact no article gives.
        why = escape(shorten(untold_line(answer.untold), 300)) + " I won't guess."
    if examples:
        return Reply(content=f"{why}\nThey do answer, e.g., {examples}.")
    if answer.nearest:
        nearest = answer.nearest[0]
        name = " ".join(nearest.title.split()) or " ".join(nearest.id.split())
        closest = escape(shorten(name, 150))
        return Reply(content=f"{why}\nThe closest article is **{closest}** (`/source`).")
    return Reply(content=f"{why} {SOURCES_HINT}")


# --- short texts ------------------------------------------------------------------------------


_STAGES = {"reading": "reading articles", "embedding": "embedding passages"}


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{max(1, round(seconds))} s"
    if seconds < 5400:
        return f"{round(seconds / 60)} min"
    return f"{seconds / 3600:.1f} h"


def progress_text(stage: str, done: int, total: int, elapsed_s: float) -> str:
    """A long rebuild's progress, shown to the moderator who started it (one line)."""
    what = _STAGES.get(stage, " ".join(stage.split())[:40] or "working")
    total = max(total, 1)
    done = max(0, min(done, total))
    line = f"Indexing… {what}: {done:,} of {total:,} ({100 * done // total} %)"
    if 0 < done < total and elapsed_s > 0:
        left = elapsed_s * (total - done) / done
        line += f", about {_duration(left)} left"
    return line + ". Members are still answered from the current index meanwhile."


def index_write_error_text(message: str) -> str:
    """Told to a moderator when the index cannot be written (disk full, read-only folder)."""
    reason = escape(shorten(" ".join(message.split()), CONTENT_LIMIT // 2))
    return (
        f"The index was not updated: {reason}. Members are still answered from the current "
        "index; free some disk space (or make the data folder writable) and try again."
    )


def cooldown_text(retry_after: float) -> str:
    """Told to a member asking again too soon."""
    return f"You're asking quickly: try again in {max(1, math.ceil(retry_after))} s."


def question_error_text(message: str) -> str:
    """The core's reason for refusing a question, within a message."""
    return shorten(message, CONTENT_LIMIT)


EMPTY_MENTION_HINT = (
    "Ask me something after the mention, e.g. `@me Where was the agreement signed?`, or use `/ask`."
)
APOLOGY = "Sorry, something went wrong on my side while doing that. It has been logged."


# --- sources ----------------------------------------------------------------------------------


def _source_entry(number: int, summary: SourceSummary, limit: int) -> str:
    """One line of `/sources`, with its link if that fits in `limit`."""
    passages = "passage" if summary.chunks == 1 else "passages"
    for link in (True, False):
        cite = citation(summary.source, link=link)
        entry = f"**{number}.** {cite}\n{summary.chunks:,} {passages}"
        if size(entry) <= limit:
            return entry
    return shorten(entry, limit)


def render_source_pages(summaries: Sequence[SourceSummary]) -> list[discord.Embed]:
    """`/sources`: every source, as many pages as needed (at least one)."""
    if not summaries:
        embed = discord.Embed(
            title="Sources", description="No articles are indexed yet.", colour=COLOUR
        )
        return [embed]
    pages: list[list[str]] = [[]]
    used = 0
    for number, summary in enumerate(summaries, 1):
        entry = _source_entry(number, summary, DESCRIPTION_LIMIT // 4)
        page = pages[-1]
        if page and (len(page) >= _SOURCES_PER_PAGE or used + 2 + size(entry) > DESCRIPTION_LIMIT):
            pages.append([])
            page, used = pages[-1], 0
        used += size(entry) + (2 if page else 0)
        page.append(entry)
    chunks = sum(s.chunks for s in summaries)
    total = f"{len(summaries):,} sources · {chunks:,} passages"
    embeds = []
    for index, page in enumerate(pages, 1):
        embed = discord.Embed(title="Sources", description="\n\n".join(page), colour=COLOUR)
        where = f"Page {index}/{len(pages)} · " if len(pages) > 1 else ""
        embed.set_footer(text=where + total)
        embeds.append(embed)
    return embeds


def render_source(summary: SourceSummary, opening: str | None = None) -> discord.Embed:
    """`/source`: one source's details and its opening lines (`opening`, else the summary's)."""
    source = summary.source
    shown = summary.opening if opening is None else opening
    embed = discord.Embed(
        title=escape(shorten(source.title.strip() or source.id, TITLE_LIMIT // 2)),
        url=safe_url(source.url) or None,
        description=block_quote(shown, 1500) or "*(no text)*",
        colour=COLOUR,
    )
    details = (
        ("Outlet", source.outlet),
        ("Author", source.author),
        ("Published", nice_date(source.published)),
    )
    for name, value in details:
        if value.strip():
            embed.add_field(name=name, value=escape(shorten(value.strip(), 200)), inline=True)
    embed.add_field(name="Passages", value=f"{summary.chunks:,}", inline=True)
    embed.add_field(name="Characters", value=f"{summary.chars:,}", inline=True)
    if not safe_url(source.url):
        embed.add_field(name="Link", value="none recorded", inline=True)
    embed.set_footer(text=shorten(f"id: {source.id}", FOOTER_LIMIT // 8))
    return embed


def match_sources(summaries: Iterable[SourceSummary], text: str) -> list[SourceSummary]:
    """Sources whose title, outlet or id contain `text` (case-insensitive), titles first."""
    needle = text.casefold().strip()
    if not needle:
        return list(summaries)
    in_title, elsewhere = [], []
    for summary in summaries:
        source = summary.source
        if needle in source.title.casefold():
            in_title.append(summary)
        elif needle in source.outlet.casefold() or needle in source.id.casefold():
            elsewhere.append(summary)
    return in_title + elsewhere


def unknown_source_text(query: str) -> str:
    """The reply when no article matches what a member typed (their text shown inert)."""
    return f"No article matches “{escape(shorten(query, 100))}”. `/sources` lists them all."


def find_source(summaries: Sequence[SourceSummary], name: str) -> SourceSummary | None:
    """What `/source name:` means: an id (autocomplete sends those), a title, a unique match."""
    wanted = name.strip()
    for summary in summaries:
        if summary.source.id == wanted:
            return summary
    for summary in summaries:
        if summary.source.title.strip().casefold() == wanted.casefold():
            return summary
    matches = match_sources(summaries, wanted)
    return matches[0] if len(matches) == 1 else None


# --- reindex ----------------------------------------------------------------------------------


def render_reindex(report: ReindexReport) -> discord.Embed:
    """What `/reindex` changed: sources added, removed and changed, passages, time."""
    title = "Index rebuilt" if report.changed_anything else "Index rebuilt: nothing changed"
    embed = discord.Embed(title=title, colour=COLOUR)
    for label, titles in (
        ("Added", report.added),
        ("Removed", report.removed),
        ("Changed", report.changed),
    ):
        if titles:
            items = [escape(shorten(t.strip(), _TITLE_CAP)) or "(untitled)" for t in titles]
            embed.add_field(
                name=f"{label} ({len(titles):,})",
                value=_bounded_list(items, FIELD_VALUE_LIMIT, sep="\n"),
                inline=False,
            )
    if report.skipped:
        items = [escape(shorten(s.strip(), 300)) or "(no reason given)" for s in report.skipped]
        embed.add_field(
            name=f"Skipped ({len(report.skipped):,})",
            value=_bounded_list(items, FIELD_VALUE_LIMIT, sep="\n"),
            inline=False,
        )
    embed.add_field(name="Sources", value=f"{report.sources:,}", inline=True)
    embed.add_field(name="Passages", value=f"{report.chunks:,}", inline=True)
    embed.add_field(name="Embedded afresh", value=f"{report.embedded:,}", inline=True)
    embed.set_footer(text=f"{report.unchanged:,} sources unchanged · took {_took(report.took_ms)}")
    return embed


# --- feedback ---------------------------------------------------------------------------------

TOO_OLD_TO_RATE = "This answer is too old to rate: answers are only kept for a while."
NOT_RATEABLE = "This answer can't be rated."
NOT_LOGGED = "Sorry, this answer could not be logged, so votes on it can't be recorded."


REASON_LABELS = {
    Reason.WRONG_QUOTE: "Wrong quote",
    Reason.MISSING: "Missing information",
    Reason.OUTDATED: "Outdated",
    Reason.OTHER: "Other",
}


def why_text(clicked: VoteResult, explained: VoteResult) -> str:
    """The acknowledgement of the "what was wrong?" form: the click's vote, and what was kept."""
    said = []
    if explained.reason is not None:
        said.append(REASON_LABELS[explained.reason].lower())
    if explained.comment:
        said.append("your note")
    kept = f" Noted for the moderators: {' and '.join(said)}." if said else ""
    return vote_text(clicked) + kept


def vote_text(result: VoteResult) -> str:
    """The private acknowledgement of a "Helpful"/"Not helpful" click."""
    kind = "helpful" if result.helpful else "not helpful"
    if result.status is VoteStatus.NEW:
        return f"Thanks — recorded as {kind}."
    if result.status is VoteStatus.CHANGED:
        return f"Thanks — changed to {kind}."
    return f"Already recorded as {kind}."


# --- stats ------------------------------------------------------------------------------------

# A member's question is shown whole up to this, so that a five-item list fits in one field.
_STATS_QUESTION_CAP = 180


def _share_text(share: float) -> str:
    """A share as a whole percentage, never rounded to a misleading "0%" or "100%"."""
    percent = f"{share:.0%}"
    if share > 0 and percent == "0%":
        return "<1%"
    if share < 1 and percent == "100%":
        return ">99%"
    return percent


def _latency_text(ms: float | None) -> str:
    return "—" if ms is None else _took(ms)


def stats_question(question: str) -> str:
    """A member's question shown as plain words on one line: cut, markdown and mentions escaped.

    Members' questions are shown to moderators verbatim, so nothing in them may format the embed
    or look like a mention (embeds never ping, but a mention would still render as one).
    """
    line = " ".join(question.split())
    return discord.utils.escape_mentions(escape(shorten(line, _STATS_QUESTION_CAP))) or "(empty)"


def _question_list(counts: Sequence[QuestionCount], empty: str) -> str:
    if not counts:
        return empty
    items = [f"**{c.count:,}×** {stats_question(c.question)}" for c in counts]
    return _bounded_list(items, FIELD_VALUE_LIMIT, sep="\n")


def _reasons_text(stats: Stats) -> str:
    """Each reason members gave for "Not helpful" with its count, then their latest notes."""
    counts = {count.reason: count.count for count in stats.reasons}
    if not any(counts.values()) and not stats.comments:
        return "No reasons given."
    line = " · ".join(
        f"{label} {counts.get(reason, 0):,}" for reason, label in REASON_LABELS.items()
    )
    notes = [f"“{stats_question(comment)}”" for comment in stats.comments]
    return _bounded_list([line, *notes], FIELD_VALUE_LIMIT, sep="\n")


def render_stats(stats: Stats) -> discord.Embed:
    """`/stats`: how much was asked, how it went, and what the articles are missing."""
    days = "day" if stats.days == 1 else "days"
    embed = discord.Embed(title=f"Questions in the last {stats.days:,} {days}", colour=COLOUR)
    if not stats.asked:
        embed.description = "Nobody asked anything in this period."
    declined = f"{stats.declined:,} ({_share_text(stats.declined_share)})"
    latency = f"{_latency_text(stats.latency_p50_ms)} / {_latency_text(stats.latency_p95_ms)}"
    for name, value in (
        ("Asked", f"{stats.asked:,}"),
        ("Answered", f"{stats.answered:,}"),
        ("Declined", declined),
        ("Helpful", f"{stats.helpful:,}"),
        ("Not helpful", f"{stats.not_helpful:,}"),
        ("Latency p50 / p95", latency),
    ):
        embed.add_field(name=name, value=value, inline=True)
    embed.add_field(
        name="Most often declined (what the articles don't cover)",
        value=_question_list(stats.top_declined, "None declined."),
        inline=False,
    )
    embed.add_field(
        name="Most often marked not helpful",
        value=_question_list(stats.top_not_helpful, "No answer was marked not helpful."),
        inline=False,
    )
    embed.add_field(name="Why not helpful", value=_reasons_text(stats), inline=False)
    scope = "All servers" if stats.guild_id is None else "This server"
    since = stats.since.strftime("%d %b %Y %H:%M")
    embed.set_footer(text=f"{scope} · since {since} UTC · votes count with the answer they rate")
    return embed


def embed_size(embed: discord.Embed) -> int:
    """What Discord counts towards the 6,000 per message: title, description, fields, footer."""
    total = size(embed.title or "") + size(embed.description or "")
    total += sum(size(f.name or "") + size(f.value or "") for f in embed.fields)
    total += size(embed.footer.text or "") + size(embed.author.name or "")
    return total
