"""Logging answers in the background, so that an answer never waits for the database.

An answer's id goes into its vote buttons. It used to come from the database, so every answer
waited for its row: when another process held the SQLite file's write lock, every answer took
the 15 s busy timeout. Now the id is made first (`new_answer_id`), the answer is sent at once,
and the row is written in the database pool meanwhile.

A vote can then arrive before its answer's row exists (a quick click on a locked database):
the vote first waits for that pending write (`settled`), then is recorded as usual, and if the
write failed the member is told the answer cannot be rated, rather than "too old".
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence

from bot.storage import Storage, new_answer_id
from bot.workers import Workers

log = logging.getLogger(__name__)

# How many failed writes are remembered (a vote on one is told the truth, not "too old").
REMEMBERED_FAILURES = 1000


class AnswerLog:
    """Writes answer rows in the database pool; votes and /stats can wait for pending ones."""

    def __init__(self, workers: Workers, storage: Callable[[], Storage]) -> None:
        self._workers = workers
        self._storage = storage
        self._pending: dict[int, asyncio.Task[bool]] = {}
        self._failed: OrderedDict[int, None] = OrderedDict()

    def record(
        self,
        *,
        guild_id: int | None,
        channel_id: int | None,
        member_id: int,
        question: str,
        answered: bool,
        sources: Sequence[str],
        scores: Sequence[float],
        latency_ms: float,
    ) -> int:
        """Start logging one answer; returns its id at once (for the buttons)."""
        answer_id = new_answer_id()
        write = self._workers.database_call(
            self._storage().record_answer,
            answer_id=answer_id,
            guild_id=guild_id,
            channel_id=channel_id,
            member_id=member_id,
            question=question,
            answered=answered,
            sources=tuple(sources),
            scores=tuple(scores),
            latency_ms=latency_ms,
        )
        task = asyncio.get_running_loop().create_task(
            self._write(answer_id, write), name=f"log answer {answer_id}"
        )
        self._pending[answer_id] = task
        task.add_done_callback(lambda _: self._pending.pop(answer_id, None))
        return answer_id

    async def _write(self, answer_id: int, write: Awaitable[int]) -> bool:
        try:
            await write
        except Exception:
            log.exception("logging answer %d failed; votes on it cannot be recorded", answer_id)
            self._failed[answer_id] = None
            while len(self._failed) > REMEMBERED_FAILURES:
                self._failed.popitem(last=False)
            return False
        return True

    @property
    def pending(self) -> int:
        """Answers whose rows are still being written."""
        return len(self._pending)

    async def settled(self, answer_id: int) -> bool:
        """Wait for the answer's row if it is being written; False if writing it failed.

        True also for an id this process never wrote (another process's, or one from before a
        restart): the database then says whether it exists.
        """
        task = self._pending.get(answer_id)
        if task is not None:
            return await asyncio.shield(task)
        return answer_id not in self._failed

    async def flush(self, timeout: float | None = None) -> int:
        """Wait for every pending write (at most `timeout` seconds); returns how many are left."""
        tasks = list(self._pending.values())
        if tasks:
            await asyncio.wait(tasks, timeout=timeout)
        return self.pending
