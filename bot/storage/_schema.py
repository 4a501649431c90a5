"""The tables as the queries see them: the latest schema, never used to create anything.

Tables are created and changed only by the numbered steps in `_migrations.py`, so that an empty
database and one migrated from an older bot end up the same; a test compares both with these
definitions so that the two can't drift apart.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, whatever the database.

    SQLite has no time zones (SQLAlchemy stores the digits and drops the offset), so everything
    is converted to UTC before it is written; stored values are comparable as text and as times.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Refuse naive datetimes (their zone is a guess) and store UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware one (e.g. datetime.now(UTC))")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        """Read back as aware UTC (SQLite returns naive values, which are UTC by construction)."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# SQLite only auto-numbers a column declared exactly INTEGER PRIMARY KEY; servers want BIGINT.
ID = BigInteger().with_variant(Integer(), "sqlite")

metadata = MetaData()

answers = Table(
    "answers",
    metadata,
    Column("id", ID, primary_key=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("guild_id", BigInteger, nullable=True),  # None: a direct message
    Column("channel_id", BigInteger, nullable=True),
    Column("user_hash", String(64), nullable=False),  # see _pure.hash_member; never the id
    Column("question", Text, nullable=False),
    Column("answered", Boolean, nullable=False),
    Column("sources", Text, nullable=False),  # JSON list of the quoted source ids, in order
    Column("scores", Text, nullable=False),  # JSON list of their scores, same order
    Column("latency_ms", Float, nullable=False),
    Column("question_norm", Text, nullable=False),  # v2: _pure.normalize_question(question)
)

votes = Table(
    "votes",
    metadata,
    Column("answer_id", ID, ForeignKey("answers.id", ondelete="CASCADE"), primary_key=True),
    Column("user_hash", String(64), primary_key=True),
    Column("helpful", Boolean, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    Column("reason", String(32), nullable=True),  # v3: why "Not helpful" (a `Reason` value)
    Column("comment", Text, nullable=True),  # v3: the member's note, at most 300 characters
)
