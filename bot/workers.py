"""The bot's worker threads: one pool per kind of blocking work, so no kind can starve another.

asyncio's default executor is one pool for everything: while `/ingest` embedded an article and
the database was slow, every thread ended up waiting, and members' questions (and a moderator's
`/reindex`) queued behind them. So the bot runs

- answers in their own pool, sized for the CPU: nothing else ever runs there;
- rebuilds (`/reindex`, `/ingest`, `/remove`) in a one-thread pool at a lower CPU priority
  (on Linux), so a build takes the CPU members' questions leave over rather than the reverse;
- database calls in their own pool: a locked answer log stalls only other database calls.

Only one rebuild runs at a time (`RebuildSlot`), decided on the event loop before any thread is
involved, so a second moderator is told "busy" at once instead of being queued.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import os
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from index import ReindexBusy

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

DATABASE_THREADS = 4
REBUILD_NICENESS = 10  # added to the rebuild thread's niceness: it yields the CPU to answers


def answer_threads(cpus: int | None) -> int:
    """Threads answering questions: one per core, at least two, at most eight.

    Answering is CPU work (embedding the question, ranking); more threads than cores only adds
    switching, but two let a slow answer not hold up a quick one on a one-core machine.
    """
    return max(2, min(8, cpus or 1))


def _lower_priority() -> None:
    """Make the calling thread (and the threads it starts, e.g. torch's) yield the CPU.

    Linux's niceness is per thread; elsewhere `setpriority` would renice the whole process, so
    the rebuild thread keeps the normal priority there.
    """
    if sys.platform != "linux":
        return
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), REBUILD_NICENESS)
    except OSError as exc:  # e.g. a sandbox forbidding it: rebuilds still work, only sooner
        log.warning("could not lower the rebuild thread's CPU priority: %s", exc)


class RebuildSlot:
    """At most one rebuild at a time, claimed on the event loop (no thread is involved).

    The engine refuses a second rebuild too (`ReindexBusy`), but only once the request has
    reached a worker thread; claiming here answers a second moderator at once.
    """

    def __init__(self) -> None:
        self._busy = False

    @property
    def busy(self) -> bool:
        """Whether a rebuild is running."""
        return self._busy

    @contextlib.contextmanager
    def claim(self) -> Iterator[None]:
        """Hold the slot for the block; raises ReindexBusy at once if it is taken."""
        if self._busy:
            raise ReindexBusy("A rebuild is already running; try again when it has finished.")
        self._busy = True
        try:
            yield
        finally:
            self._busy = False


class Workers:
    """The three pools and the rebuild slot; `shutdown()` when the bot closes."""

    def __init__(self, cpus: int | None = None) -> None:
        self.answers = ThreadPoolExecutor(
            answer_threads(cpus if cpus is not None else os.cpu_count()),
            thread_name_prefix="answer",
        )
        self.rebuilds = ThreadPoolExecutor(
            1, thread_name_prefix="rebuild", initializer=_lower_priority
        )
        self.database = ThreadPoolExecutor(DATABASE_THREADS, thread_name_prefix="database")
        self.rebuild_slot = RebuildSlot()

    async def answer(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run `fn` in the answering pool."""
        return await self._run(self.answers, fn, *args, **kwargs)

    async def rebuild(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run `fn` in the rebuild thread (hold `rebuild_slot.claim()` around it)."""
        return await self._run(self.rebuilds, fn, *args, **kwargs)

    async def database_call(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run `fn` (a Storage method) in the database pool."""
        return await self._run(self.database, fn, *args, **kwargs)

    @staticmethod
    async def _run(
        pool: ThreadPoolExecutor, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(pool, functools.partial(fn, *args, **kwargs))

    def shutdown(self) -> None:
        """Stop accepting work; threads still running finish on their own (not waited for)."""
        for pool in (self.answers, self.rebuilds, self.database):
            pool.shutdown(wait=False, cancel_futures=True)
