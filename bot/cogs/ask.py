"""Asking: mention the bot, reply to it, write in an ask channel, or use `/ask`.

Every path goes through the same steps: validate the question (pure, so a bad one is refused
before anything waits), the member's cooldown, then the engine in the answering pool (retrieval
is CPU work and would stall the gateway heartbeat on the event loop; the pool is the answers'
own, so rebuilds and database calls cannot hold it up), then `render_answer`. The answer is
logged in the background (`bot.answer_log`): its id is made first and goes into the message's
feedback buttons, so a slow or locked database never delays an answer.

Only questions put to the engine are logged, answered or declined; a question refused before
(empty, too long, too soon) was never asked of the articles.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import render
from bot.client import QuoteBot
from bot.cogs.feedback import feedback_view
from bot.cooldown import Cooldown
from index import MAX_QUESTION_CHARS, Answer, QuestionError, validate_question

log = logging.getLogger(__name__)

_ANSWERABLE = (discord.MessageType.default, discord.MessageType.reply)


_MENTIONS = re.compile(r"<@[!&]?\d+>|<#\d+>|@everyone|@here")


def question_in(text: str) -> str:
    """The question in a message: its words without mentions.

    Mentions (of the bot, people, roles, channels, @everyone) address the message; they are not
    part of the question, and would only add noise to the search.
    """
    return " ".join(_MENTIONS.sub(" ", text).split())


@dataclass(frozen=True)
class Asked:
    """Who asked, and where: what the answer log records besides the question."""

    member_id: int  # stored only as a salted hash (see bot.storage)
    guild_id: int | None  # None in direct messages
    channel_id: int | None


class Ask(commands.Cog):
    """Questions from messages and from `/ask`, sharing one per-member cooldown."""

    def __init__(self, bot: QuoteBot) -> None:
        self.bot = bot
        self.cooldown = Cooldown(bot.settings.cooldown_seconds)

    async def _answer(self, question: str, asked: Asked) -> dict[str, Any]:
        """Answer and log the question; return what to send: the answer and its vote buttons."""
        started = time.perf_counter()
        answer = await self.bot.workers.answer(self.bot.engine.answer, question)
        latency_ms = (time.perf_counter() - started) * 1000  # with the wait for a worker thread
        log.info(
            "answered=%s quotes=%d took=%.0fms",
            answer.answered,
            len(answer.quotes),
            answer.took_ms,
        )
        answer_id = self._log(answer, asked, latency_ms)
        message = render.render_answer(answer).send_kwargs()
        # Declined questions get no buttons: the decline is already logged as what the articles
        # miss (/stats lists them), and a vote on "I don't know" would tell a moderator nothing
        # more, while inviting members to rate the bot's honesty rather than its answers.
        if answer_id is not None and _answered(answer):
            message["view"] = feedback_view(answer_id)
        return message

    def _log(self, answer: Answer, asked: Asked, latency_ms: float) -> int | None:
        """Start recording the question in the answer log; its answer id, or None on failure.

        The row is written in the background: a slow database must not delay the answer. A
        failure to even start is logged, and the answer is sent all the same, without feedback
        buttons (they would have nothing to point to).
        """
        shown = answer.quotes if _answered(answer) else ()
        try:
            return self.bot.answer_log.record(
                guild_id=asked.guild_id,
                channel_id=asked.channel_id,
                member_id=asked.member_id,
                question=answer.question,
                answered=_answered(answer),
                sources=[quote.source.id for quote in shown],
                scores=[quote.score for quote in shown],
                latency_ms=latency_ms,
            )
        except Exception:
            log.exception("logging the answer failed; it is sent without feedback buttons")
            return None

    # --- messages -----------------------------------------------------------------------------

    def _addressed(self, message: discord.Message, me: discord.ClientUser) -> bool:
        """Whether the message mentions the bot (or its role) or replies to one of its messages."""
        if me in message.mentions:
            return True
        role = message.guild.self_role if message.guild is not None else None
        if role is not None and role in message.role_mentions:
            return True
        replied = message.reference.resolved if message.reference is not None else None
        return isinstance(replied, discord.Message) and replied.author.id == me.id

    def _in_ask_channel(self, message: discord.Message) -> bool:
        """Whether the message was posted in an ask channel (or a thread of one)."""
        channels = self.bot.settings.ask_channel_ids
        channel = message.channel
        return channel.id in channels or getattr(channel, "parent_id", None) in channels

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Answer a message that is a question for the bot; ignore everything else."""
        me = self.bot.user
        if me is None or message.author.bot or message.webhook_id is not None:
            return  # the bot's own echoed messages, other bots, webhooks
        if message.type not in _ANSWERABLE:
            return
        addressed = self._addressed(message, me)
        if not addressed and not self._in_ask_channel(message):
            return
        text = question_in(message.content)
        if not text:
            if addressed:  # an ask channel's image or sticker is not a question: stay quiet
                await self._reply(message, render.Reply(content=render.EMPTY_MENTION_HINT))
            return
        try:
            question = validate_question(text)
        except QuestionError as exc:
            await self._reply(message, render.Reply(content=render.question_error_text(str(exc))))
            return
        wait = self.cooldown.retry_after(message.author.id)
        if wait:
            await self._reply(message, render.Reply(content=render.cooldown_text(wait)))
            return
        where = f"{message.author} ({message.author.id}) in channel {message.channel.id}"
        log.info("question from %s", where)
        asked = Asked(
            member_id=message.author.id,
            guild_id=message.guild.id if message.guild is not None else None,
            channel_id=message.channel.id,
        )
        try:
            async with message.channel.typing():
                reply = await self._answer(question, asked)
            await self._send_reply(message, reply)
        except Exception:
            # Logged with who and where, like the command tree's handler; the member gets a
            # short apology rather than silence.
            log.exception("answering the question from %s failed", where)
            await self._reply(message, render.Reply(content=render.APOLOGY))

    async def _reply(self, message: discord.Message, reply: render.Reply) -> None:
        await self._send_reply(message, reply.send_kwargs())

    async def _send_reply(self, message: discord.Message, reply: dict[str, Any]) -> None:
        """Reply without pinging anyone, and without failing if the question was deleted."""
        await message.channel.send(
            reference=message.to_reference(fail_if_not_exists=False),
            allowed_mentions=render.NO_PINGS,
            **reply,
        )

    # --- /ask ---------------------------------------------------------------------------------

    @app_commands.command(
        name="ask", description="Ask the articles a question: the answer quotes them."
    )
    @app_commands.describe(
        question="What you want to know, in your own words.",
        private="Show the answer only to you (default: everyone in the channel sees it).",
    )
    async def ask(
        self,
        interaction: discord.Interaction[QuoteBot],
        question: app_commands.Range[str, 1, MAX_QUESTION_CHARS],
        private: bool = False,
    ) -> None:
        """Defer at once (Discord allows 3 s), then send the answer as a follow-up.

        A refused question (empty, too long, too soon) is answered at once and privately.
        """
        try:
            question = validate_question(question_in(question))
        except QuestionError as exc:
            await self._refuse(interaction, render.question_error_text(str(exc)))
            return
        wait = self.cooldown.retry_after(interaction.user.id)
        if wait:
            await self._refuse(interaction, render.cooldown_text(wait))
            return
        await interaction.response.defer(ephemeral=private, thinking=True)
        asked = Asked(
            member_id=interaction.user.id,
            guild_id=interaction.guild_id,
            channel_id=interaction.channel_id,
        )
        reply = await self._answer(question, asked)
        await interaction.followup.send(
            ephemeral=private, allowed_mentions=render.NO_PINGS, **reply
        )

    async def _refuse(self, interaction: discord.Interaction[QuoteBot], text: str) -> None:
        await interaction.response.send_message(
            text, ephemeral=True, allowed_mentions=render.NO_PINGS
        )


def _answered(answer: Answer) -> bool:
    """Whether the member was shown quotes (as `render_answer` decides), not a decline."""
    return answer.answered and bool(answer.quotes)


async def setup(bot: QuoteBot) -> None:
    """Extension entry point (`load_extension("bot.cogs.ask")`)."""
    await bot.add_cog(Ask(bot))
