"""Helpers for the storage tests: a settable clock, and a database as the previous bot left it."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

SALT = "test-salt-0123456789abcdef"
T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


class FakeClock:
    """A clock that only moves when told to: timestamps in tests are exact, never slept for."""

    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def at(self, **ago: float) -> FakeClock:
        """Set the time to T0 minus `ago` (e.g. at(days=3)), for the next record."""
        self.now = T0 - timedelta(**ago)
        return self


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.as_posix()}"


# The schema version 1 as the previous bot created it (SQLite), written out by hand so that the
# migration is tested against a real old file, not against what today's code would create.
V1_DDL = """
CREATE TABLE schema_version (
    version INTEGER NOT NULL,
    description TEXT NOT NULL,
    applied_at DATETIME NOT NULL,
    PRIMARY KEY (version)
);
CREATE TABLE answers (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    created_at DATETIME NOT NULL,
    guild_id BIGINT,
    channel_id BIGINT,
    user_hash VARCHAR(64) NOT NULL,
    question TEXT NOT NULL,
    answered BOOLEAN NOT NULL,
    sources TEXT NOT NULL,
    scores TEXT NOT NULL,
    latency_ms FLOAT NOT NULL
);
INSERT INTO schema_version VALUES (1, 'answers log', '2024-01-01 00:00:00.000000');
"""

# (created_at, guild_id, channel_id, user_hash, question, answered, sources, scores, latency_ms)
V1_ROWS = [
    (
        "2024-02-27 09:30:00.000000",
        1,
        10,
        "a" * 64,
        "Who won the  Election?",
        1,
        '["election-2023"]',
        "[0.81]",
        120.5,
    ),
    ("2024-02-28 10:00:00.000000", 1, 10, "b" * 64, "what is the gdp", 0, "[]", "[]", 80.0),
    ("2024-02-28 11:00:00.000000", 2, 20, "a" * 64, "WHAT IS THE GDP ", 0, "[]", "[]", 95.0),
    (
        "2024-02-29 08:00:00.000000",
        None,
        30,
        "c" * 64,
        "Whose mayor?",
        1,
        '["city-hall", "budget"]',
        "[0.7, 0.65]",
        210.0,
    ),
    ("2024-02-29 08:05:00.000000", 1, 10, "c" * 64, "tides", 0, "[]", "[]", 60.0),
]


def make_v1_database(path: Path, rows: list[tuple] = V1_ROWS) -> None:
    """A version-1 database file with `rows` in its answers log, as the previous bot left it."""
    with sqlite3.connect(path) as connection:
        connection.executescript(V1_DDL)
        connection.executemany(
            "INSERT INTO answers (created_at, guild_id, channel_id, user_hash, question, answered,"
            " sources, scores, latency_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    connection.close()


def query(path: Path, sql: str, *params: object) -> list[tuple]:
    """Read the file directly with sqlite3, bypassing the code under test."""
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()
