"""Asking: mentions, replies, ask channels and forum posts, `/ask`, and the message menu.

"Ask quotebot" on someone's message (right-click -> Apps) asks what that message says.

Every path goes through the same steps: small talk is told apart (a reaction or a friendly
line, never a decline, never logged); the question is validated (pure, so a bad one is refused
before anything waits) and the member's cooldown checked; a follow-up gets its earlier question
(see `bot.conversation`); then the engine answers in the answering pool (retrieval is CPU work
and would stall the gateway heartbeat on the event loop; the pool is the answers' own, so
rebuilds and database calls cannot hold it up), and `render_answer` makes the message. The
answer is logged in the background (`bot.answer_log`): its id is made first and goes into the
message's feedback buttons, so a slow or locked database never delays an answer.

Where the answer goes: a reply in place; inside the post for a forum ask channel; in a new
thread named after the question for text ask channels with ASK_THREADS. Notices meant for one
member (cooldown, a refused question, an error) are private for interactions, and deleted after
NOTICE_SECONDS in channels.

Only questions put to the engine are logged, answered or declined; a question refused before
(empty, too long, too soon) was never asked of the articles, and small talk is not a question.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import render
from bot.client import QuoteBot
from bot.cogs.expand import answer_view
from bot.cogs.help import help_embed
from bot.conversation import (
    earlier_question,
    example_questions,
    is_forum_post,
    question_in,
    question_of_message,
    thread_name,
)
from bot.cooldown import Cooldown
from bot.render_talk import (
    MENU_NAME,
    NOTHING_TO_ASK,
    small_talk_line,
    small_talk_reaction,
)
from index import (
    MAX_QUESTION_CHARS,
    Answer,
    QuestionError,
    Talk,
    is_follow_up,
    small_talk,
    validate_question,
)

log = logging.getLogger(__name__)

__all__ = ["Ask", "Asked", "question_in"]

_ANSWERABLE = (discord.MessageType.default, discord.MessageType.reply)
THREAD_ARCHIVE_MINUTES = 1440


@dataclass(frozen=True)
class Asked:
    """Who asked, and where: what the answer log records besides the question."""

    member_id: int  # stored only as a salted hash (see bot.storage)
    guild_id: int | None  # None in direct messages
    channel_id: int | None


def _own_names(message: discord.Message, me: discord.abc.User | None) -> list[str]:
    """The names the bot goes by where the message was sent: its user name and nickname."""
    if me is None:
        return []
    names = [me.name, me.display_name]
    if message.guild is not None and message.guild.me is not None:
        names.append(message.guild.me.display_name)
    return names


class Ask(commands.Cog):
    """Questions from messages, `/ask` and the message menu, sharing one per-member cooldown."""

    def __init__(self, bot: QuoteBot) -> None:
        self.bot = bot
        self.cooldown = Cooldown(bot.settings.cooldown_seconds)
        self.menu = app_commands.ContextMenu(name=MENU_NAME, callback=self.ask_about_message)

    async def cog_load(self) -> None:
        """Context menus cannot live in a cog's body: add the message command to the tree."""
        self.bot.tree.add_command(self.menu)

    async def cog_unload(self) -> None:
        """Take the message command away with the cog."""
        self.bot.tree.remove_command(self.menu.name, type=self.menu.type)

    async def _answer(
        self,
        question: str,
        asked: Asked,
        *,
        previous: str | None = None,
        show_question: bool = False,
    ) -> dict[str, Any]:
        """Answer and log the question; return what to send: the answer and its buttons.

        `previous` is the earlier question of a conversation (the core reads an elliptical
        follow-up with it); `show_question` titles the answer with the question answered.
        """
        started = time.perf_counter()
        answer = await self.bot.workers.answer(self.bot.engine.answer, question, previous=previous)
        latency_ms = (time.perf_counter() - started) * 1000  # with the wait for a worker thread
        log.info(
            "answered=%s reason=%s quotes=%d took=%.0fms follow_up=%s",
            answer.answered,
            answer.reason or "-",
            len(answer.quotes),
            answer.took_ms,
            bool(answer.read_as),
        )
        if answer.reason == "not_covered":
            # The nearest questions this server's members found helpful, if it has any.
            nearer = await example_questions(
                self.bot, asked.guild_id, 2, near=question, members_only=True
            )
            if nearer:
                answer = replace(answer, examples=nearer)
        answer_id = self._log(answer, asked, latency_ms)
        message = render.render_answer(answer, show_question=show_question).send_kwargs()
        # Declined questions get no vote buttons: the decline is already logged as what the
        # articles miss (/stats lists them), and a vote on "I don't know" would tell a moderator
        # nothing more. Answers get a context button per quote as well.
        view = answer_view(answer_id if _answered(answer) else None, answer)
        if view is not None:
            message["view"] = view
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
        """Whether the message was posted in an ask channel (or a thread or post of one)."""
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
        text = question_of_message(message, _own_names(message, me))
        if not text:
            if addressed:  # an ask channel's image or sticker is not a question: stay quiet
                await self._reply(message, render.Reply(content=render.EMPTY_MENTION_HINT))
            return
        talk = small_talk(text)
        if talk is not None:
            await self._small_talk(message, talk, addressed=addressed)
            return
        try:
            question = validate_question(text)
        except QuestionError as exc:
            await self._notice(message, render.question_error_text(str(exc)))
            return
        wait = self.cooldown.retry_after(message.author.id)
        if wait:
            await self._notice(message, render.cooldown_text(wait))
            return
        where = f"{message.author} ({message.author.id}) in channel {message.channel.id}"
        log.info("question from %s", where)
        try:
            await self._answer_message(message, question)
        except Exception:
            # Logged with who and where, like the command tree's handler; the member gets a
            # short apology rather than silence.
            log.exception("answering the question from %s failed", where)
            await self._notice(message, render.APOLOGY)

    async def _answer_message(self, message: discord.Message, question: str) -> None:
        """Answer in place, in the post, or in a new thread named after the question."""
        previous = None
        if is_follow_up(question) and not is_forum_post(message):
            previous = await earlier_question(self.bot, message)
        destination = await self._destination(message, question)
        in_thread = isinstance(destination, discord.Thread)
        asked = Asked(
            member_id=message.author.id,
            guild_id=message.guild.id if message.guild is not None else None,
            channel_id=destination.id,
        )
        async with destination.typing():
            reply = await self._answer(question, asked, previous=previous, show_question=in_thread)
        if destination.id == message.channel.id:
            await self._send_reply(message, reply)
        else:
            await destination.send(allowed_mentions=render.NO_PINGS, **reply)

    async def _destination(
        self, message: discord.Message, question: str
    ) -> discord.abc.Messageable:
        """Where the answer goes: the message's own channel, or a thread named after it.

        A top-level question in a text ask channel gets its thread with ASK_THREADS; a forum
        post's messages are already in its thread.
        """
        channel = message.channel
        if (
            not self.bot.settings.ask_threads
            or not isinstance(channel, discord.TextChannel)
            or channel.id not in self.bot.settings.ask_channel_ids
        ):
            return channel
        try:
            return await message.create_thread(
                name=thread_name(question), auto_archive_duration=THREAD_ARCHIVE_MINUTES
            )
        except discord.HTTPException as exc:
            # No permission to create threads, or a thread already there: answer in place.
            log.warning("could not start a thread for message %s (%s)", message.id, exc)
            return channel

    async def _small_talk(self, message: discord.Message, talk: Talk, *, addressed: bool) -> None:
        """Chatter gets a reaction in an ask channel, a short line when addressed, or nothing.

        Never a decline and never logged: "thanks!" is not a question the articles missed.
        """
        log.info("small talk (%s) in channel %s: not a question", talk, message.channel.id)
        guild_id = message.guild.id if message.guild is not None else None
        if talk is Talk.HELP:
            embed = await help_embed(self.bot, guild_id, moderator=False)
            await self._send_reply(message, {"embed": embed})
            return
        if addressed:
            example = None
            if talk is Talk.GREETING:
                example = next(iter(await example_questions(self.bot, guild_id, 1)), None)
            await self._reply(message, render.Reply(content=small_talk_line(talk, example)))
            return
        emoji = small_talk_reaction(talk)
        if emoji is not None:
            try:
                await message.add_reaction(emoji)
            except discord.HTTPException as exc:  # no Add Reactions permission: stay quiet
                log.info("could not react to message %s (%s)", message.id, exc)

    async def _reply(self, message: discord.Message, reply: render.Reply) -> None:
        await self._send_reply(message, reply.send_kwargs())

    async def _notice(self, message: discord.Message, text: str) -> None:
        """A notice for the member alone: channels can't whisper, so it goes after a while."""
        await message.channel.send(
            content=text,
            reference=message.to_reference(fail_if_not_exists=False),
            allowed_mentions=render.NO_PINGS,
            delete_after=self.bot.settings.notice_seconds,
        )

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
        """Defer at once (Discord allows 3 s), then send the answer, titled with the question.

        A refused question (empty, too long, too soon) is answered at once and privately.
        """
        await self._ask_interaction(interaction, question_in(question), private=private)

    async def ask_about_message(
        self, interaction: discord.Interaction[QuoteBot], message: discord.Message
    ) -> None:
        """The "Ask quotebot" message command: the selected message's text is the question.

        Private by default (MENU_PRIVATE): the member is asking for themselves.
        """
        text = question_of_message(message, _own_names(message, self.bot.user))
        talk = small_talk(text) if text else None
        if not text or (talk is not None and talk is not Talk.HELP):
            await self._refuse(interaction, NOTHING_TO_ASK)
            return
        await self._ask_interaction(interaction, text, private=self.bot.settings.menu_private)

    async def ask_follow_up(
        self, interaction: discord.Interaction[QuoteBot], text: str, *, previous: str | None
    ) -> None:
        """A follow-up asked from a context card's form: answered privately, with `previous`."""
        question = question_in(text)
        if not question or small_talk(question) not in (None, Talk.HELP):
            await self._refuse(interaction, NOTHING_TO_ASK)
            return
        await self._ask_interaction(interaction, question, private=True, previous=previous)

    async def _ask_interaction(
        self,
        interaction: discord.Interaction[QuoteBot],
        text: str,
        *,
        private: bool,
        previous: str | None = None,
    ) -> None:
        talk = small_talk(text)
        if talk is Talk.HELP:
            moderator = False  # /help itself tells moderators more
            embed = await help_embed(self.bot, interaction.guild_id, moderator=moderator)
            await interaction.response.send_message(
                embed=embed, ephemeral=True, allowed_mentions=render.NO_PINGS
            )
            return
        if talk is not None:
            # "/ask hi": the line a mention gets, to the member alone and at once; not logged.
            await self._refuse(interaction, small_talk_line(talk))
            return
        try:
            question = validate_question(text)
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
        reply = await self._answer(question, asked, previous=previous, show_question=True)
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
