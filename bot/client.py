"""The bot itself: what it asks Discord for, what it loads once, and where errors go.

Two things are opened once in `setup_hook`, before the bot connects: the core's `Engine` (the
index) and the `Storage` (the answer log). Both block on the disk, so both are opened in a worker
thread. Later blocking work runs in the bot's own pools (`bot.workers`): answers, rebuilds and
database calls each in their own, so none can starve another; answers are logged in the
background (`bot.answer_log`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands, tasks
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot.answer_log import AnswerLog
from bot.errors import describe, on_app_command_error
from bot.render import NO_PINGS
from bot.settings import Settings
from bot.storage import Storage, StorageError, load_or_create_salt
from bot.workers import Workers
from index import Engine

log = logging.getLogger(__name__)

EXTENSIONS = (
    "bot.cogs.ask",
    "bot.cogs.sources",
    "bot.cogs.reindex",
    "bot.cogs.corpus",
    "bot.cogs.feedback",
    "bot.cogs.stats",
    "bot.cogs.help",
    "bot.cogs.expand",
)
# When the daily retention purge runs (it also runs at every start): a quiet hour in UTC.
PURGE_AT = dt.time(hour=4, minute=17, tzinfo=dt.UTC)
# Seconds a closing bot waits for answers still being logged (a locked database: the busy
# timeout, 15 s, plus a little).
LOG_FLUSH_TIMEOUT = 20.0


class StorageUnavailable(Exception):
    """The answer log could not be opened at start-up; the message says which and why."""


def open_storage(settings: Settings) -> Storage:
    """Open (creating or migrating) the answer log. Blocks: call it in a worker thread.

    The member-id salt is MEMBER_SALT, or the one generated once in the data folder.
    """
    url = settings.database_url
    try:
        if settings.member_salt is not None:
            salt = settings.member_salt.get_secret_value()
        else:
            salt = load_or_create_salt(settings.salt_file)
        return Storage.open(url, salt=salt)
    except (StorageError, SQLAlchemyError, OSError, ValueError) as exc:
        shown = make_url(url).render_as_string(hide_password=True)
        raise StorageUnavailable(f"cannot open the answer log at {shown}: {exc}") from exc


def intents_for(settings: Settings) -> discord.Intents:
    """Only what the bot uses: servers and their messages.

    Message content is privileged; Discord sends it anyway for messages that mention the bot (and
    for replies that ping it), so it is requested only when ask channels need every message.
    """
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.message_content = settings.wants_message_content
    return intents


class QuoteTree(app_commands.CommandTree["QuoteBot"]):
    """The command tree, with the bot's one error handler and a log line per command."""

    async def interaction_check(self, interaction: discord.Interaction[QuoteBot], /) -> bool:
        """Log each slash command as it arrives (autocomplete is too chatty to log)."""
        if interaction.type is discord.InteractionType.application_command:
            log.info("%s", describe(interaction))
        return True

    async def on_error(
        self, interaction: discord.Interaction[QuoteBot], error: app_commands.AppCommandError, /
    ) -> None:
        """Route every failed command to `bot.errors`."""
        await on_app_command_error(interaction, error)


