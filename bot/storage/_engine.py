"""Turning a DATABASE_URL into a SQLAlchemy engine tuned for the bot's short transactions.

SQLite needs care to be safe from several threads (and processes): write-ahead logging so that
readers never block the writer, a busy timeout so that a writer waits for another instead of
failing, foreign keys (off by default in SQLite), and transactions that really begin where
SQLAlchemy says they do. Python's sqlite3 module does not emit BEGIN before DDL or SELECT, so a
migration would be committed statement by statement; here the driver's own transaction handling
is switched off and BEGIN is emitted explicitly, IMMEDIATE for writers: a transaction that reads
and then writes (a vote) takes the write lock up front, where the busy timeout applies, instead
of failing at once with "database is locked" when it tries to upgrade its read lock.

Switching a new file to WAL is the one step SQLite does not retry by itself: it needs the file
to itself, and returns "database is locked" at once, busy timeout or not, if another process
opening the file at the same moment holds a lock. That switch is retried here, within the busy
timeout (several shard processes starting together on an empty file).
"""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 15_000
WAL_RETRY_PAUSE_S = 0.02  # between two tries to switch to WAL (a lock is held for milliseconds)
DATABASE_FILE = "quotebot.sqlite3"
# An execution option read by `_begin`: "IMMEDIATE" for transactions that will write.
BEGIN_MODE = "quotebot_sqlite_begin"


def default_database_url(data_dir: str | Path) -> str:
    """The default DATABASE_URL: a SQLite file in the data folder (relative paths stay relative)."""
    return f"sqlite:///{(Path(data_dir) / DATABASE_FILE).as_posix()}"


def describe_url(url: str | URL) -> str:
    """The URL as safe to log: any password masked."""
    return make_url(url).render_as_string(hide_password=True)


def create_storage_engine(url: str | URL) -> Engine:
    """An engine for `url`; SQLite files get WAL, foreign keys, a busy timeout and real BEGINs."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        # A server database: connections can be dropped by the server while idle in the pool.
        return create_engine(parsed, pool_pre_ping=True)
    database = parsed.database or ""
    if database in ("", ":memory:") or parsed.query.get("mode") == "memory":
        # Each pooled connection would get its own empty database; the log must outlive the bot.
        raise ValueError(
            f"{describe_url(parsed)} is an in-memory database: use a file, "
            f"e.g. {default_database_url('data')}"
        )
    if not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _configure_sqlite)
    event.listen(engine, "begin", _begin)
    return engine


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # No implicit BEGIN/COMMIT by the driver: `_begin` decides (see the module docstring).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        mode = _switch_to_wal(cursor)
        if str(mode).lower() != "wal":
            # E.g. a file on a network share: still correct, but writers block readers.
            log.warning("SQLite refused WAL mode (journal_mode=%s)", mode)
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        # In WAL mode NORMAL is safe against corruption and loses at most the last commits on a
        # power cut (not on a crash of the bot), for much cheaper commits.
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def _switch_to_wal(cursor: sqlite3.Cursor) -> str:
    """`PRAGMA journal_mode=WAL`, retried while another connection briefly holds a lock.

    Returns the journal mode SQLite ended up in. Once a file is in WAL mode (it stays so), the
    pragma takes no lock at all, so only the very first start of a new file ever retries.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            return str(cursor.execute("PRAGMA journal_mode=WAL").fetchone()[0])
        except sqlite3.OperationalError as exc:
            if not is_busy(exc) or time.monotonic() >= deadline:
                raise
            log.debug("switching the database to WAL mode: %s; trying again", exc)
        time.sleep(WAL_RETRY_PAUSE_S)


def is_busy(exc: sqlite3.Error) -> bool:
    """Whether SQLite refused because another connection holds a lock (worth retrying)."""
    name = str(getattr(exc, "sqlite_errorname", ""))
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


def _begin(connection: Connection) -> None:
    mode = connection.get_execution_options().get(BEGIN_MODE, "DEFERRED")
    if mode not in ("DEFERRED", "IMMEDIATE"):
        raise ValueError(f"unknown SQLite BEGIN mode {mode!r}")
    connection.exec_driver_sql(f"BEGIN {mode}")
