"""The bot itself: what it asks Discord for, what it loads once, and where errors go."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.errors import describe, on_app_command_error
from bot.render import NO_PINGS
from bot.settings import Settings
from index import Engine

log = logging.getLogger(__name__)

EXTENSIONS = ("bot.cogs.ask", "bot.cogs.sources", "bot.cogs.reindex", "bot.cogs.corpus")


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
    """A bot that answers from one `Engine`, loaded once before it connects."""

    def __init__(self, settings: Settings) -> None:
        # A text-only bot: the "voice will NOT be supported" start-up warnings are noise.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        super().__init__(
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
        self._engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        """The core, ready to answer (loaded in `setup_hook`)."""
        if self._engine is None:
            raise RuntimeError("the engine is loaded in setup_hook, before any event arrives")
        return self._engine

    async def setup_hook(self) -> None:
        """Load the index (building it if missing or stale), the cogs, and sync commands once.

        Syncing here rather than in `on_ready` matters: `on_ready` fires again after reconnects,
        and Discord rate-limits command syncs hard.
        """
        log.info("loading the index (seeds: %s, data: %s)", *self._folders())
        self._engine = await asyncio.to_thread(Engine.open, self.settings)
        log.info("index ready: %d passages", self.engine.chunk_count)
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        await self._sync_commands()

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
        """Disconnect, then release the engine's files."""
        await super().close()
        if self._engine is not None:
            self._engine.close()

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
