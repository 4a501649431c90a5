"""Showing a long rebuild's progress in the moderator's reply, from the rebuild thread.

The engine reports progress from the worker thread that rebuilds (`progress(stage, done,
total)`); Discord can only be called from the event loop. `ProgressMessage` is that bridge:
throttled (a message edit every few seconds at most, Discord rate-limits edits) and silent for
short builds, which finish before a moderator would read anything.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from typing import Any

import discord

from bot.render import progress_text

log = logging.getLogger(__name__)


class ProgressMessage:
    """A progress callback for `Engine.reindex`/`ingest`/`remove` that edits a reply."""

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        edit: Callable[[str], Awaitable[Any]],
        *,
        every: float = 3.0,
        min_total: int = 50,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._loop = loop
        self._edit = edit
        self._every = every
        self._min_total = min_total
        self._clock = clock
        self._started = clock()
        self._last = float("-inf")
        self._lock = threading.Lock()
        self._closed = False
        self._pending: list[concurrent.futures.Future[None]] = []
        self.shown: list[str] = []  # what was sent, for logs and tests

    def __call__(self, stage: str, done: int, total: int) -> None:
        """Called from the rebuild thread: maybe schedule an edit on the event loop."""
        if total < self._min_total:
            return
        now = self._clock()
        with self._lock:
            if self._closed or now - self._last < self._every:
                return
            self._last = now
            text = progress_text(stage, done, total, now - self._started)
            self.shown.append(text)
            self._pending.append(asyncio.run_coroutine_threadsafe(self._send(text), self._loop))

    async def settle(self) -> bool:
        """Stop showing progress and wait for edits under way; True if any was shown.

        The final report then replaces the progress line (an edit of the same message), and
        no late progress edit can overwrite it.
        """
        with self._lock:
            self._closed = True
            pending = list(self._pending)
        for future in pending:
            await asyncio.wrap_future(future)
        return bool(self.shown)

    async def _send(self, text: str) -> None:
        try:
            await self._edit(text)
        except discord.HTTPException as exc:  # a lost progress line is not worth an error
            log.info("could not show rebuild progress: %s", exc)
