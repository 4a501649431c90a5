"""Start the project's bot in-process exactly as `python -m bot` does, against a FakeDiscord.

The bot reads its settings from the environment (set here with monkeypatch, from a temporary
working directory so no `.env` is read) and runs `bot.app.amain()`, the coroutine behind
`python -m bot`. It is ready when it logs its production "ready as ..." line; it is stopped by
cancelling the task, as Ctrl+C or SIGTERM would.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shutil
from collections.abc import AsyncIterator, Awaitable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import bot.app
from bot.app import amain
from bot.client import QuoteBot, create_bot
from bot.settings import Settings

from .fake_discord import GUILD_ID, FakeDiscord

START_TIMEOUT = 20.0


class _LogWatcher(logging.Handler):
    """Records the bot's log lines and tells when it is ready."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []
        self.ready = asyncio.Event()
        self._loop = asyncio.get_running_loop()
        self._changed = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        self.lines.append(f"{record.levelname} {record.name}: {message}")
        if record.name == "bot.client" and message.startswith("ready as "):
            self.ready.set()
        # Lines may be logged from worker threads: wake waiters on the loop's own thread.
        self._loop.call_soon_threadsafe(self._changed.set)

    async def wait_for(self, text: str, *, count: int = 1, timeout: float = START_TIMEOUT) -> None:
        """Wait until `count` log lines contain `text` (no sleeping: woken by each new line)."""

        async def seen() -> None:
            while sum(text in line for line in self.lines) < count:
                self._changed.clear()
                await self._changed.wait()

        try:
            await asyncio.wait_for(seen(), timeout)
        except TimeoutError:
            raise TimeoutError(f"no log line with {text!r} ({count}x) in {timeout}s") from None


@dataclass
class RunningBot:
    """The bot's task, the bot itself, and what it logged."""

    task: asyncio.Task[int]
    env: dict[str, str]
    watcher: _LogWatcher = field(repr=False)
    client: QuoteBot = field(repr=False)

    @property
    def log_lines(self) -> list[str]:
        return self.watcher.lines

    async def answers_logged(self) -> None:
        """Wait until every answer sent so far is in the answer log (it is written after)."""
        assert await self.client.answer_log.flush(timeout=30) == 0


def bot_environment(
    fake: FakeDiscord, seeds_dir: Path, data_dir: Path, **extra: str
) -> dict[str, str]:
    """The environment a deployment would set, pointed at the fake and the given folders."""
    return {
        "DISCORD_TOKEN": fake.token,
        "DISCORD_API_BASE": fake.api_base,
        "DISCORD_GATEWAY_URL": fake.gateway_url,
        "DEV_GUILD_ID": str(GUILD_ID),
        "GUILD_READY_TIMEOUT": "0.05",
        "COOLDOWN_SECONDS": "0",
        "SEEDS_DIR": str(seeds_dir),
        "DATA_DIR": str(data_dir),
        "MODEL_CACHE_DIR": os.environ.get("MODEL_CACHE_DIR", str(data_dir / "models")),
        "LOG_LEVEL": "INFO",
        **extra,
    }


async def _first(task: asyncio.Task[Any], waited: Awaitable[Any], fake: FakeDiscord) -> None:
    """Wait for `waited`, failing at once if the bot's task ends first."""
    waiter = asyncio.ensure_future(waited)
    done, _ = await asyncio.wait(
        {task, waiter}, timeout=START_TIMEOUT, return_when=asyncio.FIRST_COMPLETED
    )
    if waiter in done:
        return
    waiter.cancel()
    if task in done:
        status = task.result()  # raises the bot's exception, if that is why it stopped
        raise AssertionError(f"the bot exited with status {status} before it was ready")
    raise TimeoutError(f"the bot was not ready within {START_TIMEOUT}s\n{fake.describe()}")


@contextlib.contextmanager
def captured_logs() -> Iterator[_LogWatcher]:
    """Watch every log line; afterwards undo the logging set-up `amain()` did for a process."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    watcher = _LogWatcher()
    root.addHandler(watcher)
    try:
        yield watcher
    finally:
        for handler in list(root.handlers):
            if handler not in handlers:
                root.removeHandler(handler)
        root.setLevel(level)


def set_environment(monkeypatch: pytest.MonkeyPatch, cwd: Path, env: dict[str, str]) -> None:
    """Exactly `env` as the bot's settings: none left over from the shell, no `.env` read."""
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(cwd)


@contextlib.asynccontextmanager
async def running_bot(
    fake: FakeDiscord, monkeypatch: pytest.MonkeyPatch, cwd: Path, env: dict[str, str]
) -> AsyncIterator[RunningBot]:
    """Run `amain()` with exactly `env` as the bot's settings until the block ends."""
    set_environment(monkeypatch, cwd, env)
    created: list[QuoteBot] = []

    def create_and_keep(settings: Settings) -> QuoteBot:
        created.append(create_bot(settings))
        return created[-1]

    # amain() builds the bot itself; keep a handle on it (only to wait for background work).
    monkeypatch.setattr(bot.app, "create_bot", create_and_keep)
    with captured_logs() as watcher:
        task = asyncio.create_task(amain(), name="python -m bot")
        try:
            await _first(task, watcher.ready.wait(), fake)
            yield RunningBot(task, env, watcher, created[-1])
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


# --- a corpus of one's own ---------------------------------------------------------------------

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@dataclass(frozen=True)
class CorpusDirs:
    """A seeds folder and the data folder (index, embedding cache) built from it."""

    seeds_dir: Path
    data_dir: Path


def build_corpus(root: Path, seeds: Path = SEEDS) -> CorpusDirs:
    """Copy `seeds` under `root` and build its index there with the real core (seconds).

    Build it once per session and hand each test that changes it a `copy_of` it: a bot started
    on a copy loads the saved index instead of building it again.
    """
    from index import CoreSettings, Engine  # the model's libraries: imported only when needed

    built = CorpusDirs(root / "seeds", root / "data")
    shutil.copytree(seeds, built.seeds_dir)
    settings = CoreSettings(_env_file=None, seeds_dir=built.seeds_dir, data_dir=built.data_dir)
    Engine.open(settings).close()
    return built


def copy_of(corpus: CorpusDirs, into: Path) -> CorpusDirs:
    """A private, writable copy of a built corpus, for a test that adds or removes articles."""
    copy = CorpusDirs(into / "seeds", into / "data")
    shutil.copytree(corpus.seeds_dir, copy.seeds_dir)
    shutil.copytree(corpus.data_dir, copy.data_dir)
    copy.seeds_dir.chmod(0o755)  # the repository's seeds may be read-only
    return copy


def folder_snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (relative path -> bytes): to show that nothing was written."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
