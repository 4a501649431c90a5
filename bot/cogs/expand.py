"""Context on demand: a "Context n" button under each quote.

It shows, privately, the paragraph the quote comes from (the quoted words in bold), the
article's card, the question it answered, and an "Ask a follow-up" button whose form is read
with that question (the card carries it, so nothing is remembered between the clicks).

Like the vote buttons, these are `DynamicItem`s whose custom id says everything needed: the
quote's number, its source and its character span ("qx:v1:2:003_article:1520:1689"). A click
on any answer, sent before or after a restart, finds its paragraph; nothing is remembered per
message. If the article changed since (the span no longer lines up with a quote) or was
removed, the member is told so instead of being shown the wrong words.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Sequence
from typing import Any

import discord
from discord.ext import commands

from bot import render, render_talk
from bot.client import QuoteBot
from bot.cogs.feedback import feedback_view
from bot.conversation import answered_question
from bot.errors import tell
from index import MAX_QUESTION_CHARS, Answer, Quote, SourceSummary

log = logging.getLogger(__name__)

Button = discord.ui.Button[Any]

# "v1" leaves room to change the format while old messages (with v1 buttons) still work.
CUSTOM_ID = re.compile(
    r"qx:v1:(?P<number>[1-9]):(?P<key>[A-Za-z0-9_.-]{1,64}|~[0-9a-f]{16})"
    r":(?P<start>[0-9]{1,9}):(?P<end>[0-9]{1,9})"
)
_PLAIN_ID = re.compile(r"[A-Za-z0-9_.-]{1,64}")
MAX_BUTTONS = 3  # one row under the vote buttons; answers quote at most three passages


def source_key(source_id: str) -> str:
    """How a source is named in a custom id: its id if short and plain, else a hash of it.

    Custom ids are limited to 100 characters; a hand-named article file can have any name.
    """
    if _PLAIN_ID.fullmatch(source_id) and not source_id.startswith("~"):
        return source_id
    return "~" + hashlib.sha256(source_id.encode()).hexdigest()[:16]


def find_source_id(summaries: Sequence[SourceSummary], key: str) -> str | None:
    """The id of the source a custom id's key names (None if it is gone)."""
    for summary in summaries:
        if source_key(summary.source.id) == key:
            return summary.source.id
    return None


def context_custom_id(number: int, quote: Quote) -> str | None:
    """The custom id of quote `number`'s context button (None if the quote has no span)."""
    if quote.kind != "passage" or not 0 <= quote.start < quote.end < 10**9:
        return None
    if not 1 <= number <= 9:
        return None
    return f"qx:v1:{number}:{source_key(quote.source.id)}:{quote.start}:{quote.end}"


def parse_context_custom_id(custom_id: str) -> tuple[int, str, int, int] | None:
    """(quote number, source key, start, end) from a context button's custom id, or None.

    Anyone can forge a click: what this accepts is only looked up, never trusted.
    """
    match = CUSTOM_ID.fullmatch(custom_id)
    if match is None:
        return None
    start, end = int(match["start"]), int(match["end"])
    if start >= end:
        return None
    return int(match["number"]), match["key"], start, end


