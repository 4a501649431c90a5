"""Several threads (as asyncio.to_thread makes) and several processes' worth of engines writing
to one SQLite file at once: WAL and the busy timeout make them wait for each other, not fail."""

from __future__ import annotations

import threading
from pathlib import Path

from storage_testkit import SALT, FakeClock, query, sqlite_url

from bot.storage import NotRateable, Storage, VoteStatus

THREADS = 8
ROUNDS = 25


def test_concurrent_writes_from_threads_and_engines(db_path: Path) -> None:
    clock = FakeClock()
    # Two independent Storage objects stand for two shard processes sharing the file.
    stores = [Storage.open(sqlite_url(db_path), salt=SALT, clock=clock) for _ in range(2)]
    shared = stores[0].record_answer(
        guild_id=1, channel_id=1, member_id=1, question="shared", answered=True, latency_ms=1
    )
    start = threading.Barrier(THREADS, timeout=60)
    errors: list[BaseException] = []
    statuses: list[VoteStatus] = []
    lock = threading.Lock()

    def work(worker: int) -> None:
        storage = stores[worker % 2]
        try:
            start.wait()
            for round_ in range(ROUNDS):
                member = 1000 * worker + round_
                own = storage.record_answer(
                    guild_id=1,
                    channel_id=worker,
                    member_id=member,
                    question=f"question {worker}.{round_}",
                    answered=round_ % 2 == 0,
                    latency_ms=float(round_),
                )
                if round_ % 2 == 0:
                    storage.vote(own, member, helpful=True)
                else:  # a declined answer has no buttons: a vote on it is refused
                    try:
                        storage.vote(own, member, helpful=True)
                    except NotRateable:
                        pass
                    else:
                        raise AssertionError(f"a vote on declined answer {own} was accepted")
                # Everyone votes on the shared answer (a read, then a write: the hard case).
                result = storage.vote(shared, member, helpful=round_ % 3 == 0)
                with lock:
                    statuses.append(result.status)
                if round_ % 5 == 0:
                    storage.stats(7, guild_id=1)
                    storage.purge(90)
        except BaseException as exc:  # reported by the main thread below
            with lock:
                errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,), daemon=True) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    try:
        assert not any(thread.is_alive() for thread in threads)
        assert errors == []
        total = THREADS * ROUNDS
        assert statuses == [VoteStatus.NEW] * total
        assert query(db_path, "SELECT count(*) FROM answers") == [(total + 1,)]
        answered = THREADS * ((ROUNDS + 1) // 2)
        assert query(db_path, "SELECT count(*) FROM votes") == [(total + answered,)]
        assert query(db_path, "SELECT count(*) FROM votes WHERE answer_id = ?", shared) == [
            (total,)
        ]
        stats = stores[1].stats(7, guild_id=1)
        assert (stats.asked, stats.declined) == (total + 1, THREADS * (ROUNDS // 2))
    finally:
        for storage in stores:
            storage.close()


def test_two_processes_opening_an_empty_file_together(db_path: Path) -> None:
    """Both migrate under the write lock: one creates the schema, the other finds it done."""
    start = threading.Barrier(4, timeout=60)
    opened: list[Storage] = []
    errors: list[BaseException] = []

    def open_it() -> None:
        try:
            start.wait()
            opened.append(Storage.open(sqlite_url(db_path), salt=SALT, clock=FakeClock()))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_it, daemon=True) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for storage in opened:
        storage.close()
    assert errors == []
    assert len(opened) == 4
    assert query(db_path, "SELECT version FROM schema_version ORDER BY version") == [
        (1,),
        (2,),
        (3,),
    ]
