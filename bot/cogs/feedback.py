"""Feedback on answers: "Helpful" and "Not helpful" buttons under every answer.

The buttons are discord.py `DynamicItem`s: each button's custom id carries the answer's id in the
log ("fb:v1:<answer id>:up"), and the pattern is registered once with the client, so a click on
any message, sent by this process or by one that ran before a restart, finds its answer. Nothing
is remembered per message, which is what lets the buttons outlive the process that sent them.

A click records the member's vote (once per member per answer; a second click the other way
changes it) through the storage layer in the database pool, and is acknowledged privately.
Only answers shown with buttons can be rated: a forged click on a declined answer, or on one
older than the retention, is refused. A click that arrives while its answer's row is still being
written (see `bot.answer_log`) waits for it.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import discord
from discord.ext import commands

from bot import render
from bot.client import QuoteBot
from bot.errors import tell
from bot.storage import NotRateable, UnknownAnswer

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
        """Record the vote and tell the member privately what it did."""
        # Deferred first: a busy database may take longer than the 3 s Discord allows.
        await interaction.response.defer(ephemeral=True, thinking=True)
        bot = interaction.client
        retention = bot.settings.retention_days
        if not await bot.answer_log.settled(self.answer_id):
            await tell(interaction, render.NOT_LOGGED)  # the error was logged when it happened
            return
        try:
            result = await bot.workers.database_call(
                bot.storage.vote,
                self.answer_id,
                interaction.user.id,
                self.helpful,
                max_age_days=retention or None,
            )
        except NotRateable:
            log.info("refused a vote on answer %d: it cannot be rated", self.answer_id)
            text = render.NOT_RATEABLE
        except UnknownAnswer:
            text = render.TOO_OLD_TO_RATE
        except Exception:
            # Logged like the command tree's errors; the member gets an apology, not silence.
            log.exception(
                "recording a vote on answer %d by %s (%s) failed",
                self.answer_id,
                interaction.user,
                interaction.user.id,
            )
            text = render.APOLOGY
        else:
            log.info(
                "vote on answer %d: %s (%s)",
                result.answer_id,
                "helpful" if result.helpful else "not helpful",
                result.status,
            )
            text = render.vote_text(result)
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