class QuoteBot(commands.Bot):
    """A bot that answers from one `Engine` and logs to one `Storage`, opened before it connects.

    Build it with `create_bot`, which picks the sharded variant when SHARD_COUNT is set.
    """

    def __init__(self, settings: Settings) -> None:
        # A text-only bot: the "voice will NOT be supported" start-up warnings are noise.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        super().__init__(
            **self._gateway_options(settings),
            # Unused: there are no prefix commands (see on_message); Bot requires a prefix.
            command_prefix=commands.when_mentioned,
            help_command=None,
            tree_cls=QuoteTree,
            intents=intents_for(settings),
            allowed_mentions=NO_PINGS,
            guild_ready_timeout=settings.guild_ready_timeout,
            max_messages=None,  # replies carry the message they answer; no cache needed
        )
        self.settings = settings
        self.workers = Workers()
        self.answer_log = AnswerLog(self.workers, lambda: self.storage)
        self._engine: Engine | None = None
        self._storage: Storage | None = None

    @staticmethod
    def _gateway_options(settings: Settings) -> dict[str, Any]:
        """Extra options for discord.py's client: none for a single connection."""
        return {}

    @property
    def engine(self) -> Engine:
        """The core, ready to answer (loaded in `setup_hook`)."""
        if self._engine is None:
            raise RuntimeError("the engine is loaded in setup_hook, before any event arrives")
        return self._engine

    @property
    def storage(self) -> Storage:
        """The answer log, open (opened in `setup_hook`). Call it in `workers.database_call`."""
        if self._storage is None:
            raise RuntimeError("the storage is opened in setup_hook, before any event arrives")
        return self._storage

    async def setup_hook(self) -> None:
        """Load the index and the answer log, purge it, load the cogs, sync commands once.

        The index is built first if it is missing or stale. Syncing here rather than in
        `on_ready` matters: `on_ready` fires again after reconnects, and Discord rate-limits
        command syncs hard; with several shard processes, only the one running shard 0 syncs.
        """
        log.info("loading the index (seeds: %s, data: %s)", *self._folders())
        self._engine = await asyncio.to_thread(Engine.open, self.settings, watch=True)
        log.info("index ready: %d passages", self.engine.chunk_count)
        self._storage = await self.workers.database_call(open_storage, self.settings)
        if warning := self.settings.scale_out_warning():
            log.warning("%s", warning)
        await self.purge_old_answers()
        self._purge_daily.start()
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        if self.settings.runs_shard_zero:
            await self._sync_commands()
        else:
            log.info("slash commands are synced by the process that runs shard 0")

    async def purge_old_answers(self) -> int:
        """Delete what is older than RETENTION_DAYS from the answer log (0 keeps everything)."""
        days = self.settings.retention_days
        if days == 0:
            return 0
        return await self.workers.database_call(self.storage.purge, days)

    @tasks.loop(time=PURGE_AT)
    async def _purge_daily(self) -> None:
        """The daily purge, for a bot that runs for weeks; a failure is retried the next day."""
        try:
            await self.purge_old_answers()
        except Exception:  # the loop would stop for good on an exception: log and keep it
            log.exception("the daily purge of the answer log failed; it will run again tomorrow")

    def _folders(self) -> tuple[str, str]:
        return str(self.settings.seeds_dir), str(self.settings.data_dir)

    async def _sync_commands(self) -> None:
        guild_id = self.settings.dev_guild_id
        if guild_id is None:
            synced = await self.tree.sync()
            log.info("synced %d slash commands globally", len(synced))
            return
        guild = discord.Object(id=guild_id)
        self.tree.copy_global_to(guild=guild)
        synced = await self.tree.sync(guild=guild)
        log.info("synced %d slash commands to server %d", len(synced), guild_id)

    async def close(self) -> None:
        """Disconnect, then finish logging answers and release everything that was opened.

        The purge stops, answers still being logged are waited for (bounded), the engine's files
        and the database are closed, and the worker pools stop.
        """
        await super().close()
        self._purge_daily.cancel()
        left = await self.answer_log.flush(LOG_FLUSH_TIMEOUT)
        if left:
            log.warning("closing with %d answers not yet logged: they are lost", left)
        if self._engine is not None:
            self._engine.close()
        if self._storage is not None:
            # SQLite folds its write-ahead log into the file on close: disk work, off the loop.
            await asyncio.to_thread(self._storage.close)
        self.workers.shutdown()

    def dispatch(self, event_name: str, /, *args: Any, **kwargs: Any) -> None:
        """Drop events once closing.

        discord.py fires "ready" from a timer `guild_ready_timeout` after connecting; if the bot
        is stopped before that (a quick SIGTERM), the timer would dispatch into a closed client
        and log an error on the way out.
        """
        if self.is_closed():
            return
        super().dispatch(event_name, *args, **kwargs)

    async def on_ready(self) -> None:
        """Log who we are once the servers have streamed in (again after each new session)."""
        user_id = self.user.id if self.user else None
        log.info("ready as %s (%s) in %d servers", self.user, user_id, len(self.guilds))

    async def on_resumed(self) -> None:
        """Log a resumed session: missed events are replayed, nothing is reloaded."""
        log.info("gateway session resumed")

    async def on_message(self, message: discord.Message, /) -> None:
        """Do nothing here: questions are handled by the ask cog; there are no prefix commands."""


class ShardedQuoteBot(QuoteBot, commands.AutoShardedBot):
    """The same bot over several gateway shards, for large deployments (SHARD_COUNT set).

    Each process runs SHARD_IDS (default: every shard) over the same read-only index; all share
    DATABASE_URL and MEMBER_SALT so that the answer log and the votes are one. With SHARD_COUNT
    given, discord.py connects to the configured gateway rather than asking Discord for one.
    """

    @staticmethod
    def _gateway_options(settings: Settings) -> dict[str, Any]:
        return {"shard_count": settings.shard_count, "shard_ids": list(settings.shard_ids) or None}


def create_bot(settings: Settings) -> QuoteBot:
    """The bot the settings ask for: sharded when SHARD_COUNT is set, else one connection."""
    return ShardedQuoteBot(settings) if settings.sharded else QuoteBot(settings)
