"""Opening the log: a damaged file is refused at once, and a new file shared by several
processes opens even when they all start together."""

from __future__ import annotations

import logging
import random
import sqlite3
import threading
from pathlib import Path

import pytest
from storage_testkit import SALT, FakeClock, query, sqlite_url

from bot.storage import DatabaseDamaged, Storage


def filled(db_path: Path, answers: int = 300) -> None:
    """A log with a few dozen pages of answers, closed (nothing left in a write-ahead log)."""
    with Storage.open(sqlite_url(db_path), salt=SALT, clock=FakeClock()) as storage:
        for n in range(answers):
            storage.record_answer(
                guild_id=1,
                channel_id=2,
                member_id=n,
                question=f"Question number {n} about the agreement? " * 3,
                answered=True,
                sources=["a"],
                scores=[0.5],
                latency_ms=1.0,
            )


def overwrite_pages(db_path: Path, pages: tuple[int, ...], seed: int = 9) -> None:
    """Garble whole pages in place, as a bad disk or a stray write would."""
    data = bytearray(db_path.read_bytes())
    noise = random.Random(seed)
    for page in pages:
        start = (page - 1) * 4096
        data[start : start + 4096] = noise.randbytes(4096)
    db_path.write_bytes(bytes(data))


@pytest.mark.parametrize("pages", [(3, 4, 5), (2,), (7, 20)])
def test_a_log_with_garbled_pages_is_refused_at_open(db_path: Path, pages: tuple[int, ...]):
    filled(db_path)
    overwrite_pages(db_path, pages)
    before = db_path.read_bytes()
    with pytest.raises(DatabaseDamaged, match="the file is damaged") as refused:
        Storage.open(sqlite_url(db_path), salt=SALT)
    message = str(refused.value)
    assert "restore it from a backup, or move it aside" in message
    assert "\n" not in message
    assert db_path.read_bytes() == before  # nothing was written to it


@pytest.mark.parametrize("kept", [0.5, 0.05])
def test_a_truncated_log_is_refused_at_open(db_path: Path, kept: float):
    filled(db_path)
    with db_path.open("r+b") as file:
        file.truncate(int(db_path.stat().st_size * kept))
    with pytest.raises(DatabaseDamaged, match="the file is damaged"):
        Storage.open(sqlite_url(db_path), salt=SALT)


def test_a_file_that_is_not_a_database_is_refused(db_path: Path):
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"these are not the pages you are looking for\n" * 200)
    with pytest.raises(DatabaseDamaged, match="file is not a database"):
        Storage.open(sqlite_url(db_path), salt=SALT)


def test_a_healthy_log_opens_with_its_rows(db_path: Path):
    filled(db_path, answers=50)
    with Storage.open(sqlite_url(db_path), salt=SALT) as storage:
        assert storage.stats(36_500, guild_id=1).asked == 50


class _Seen(logging.Handler):
    """Sets an event when a log message containing `text` is emitted."""

    def __init__(self, text: str) -> None:
        super().__init__(level=logging.DEBUG)
        self.text = text
        self.event = threading.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if self.text in record.getMessage():
            self.event.set()


def test_a_new_file_opens_while_another_process_briefly_holds_it(db_path: Path):
    """Switching a new file to WAL is not covered by the busy timeout: it is retried.

    Another process (here a plain connection) is about to write the new file at the moment
    this one opens it, as when several shard processes start together and one is migrating;
    SQLite then refuses the switch at once, busy timeout or not, with "database is locked".
    """
    db_path.parent.mkdir(parents=True)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # about to write: SQLite refuses the WAL switch at once
    retrying = _Seen("switching the database to WAL mode")
    engine_log = logging.getLogger("bot.storage._engine")
    engine_log.addHandler(retrying)
    level = engine_log.level
    engine_log.setLevel(logging.DEBUG)
    opened: list[Storage] = []
    failed: list[BaseException] = []
    finished = threading.Event()

    def open_it() -> None:
        try:
            opened.append(Storage.open(sqlite_url(db_path), salt=SALT))
        except BaseException as exc:  # reported below
            failed.append(exc)
        finally:
            finished.set()
            retrying.event.set()  # wake the test either way

    worker = threading.Thread(target=open_it, daemon=True)
    try:
        worker.start()
        assert retrying.event.wait(timeout=60)
        assert failed == []  # not refused: waiting for the lock to go
        assert not finished.is_set()
    finally:
        other.execute("ROLLBACK")
        other.close()
        worker.join(timeout=60)
        engine_log.removeHandler(retrying)
        engine_log.setLevel(level)
    assert failed == []
    (storage,) = opened
    storage.close()
    assert query(db_path, "PRAGMA journal_mode") == [("wal",)]