class ContextButton(discord.ui.DynamicItem[Button], template=CUSTOM_ID):
    """The "Context n" button of one quote."""

    def __init__(self, number: int, key: str, start: int, end: int) -> None:
        super().__init__(
            discord.ui.Button(
                label=f"Context {number}",
                emoji="📄",
                style=discord.ButtonStyle.secondary,
                custom_id=f"qx:v1:{number}:{key}:{start}:{end}",
                row=1,  # under the vote buttons
            )
        )
        self.number, self.key, self.start, self.end = number, key, start, end

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> ContextButton:
        """Rebuild the button from a click (the template already matched its custom id)."""
        return cls(int(match["number"]), match["key"], int(match["start"]), int(match["end"]))

    async def callback(self, interaction: discord.Interaction[QuoteBot]) -> None:
        """Show the quote's paragraph and article card to the member who clicked, privately."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        engine = interaction.client.engine
        source_id = find_source_id(engine.sources(), self.key)
        try:
            context = (
                await interaction.client.workers.answer(
                    engine.context, source_id, self.start, self.end
                )
                if source_id is not None and self.start < self.end
                else None
            )
        except Exception:
            log.exception("showing the context of quote %s failed", self.custom_id)
            await tell(interaction, render.APOLOGY)
            return
        if context is None:
            log.info("context of %s asked for, but the article changed or is gone", self.key)
            await tell(interaction, render_talk.CONTEXT_GONE)
            return
        question = None
        if interaction.message is not None:
            question = await answered_question(interaction.message)
        await interaction.followup.send(
            embed=render_talk.render_context(context, number=self.number, question=question or ""),
            view=follow_up_view(),
            ephemeral=True,
            allowed_mentions=render.NO_PINGS,
        )


FOLLOW_UP_ID = "qf:v1"


class FollowUpModal(discord.ui.Modal, title="Ask a follow-up"):
    """One line: the follow-up, read with the question the context card shows."""

    question: discord.ui.TextInput[FollowUpModal] = discord.ui.TextInput(
        label="Your follow-up question",
        placeholder="e.g. why? · who signed it? · and what about batteries?",
        custom_id="question",
        max_length=MAX_QUESTION_CHARS,
    )

    def __init__(self, earlier: str) -> None:
        super().__init__(custom_id=f"{FOLLOW_UP_ID}:modal")
        self.earlier = earlier

    async def on_submit(self, interaction: discord.Interaction[QuoteBot]) -> None:
        """Ask the follow-up as `/ask` would, privately, with the earlier question."""
        asking = interaction.client.get_cog("Ask")
        follow_up = getattr(asking, "ask_follow_up", None)
        if follow_up is None:  # pragma: no cover - the ask extension is always loaded
            await tell(interaction, render.APOLOGY)
            return
        await follow_up(interaction, self.question.value, previous=self.earlier or None)


class FollowUpButton(discord.ui.DynamicItem[Button], template=re.escape(FOLLOW_UP_ID)):
    """The "Ask a follow-up" button of a context card: it opens a one-line form."""

    def __init__(self) -> None:
        super().__init__(
            discord.ui.Button(
                label="Ask a follow-up",
                emoji="💬",
                style=discord.ButtonStyle.primary,
                custom_id=FOLLOW_UP_ID,
            )
        )

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> FollowUpButton:
        """Rebuild the button from a click."""
        return cls()

    async def callback(self, interaction: discord.Interaction[QuoteBot]) -> None:
        """Open the form; the card clicked on says which question the follow-up follows."""
        embeds = interaction.message.embeds if interaction.message is not None else []
        await interaction.response.send_modal(FollowUpModal(render_talk.question_field(embeds)))


def follow_up_view() -> discord.ui.View:
    """The button under a context card."""
    view = discord.ui.View(timeout=None)
    view.add_item(FollowUpButton())
    return view


def context_buttons(answer: Answer) -> list[ContextButton]:
    """One "Context n" button per quoted passage of an answer (none for a decline)."""
    buttons = []
    if not answer.answered:
        return buttons
    for number, quote in enumerate(answer.quotes[:MAX_BUTTONS], 1):
        custom_id = context_custom_id(number, quote)
        parsed = parse_context_custom_id(custom_id) if custom_id else None
        if parsed is not None:
            buttons.append(ContextButton(*parsed))
    return buttons


def answer_view(answer_id: int | None, answer: Answer) -> discord.ui.View | None:
    """The buttons under an answer: votes (if it was logged as `answer_id`) and context.

    No timeout: every button is dispatched by its custom id's pattern, whichever process sent
    it, so the view is only a way to put them on the message. None when there are none.
    """
    view = feedback_view(answer_id) if answer_id is not None else discord.ui.View(timeout=None)
    for button in context_buttons(answer):
        view.add_item(button)
    return view if view.children else None


class Expand(commands.Cog):
    """Listens for context buttons on any message, from the moment the extension is loaded."""

    def __init__(self, bot: QuoteBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        """Register the buttons' pattern: from now on every click reaches `callback`."""
        self.bot.add_dynamic_items(ContextButton, FollowUpButton)

    async def cog_unload(self) -> None:
        """Stop listening for context clicks."""
        self.bot.remove_dynamic_items(ContextButton, FollowUpButton)


async def setup(bot: QuoteBot) -> None:
    """Extension entry point (`load_extension("bot.cogs.expand")`)."""
    await bot.add_cog(Expand(bot))
