"""The same API on a server database, for deployments with several shard processes.

Opt-in: set QUOTEBOT_TEST_POSTGRES_URL to a server URL whose user may create databases, e.g.
``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``, and ``pip install "psycopg[binary]"``.
Each test creates a database of its own and drops it afterwards; nothing else is touched.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from storage_testkit import SALT, T0, FakeClock

from bot.storage import SchemaTooNew, Storage, UnknownAnswer, VoteStatus

SERVER_URL = os.environ.get("QUOTEBOT_TEST_POSTGRES_URL", "")
pytestmark = pytest.mark.skipif(not SERVER_URL, reason="QUOTEBOT_TEST_POSTGRES_URL is not set")

BIG = 1_234_567_890_123_456_789  # snowflakes need 64 bits


@pytest.fixture
def pg_url() -> Iterator[str]:
    pytest.importorskip("psycopg")
    name = f"quotebot_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(SERVER_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(SERVER_URL).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def test_the_whole_api_on_postgres(pg_url: str) -> None:
    clock = FakeClock()
    with Storage.open(pg_url, salt=SALT, clock=clock) as storage:
        clock.at(days=100)
        old = storage.record_answer(
            guild_id=BIG,
            channel_id=BIG,
            member_id=BIG,
            question="Old?",
            answered=True,
            sources=["a"],
            scores=[0.5],
            latency_ms=10,
        )
        clock.at(days=1)
        ids = [
            storage.record_answer(
                guild_id=BIG,
                channel_id=BIG,
                member_id=BIG + n,
                question=question,
                answered=answered,
                latency_ms=latency,
            )
            for n, (question, answered, latency) in enumerate(
                [("What is X", False, 100), ("what is  x", False, 200), ("Y?", True, 300)]
            )
        ]
        clock.now = T0
        assert storage.vote(ids[2], BIG, helpful=True).status is VoteStatus.NEW
        assert storage.vote(ids[2], BIG, helpful=False).status is VoteStatus.CHANGED
        assert storage.vote(ids[2], BIG, helpful=False).status is VoteStatus.UNCHANGED
        with pytest.raises(UnknownAnswer):
            storage.vote(10**6, BIG, helpful=True)

        stats = storage.stats(7, guild_id=BIG)
        assert (stats.asked, stats.declined, stats.helpful, stats.not_helpful) == (3, 2, 0, 1)
        assert (stats.latency_p50_ms, stats.since) == (200.0, T0 - timedelta(days=7))
        assert stats.top_declined[0].question == "what is  x"
        assert stats.top_declined[0].count == 2

        assert storage.purge(90) == 1
        with pytest.raises(UnknownAnswer):
            storage.vote(old, BIG, helpful=True)

    with Storage.open(pg_url, salt=SALT, clock=clock) as storage:  # migrates nothing
        assert storage.stats(365, guild_id=None).asked == 3


def test_concurrent_votes_and_opens_on_postgres(pg_url: str) -> None:
    start, recorded = threading.Barrier(6, timeout=60), threading.Barrier(6, timeout=60)
    errors: list[BaseException] = []
    opened: list[Storage] = []

    def work(worker: int) -> None:
        try:
            start.wait()
            storage = Storage.open(pg_url, salt=SALT)  # six "processes" migrating at once
            opened.append(storage)
            answer = storage.record_answer(
                guild_id=1,
                channel_id=1,
                member_id=worker,
                question="q",
                answered=True,
                latency_ms=1,
            )
            recorded.wait()  # every answer committed (so answer 1 exists) before voting
            for round_ in range(20):
                storage.vote(answer, 1, helpful=round_ % 2 == 0)
                storage.vote(1, 100 + round_, helpful=True)  # the same rows from every thread
        except BaseException as exc:  # reported below
            errors.append(exc)
            recorded.abort()  # don't leave the other threads waiting for this one

    threads = [threading.Thread(target=work, args=(n,), daemon=True) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    try:
        assert not any(thread.is_alive() for thread in threads)
        assert errors == []
        stats = opened[0].stats(1, guild_id=1)
        assert stats.asked == 6
        assert stats.helpful == 20  # answer 1: members 100..119, each once
        assert stats.not_helpful == 6  # each answer's own voter ends on "not helpful"
    finally:
        for storage in opened:
            storage.close()


def test_a_newer_postgres_database_is_refused(pg_url: str) -> None:
    Storage.open(pg_url, salt=SALT).close()
    engine = create_engine(pg_url)
    try:
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO schema_version VALUES (3, 'future', now())"))
    finally:
        engine.dispose()
    with pytest.raises(SchemaTooNew):
        Storage.open(pg_url, salt=SALT)
