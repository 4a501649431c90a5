"""The bot's worker pools: answers, rebuilds and database calls never wait for one another."""

from __future__ import annotations

import asyncio
import os
import sys
import threading

import pytest

from bot.workers import DATABASE_THREADS, REBUILD_NICENESS, RebuildSlot, Workers, answer_threads
from index import ReindexBusy


@pytest.mark.parametrize(("cpus", "threads"), [(None, 2), (1, 2), (2, 2), (6, 6), (64, 8)])
def test_answer_threads_follow_the_cores_within_bounds(cpus: int | None, threads: int) -> None:
    assert answer_threads(cpus) == threads


def test_one_rebuild_at_a_time_and_the_slot_is_freed_whatever_happens() -> None:
    slot = RebuildSlot()
    with slot.claim():
        assert slot.busy
        with pytest.raises(ReindexBusy, match="already running"), slot.claim():
            pass  # pragma: no cover - never entered
        assert slot.busy  # the refused claim did not free the running rebuild's slot
    assert not slot.busy
    with pytest.raises(RuntimeError), slot.claim():
        raise RuntimeError("the rebuild failed")
    assert not slot.busy


async def test_answers_run_while_every_other_thread_is_stuck() -> None:
    """A rebuild and a locked database hold all their threads: answers still get through."""
    workers = Workers(cpus=2)
    release = threading.Event()
    started = threading.Semaphore(0)

    def stuck() -> None:
        started.release()
        release.wait(timeout=60)

    try:
        blocked = [asyncio.ensure_future(workers.rebuild(stuck))]
        blocked += [
            asyncio.ensure_future(workers.database_call(stuck)) for _ in range(DATABASE_THREADS)
        ]
        for _ in blocked:  # every rebuild and database thread is now inside `stuck`
            await asyncio.to_thread(started.acquire)
        answers = await asyncio.wait_for(
            asyncio.gather(*(workers.answer(pow, n, 2) for n in range(10))), timeout=30
        )
        assert answers == [n * n for n in range(10)]
        assert not any(job.done() for job in blocked)
    finally:
        release.set()
        workers.shutdown()
    await asyncio.gather(*blocked)


@pytest.mark.skipif(sys.platform != "linux", reason="per-thread niceness is Linux's")
async def test_the_rebuild_thread_yields_the_cpu_to_answers() -> None:
    workers = Workers(cpus=2)
    try:
        ours = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

        def niceness() -> int:
            return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

        rebuild, answer = await workers.rebuild(niceness), await workers.answer(niceness)
    finally:
        workers.shutdown()
    assert answer == ours
    assert rebuild == min(19, ours + REBUILD_NICENESS)
