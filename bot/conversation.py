"""What the cogs need to hold a conversation.

The earlier question of a follow-up, forum posts as questions, thread names, example questions
and the ask channels.

A follow-up is read with the question the bot answered before it. The bot keeps no memory of
conversations: the earlier question is read back from Discord, so it works the same after a
restart and across shard processes. An answer shows the question it answered as its title
(in threads and for slash commands and menus), or its first line says how a follow-up was
read; otherwise it is a reply to the question's message, which is fetched.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence

import discord

from bot.client import QuoteBot
from bot.render import DECLINE_TEXT, READ_AS_LABEL, shorten, unescape
from bot.render_talk import AskChannel

log = logging.getLogger(__name__)

HISTORY = 25  # messages looked through in a thread for the bot's last answer
THREAD_NAME_LIMIT = 100
_MENTIONS = re.compile(r"<@[!&]?\d+>|<#\d+>|@everyone|@here")
_READ_AS = f"*{READ_AS_LABEL}* "
_FOOTER = "Searched "


def question_in(text: str, names: Iterable[str] = ()) -> str:
    """The question in a message: its words without mentions, or the bot's name addressing it.

    Mentions (of the bot, people, roles, channels, @everyone) address the message; they are not
    part of the question, and would only add noise to the search. So does the bot's name typed
    to open the message or, after a comma, close it ("yo quotebot, what minerals are in the deal",
    "when was it signed, quotebot?"), which no article names.
    """
    text = " ".join(_MENTIONS.sub(" ", text).split())
    for name in {n.strip() for n in names if n and n.strip()}:
        spelt = re.escape(name)
        text = re.sub(rf"^(?:(?:hey|hi|hello|yo|oi|ok|okay|so)\W+)?@?{spelt}\b[\s,:;!.-]*", "", text, flags=re.IGNORECASE)
        text = re.sub(rf"\s*,\s*@?{spelt}(?=\W*$)", "", text, flags=re.IGNORECASE)
    return text.strip()


def forum_question(title: str, body: str) -> str:
    """The question a forum post asks: the part(s) with a question mark, else title and body.

    "JERA LNG deal" / "How much LNG will JERA import?" asks the body; "Who signed it?" / "I saw
    the news." asks the title.
    """
    title, body = question_in(title), question_in(body)
    if body.casefold().startswith(title.casefold()):
        return body or title
    asking = [part for part in (title, body) if "?" in part]
    parts = asking or [part for part in (title, body) if part]
    return " ".join(parts)


def thread_name(question: str) -> str:
    """A thread named after its question (Discord allows 100 characters)."""
    return shorten(" ".join(question.split()), THREAD_NAME_LIMIT) or "Question"


def question_shown(embeds: Sequence[discord.Embed]) -> str:
    """The question an answer shows it answered: how a follow-up was read, else its title.

    Only the bot's answers are read (their footer says what was searched); "" if none shows.
    """
    for embed in embeds:
        if not (embed.footer.text or "").startswith(_FOOTER):
            continue
        first = (embed.description or "").split("\n", 1)[0]
        if first.startswith(_READ_AS):
            return unescape(first.removeprefix(_READ_AS)).strip()
        if embed.title:
            return unescape(embed.title).strip()
    return ""


def is_answer(message: discord.Message) -> bool:
    """Whether one of the bot's messages is an answer (quotes, or a decline), not help or chat."""
    if any((embed.footer.text or "").startswith(_FOOTER) for embed in message.embeds):
        return True
    return message.content.startswith(DECLINE_TEXT)


def is_forum_post(message: discord.Message) -> bool:
    """Whether the message opens a forum post (its id is the post's thread id)."""
    channel = message.channel
    return (
        isinstance(channel, discord.Thread)
        and message.id == channel.id
        and isinstance(channel.parent, discord.ForumChannel)
    )


def question_of_message(message: discord.Message, names: Iterable[str] = ()) -> str:
    """The question a member's message asks (a forum post's title counts); `names`: the bot's own."""
    if is_forum_post(message):
        assert isinstance(message.channel, discord.Thread)
        return forum_question(message.channel.name, message.content)
    return question_in(message.content, names)


async def answered_question(answer: discord.Message) -> str | None:
    """The question one of the bot's answers answered, as it was understood; None if unknown.

    Read from the answer itself when it shows it, else from the message it replies to (fetched
    if Discord did not include it).
    """
    if not is_answer(answer):
        return None  # help, a friendly line: no question of its own
    shown = question_shown(answer.embeds)
    if shown:
        return shown
    reference = answer.reference
    if reference is None or reference.message_id is None:
        return None
    asked = reference.resolved if isinstance(reference.resolved, discord.Message) else None
    if asked is None:
        try:
            asked = await answer.channel.fetch_message(reference.message_id)
        except discord.HTTPException as exc:
            log.info("the question of answer %s is gone (%s)", answer.id, exc)
            return None
    return question_of_message(asked) or None


async def earlier_question(bot: QuoteBot, message: discord.Message) -> str | None:
    """The question a follow-up follows (None when there is none: it is then read alone).

    That of the answer it replies to, or else of the bot's last answer in its thread.
    """
    me = bot.user
    if me is None:
        return None
    reference = message.reference
    replied = reference.resolved if reference is not None else None
    if isinstance(replied, discord.Message) and replied.author.id == me.id:
        return await answered_question(replied)
    if isinstance(message.channel, discord.Thread):
        try:
            async for earlier in message.channel.history(limit=HISTORY, before=message):
                if earlier.author.id == me.id and is_answer(earlier):
                    return await answered_question(earlier)
        except discord.HTTPException as exc:
            log.info("could not read the thread %s back (%s)", message.channel.id, exc)
    return None


async def example_questions(
    bot: QuoteBot,
    guild_id: int | None,
    n: int = 3,
    *,
    near: str | None = None,
    members_only: bool = False,
) -> tuple[str, ...]:
    """`n` questions the articles answer well, for `/help`, greetings and declines.

    Questions members of this server found helpful come first (`Storage.helpful_questions`:
    public answers others voted helpful), then questions drawn from the articles; the core
    verifies each against the live index. `near` puts those closest in meaning to a text
    first. With `members_only`, () unless the server has such questions. Never raises: without
    examples, the bot still answers (the error is logged).
    """
    candidates: tuple[str, ...] = ()
    if guild_id is not None:
        try:
            candidates = await bot.workers.database_call(bot.storage.helpful_questions, guild_id)
        except Exception:
            log.exception("reading this server's helpful questions failed; using the articles'")
    if members_only and not candidates:
        return ()
    try:
        return await bot.workers.answer(bot.engine.examples, n, candidates=candidates, near=near)
    except Exception:
        log.exception("finding example questions failed; answering without them")
        return ()


def ask_channels(bot: QuoteBot, guild_id: int | None) -> list[AskChannel]:
    """The ask channels of one server, as `/help` describes them (forums told apart)."""
    found = []
    for channel_id in bot.settings.ask_channel_ids:
        channel = bot.get_channel(channel_id)
        if channel is None or getattr(getattr(channel, "guild", None), "id", None) != guild_id:
            continue
        found.append(AskChannel(channel_id, forum=isinstance(channel, discord.ForumChannel)))
    return found
