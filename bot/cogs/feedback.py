"""Feedback on answers: "Helpful" and "Not helpful" buttons under every answer.

The buttons are discord.py `DynamicItem`s: each button's custom id carries the answer's id in the
log ("fb:v1:<answer id>:up"), and the pattern is registered once with the client, so a click on
any message, sent by this process or by one that ran before a restart, finds its answer. Nothing
is remembered per message, which is what lets the buttons outlive the process that sent them.

"Not helpful" also opens an optional form asking what was wrong (wrong quote, missing
information, outdated, other, and a note of up to 300 characters), stored with the vote.

A click records the member's vote (once per member per answer; a second click the other way
changes it) through the storage layer in the database pool, and is acknowledged privately.
Only answers shown with buttons can be rated: a forged click on a declined answer, or on one
older than the retention, is refused. A click that arrives while its answer's row is still being
written (see `bot.answer_log`) waits for it.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

import discord
from discord.ext import commands

from bot import render
from bot.client import QuoteBot
from bot.errors import tell
from bot.storage import MAX_COMMENT_CHARS, NotRateable, Reason, UnknownAnswer, VoteResult

log = logging.getLogger(__name__)

# "v1" leaves room to change the format while old messages (with v1 buttons) still work.
CUSTOM_ID = re.compile(r"fb:v1:(?P<answer_id>[1-9][0-9]{0,18}):(?P<vote>up|down)")

Button = discord.ui.Button[Any]


def feedback_custom_id(answer_id: int, helpful: bool) -> str:
    """The custom id of a vote button: what a click sends back, so it must say everything."""
    if isinstance(answer_id, bool) or not 1 <= answer_id < 10**19:
        raise ValueError(f"not an answer id: {answer_id!r}")
    return f"fb:v1:{answer_id}:{'up' if helpful else 'down'}"


def parse_feedback_custom_id(custom_id: str) -> tuple[int, bool] | None:
    """(answer id, helpful) from a vote button's custom id; None if it is not one.

    Custom ids come back from Discord as sent, but any client can forge a click: whatever this
    accepts is only an id to look up, and an unknown one is "too old to rate".
    """
    match = CUSTOM_ID.fullmatch(custom_id)
    if match is None:
        return None
    return int(match["answer_id"]), match["vote"] == "up"


class FeedbackButton(discord.ui.DynamicItem[Button], template=CUSTOM_ID):
    """One of the two vote buttons of one answer."""

    def __init__(self, answer_id: int, helpful: bool) -> None:
        super().__init__(
            discord.ui.Button(
                label="Helpful" if helpful else "Not helpful",
                style=discord.ButtonStyle.secondary,
                custom_id=feedback_custom_id(answer_id, helpful),
            )
        )
        self.answer_id = answer_id
        self.helpful = helpful

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> FeedbackButton:
        """Rebuild the button from a click (the template already matched its custom id)."""
        return cls(int(match["answer_id"]), match["vote"] == "up")

    async def callback(self, interaction: discord.Interaction[QuoteBot]) -> None:
        """Record the vote and tell the member privately what it did.

        "Not helpful" first opens the optional form asking why (a form must be the first
        response to the click); the vote is recorded meanwhile, so closing the form loses
        nothing, and submitting it acknowledges both.
        """
        if not self.helpful:
            clicked = asyncio.create_task(record_vote(interaction, self.answer_id, False))
            await interaction.response.send_modal(WhyModal(self.answer_id, clicked))
            await clicked
            return
        # Deferred first: a busy database may take longer than the 3 s Discord allows.
        await interaction.response.defer(ephemeral=True, thinking=True)
        _, text = await record_vote(interaction, self.answer_id, True)
        await tell(interaction, text)


async def record_vote(
    interaction: discord.Interaction[QuoteBot],
    answer_id: int,
    helpful: bool,
    *,
    reason: Reason | None = None,
    comment: str = "",
) -> tuple[VoteResult | None, str]:
    """Record one vote; the result (None if refused or failed) and what to tell the member."""
    bot = interaction.client
    retention = bot.settings.retention_days
    if not await bot.answer_log.settled(answer_id):
        return None, render.NOT_LOGGED  # the error was logged when it happened
    try:
        result = await bot.workers.database_call(
            bot.storage.vote,
            answer_id,
            interaction.user.id,
            helpful,
            max_age_days=retention or None,
            reason=reason,
            comment=comment,
        )
    except NotRateable:
        log.info("refused a vote on answer %d: it cannot be rated", answer_id)
        return None, render.NOT_RATEABLE
    except UnknownAnswer:
        return None, render.TOO_OLD_TO_RATE
    except Exception:
        # Logged like the command tree's errors; the member gets an apology, not silence.
        log.exception(
            "recording a vote on answer %d by %s (%s) failed",
            answer_id,
            interaction.user,
            interaction.user.id,
        )
        return None, render.APOLOGY
    log.info(
        "vote on answer %d: %s (%s)%s",
        result.answer_id,
        "helpful" if result.helpful else "not helpful",
        result.status,
        f" because {result.reason}" if result.reason else "",
    )
    return result, render.vote_text(result)


class WhyModal(discord.ui.Modal, title="Not helpful — what was wrong?"):
    """The optional form after "Not helpful": a reason and a short note, both optional."""

    def __init__(
        self, answer_id: int, clicked: asyncio.Task[tuple[VoteResult | None, str]]
    ) -> None:
        super().__init__(custom_id=f"fb:v1:{answer_id}:why", timeout=600)
        self.answer_id = answer_id
        self.clicked = clicked
        self.reason: discord.ui.Select[WhyModal] = discord.ui.Select(
            custom_id="reason",
            placeholder="Pick one (optional)",
            required=False,
            min_values=0,
            max_values=1,
            options=[
                discord.SelectOption(label=render.REASON_LABELS[r], value=r.value) for r in Reason
            ],
        )
        self.comment: discord.ui.TextInput[WhyModal] = discord.ui.TextInput(
            custom_id="comment",
            style=discord.TextStyle.paragraph,
            placeholder="What should the answer have said? (optional)",
            required=False,
            max_length=MAX_COMMENT_CHARS,
        )
        self.add_item(discord.ui.Label(text="What was wrong?", component=self.reason))
        self.add_item(discord.ui.Label(text="Anything to add?", component=self.comment))

    async def on_submit(self, interaction: discord.Interaction[QuoteBot]) -> None:
        """Store the reason with the vote the click recorded, and acknowledge both."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        first, text = await self.clicked  # the click's vote, so the message says what it did
        known = {r.value: r for r in Reason}
        reason = next((known[v] for v in self.reason.values if v in known), None)
        comment = " ".join(self.comment.value.split())[:MAX_COMMENT_CHARS]
        if first is not None and (reason is not None or comment):
            again, failed = await record_vote(
                interaction, self.answer_id, False, reason=reason, comment=comment
            )
            text = render.why_text(first, again) if again is not None else failed
        await tell(interaction, text)


def feedback_view(answer_id: int) -> discord.ui.View:
    """The two vote buttons for the answer logged as `answer_id`, to send with it.

    No timeout: the buttons are dispatched by their pattern (see the module docstring), so the
    view is only a way to put them on the message.
    """
    view = discord.ui.View(timeout=None)
    view.add_item(FeedbackButton(answer_id, helpful=True))
    view.add_item(FeedbackButton(answer_id, helpful=False))
    return view


class Feedback(commands.Cog):
    """Listens for vote buttons on any message, from the moment the extension is loaded."""

    def __init__(self, bot: QuoteBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        """Register the buttons' pattern: from now on every vote click reaches `callback`."""
        self.bot.add_dynamic_items(FeedbackButton)

    async def cog_unload(self) -> None:
        """Stop listening for votes."""
        self.bot.remove_dynamic_items(FeedbackButton)


async def setup(bot: QuoteBot) -> None:
    """Extension entry point (`load_extension("bot.cogs.feedback")`)."""
    await bot.add_cog(Feedback(bot))
