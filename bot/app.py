"""Start-up: read the settings once, set up logging, point discord.py at Discord, run the bot.

`main()` is what `python -m bot` runs; `amain()` is the same path as a coroutine, so tests start
the real bot in-process exactly as production does (and stop it by cancelling the task).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import aiohttp
import discord
import yarl
from pydantic import ValidationError

from bot.client import StorageUnavailable, create_bot
from bot.settings import Settings
from index import CorpusError

log = logging.getLogger(__name__)

MISSING_TOKEN = (
    "bot: DISCORD_TOKEN is not set: put DISCORD_TOKEN=<your bot token> in the environment or in "
    'a .env file (see .env.example); meanwhile try the core with: python -m index ask "..."'
)

_HANDLER_NAME = "bot.stderr"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class OneLineFormatter(logging.Formatter):
    """One event, one line: newlines in messages and tracebacks are escaped.

    Log collectors split on newlines; it also stops a question containing newlines from forging
    log lines.
    """

    def format(self, record: logging.LogRecord) -> str:
        """Format as usual, then fold the lines (a traceback included) into one."""
        return super().format(record).replace("\r", "\\r").replace("\n", "\\n")


class RedactFilter(logging.Filter):
    """Replaces the token wherever it would appear in a log line: a last line of defence."""

    def __init__(self, secret: str) -> None:
        super().__init__()
        self._secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact the secret from the record's message (always keep the record)."""
        if self._secret:
            message = record.getMessage()
            if self._secret in message:
                record.msg, record.args = message.replace(self._secret, "[token]"), None
        return True


def configure_logging(level: str, *, secret: str = "") -> None:
    """Log to stderr, one line per event, at `level`; calling it again replaces the handler."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler.get_name() == _HANDLER_NAME:
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(OneLineFormatter(_FORMAT))
    handler.addFilter(RedactFilter(secret))
    root.addHandler(handler)
    root.setLevel(level)


@contextmanager
def discord_endpoints(settings: Settings) -> Iterator[None]:
    """Point discord.py at a Discord-compatible server while the bot runs, then restore.

    discord.py reads both from class attributes (REST routes are built from `Route.BASE`; a
    plain client connects to `DEFAULT_GATEWAY` without asking `/gateway`).
    """
    route, gateway = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    if settings.discord_api_base:
        discord.http.Route.BASE = settings.discord_api_base
    if settings.discord_gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)
    try:
        yield
    finally:
        discord.http.Route.BASE = route
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = gateway


def _settings_error(exc: ValidationError) -> str:
    problems = "; ".join(
        f"{'.'.join(str(p) for p in error['loc']).upper() or 'settings'}: {error['msg']}"
        for error in exc.errors()
    )
    return f"bot: invalid settings: {problems}"


async def amain(settings: Settings | None = None) -> int:
    """Run the bot until it is closed or cancelled; return the process exit status.

    `settings` defaults to the environment and `.env`, read once here.
    """
    if settings is None:
        try:
            settings = Settings()
        except ValidationError as exc:
            print(_settings_error(exc), file=sys.stderr)
            return 2
    if settings.discord_token is None:
        print(MISSING_TOKEN, file=sys.stderr)
        return 2
    token = settings.discord_token.get_secret_value()
    configure_logging(settings.log_level, secret=token)
    with discord_endpoints(settings):
        bot = create_bot(settings)
        try:
            async with bot:
                await bot.start(token)
        except discord.LoginFailure:
            log.critical("Discord rejected DISCORD_TOKEN: reset it in the Developer Portal")
            return 2
        except discord.PrivilegedIntentsRequired:
            log.critical(
                "ASK_CHANNEL_IDS needs the Message Content intent: enable it in the Developer "
                "Portal (Bot -> Privileged Gateway Intents), or unset ASK_CHANNEL_IDS"
            )
            return 2
        except CorpusError as exc:
            log.critical("cannot build the index from %s: %s", settings.seeds_dir, exc)
            return 1
        except StorageUnavailable as exc:
            log.critical("%s", exc)
            return 1
        except aiohttp.ClientError as exc:
            # Logging in is the first request: no network, a firewall, a DNS failure, or a
            # wrong DISCORD_API_BASE. (Once connected, discord.py reconnects by itself.)
            log.critical("cannot reach Discord at %s: %s", discord.http.Route.BASE, exc)
            return 1
    return 0


async def _until_stopped() -> int:
    """`amain()`, stopped cleanly by SIGTERM (how platforms stop a worker) or Ctrl+C.

    Both cancel this task, so the bot closes its connections and the engine on the way out.
    (Raising KeyboardInterrupt from a signal handler instead could land inside any task.)
    """
    task = asyncio.current_task()
    assert task is not None
    with contextlib.suppress(NotImplementedError):  # no signal handlers on Windows' loop
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
    try:
        return await amain()
    except asyncio.CancelledError:
        log.info("stopped")
        return 0


def main() -> int:
    """`python -m bot`: run until stopped."""
    try:
        return asyncio.run(_until_stopped())
    except KeyboardInterrupt:  # interrupted again while stopping
        return 130
