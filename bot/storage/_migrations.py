"""The schema's history: numbered steps applied in order, in one transaction, at start-up.

Each step describes its tables with its own throwaway `MetaData`, frozen as they were when the
step was written: a step must produce the same result forever, whatever the current schema in
`_schema.py` has become. To change the schema, append a step; never edit a released one.

`schema_version` holds one row per applied step, so a database says what it has been through.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    DateTime,
    Float,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    bindparam,
    column,
    func,
    inspect,
    select,
    table,
    text,
)

from bot.storage._pure import normalize_question
from bot.storage._records import SchemaError, SchemaTooNew

log = logging.getLogger(__name__)

ID = BigInteger().with_variant(Integer(), "sqlite")
BACKFILL_BATCH = 1000
# Any constant: shard processes opening one server database serialize their migrations on it.
POSTGRES_LOCK_KEY = 0x71756F7465626F74  # "quotebot"


@dataclass(frozen=True)
class Migration:
    """One step of the schema's history."""

    version: int
    description: str
    apply: Callable[[Connection], None]


def _v1_answers_log(connection: Connection) -> None:
    """The previous schema: the answers log only."""
    metadata = MetaData()
    Table(
        "answers",
        metadata,
        Column("id", ID, primary_key=True),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("guild_id", BigInteger, nullable=True),
        Column("channel_id", BigInteger, nullable=True),
        Column("user_hash", String(64), nullable=False),
        Column("question", Text, nullable=False),
        Column("answered", Boolean, nullable=False),
        Column("sources", Text, nullable=False),
        Column("scores", Text, nullable=False),
        Column("latency_ms", Float, nullable=False),
        # Never reuse an id, even after retention empties the table: an old message's buttons
        # carry its answer id, and must not end up voting on a newer answer.
        sqlite_autoincrement=True,
    )
    metadata.create_all(connection)


def _v2_votes_and_stats(connection: Connection) -> None:
    """Feedback votes, the grouping key for /stats, and indexes for time windows."""
    connection.exec_driver_sql(
        "ALTER TABLE answers ADD COLUMN question_norm TEXT NOT NULL DEFAULT ''"
    )
    answers = table("answers", column("id"), column("question"), column("question_norm"))
    last_id = 0
    while True:  # in batches, so a large log does not have to fit in memory at once
        rows = connection.execute(
            select(answers.c.id, answers.c.question)
            .where(answers.c.id > last_id)
            .order_by(answers.c.id)
            .limit(BACKFILL_BATCH)
        ).all()
        if not rows:
            break
        connection.execute(
            answers.update()
            .where(answers.c.id == bindparam("row_id"))
            .values(question_norm=bindparam("norm")),
            [{"row_id": row.id, "norm": normalize_question(row.question)} for row in rows],
        )
        last_id = rows[-1].id

    metadata = MetaData()
    answers_ref = Table(
        "answers",
        metadata,
        Column("id", ID, primary_key=True),
        Column("created_at", DateTime(timezone=True)),
        Column("guild_id", BigInteger),
    )
    votes = Table(
        "votes",
        metadata,
        Column("answer_id", ID, nullable=False),
        Column("user_hash", String(64), nullable=False),
        Column("helpful", Boolean, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("updated_at", DateTime(timezone=True), nullable=False),
        # One vote per member per answer: the key itself is the uniqueness rule.
        PrimaryKeyConstraint("answer_id", "user_hash", name="pk_votes"),
        ForeignKeyConstraint(
            ["answer_id"], ["answers.id"], name="fk_votes_answer", ondelete="CASCADE"
        ),
    )
    votes.create(connection)
    # Retention and /stats select answers by age, for every server or one.
    Index("ix_answers_created_at", answers_ref.c.created_at).create(connection)
    Index("ix_answers_guild_created", answers_ref.c.guild_id, answers_ref.c.created_at).create(
        connection
    )


def _v3_vote_reasons(connection: Connection) -> None:
    """Why "Not helpful": a reason and a short note on the vote (deleted with it)."""
    connection.exec_driver_sql("ALTER TABLE votes ADD COLUMN reason VARCHAR(32)")
    connection.exec_driver_sql("ALTER TABLE votes ADD COLUMN comment TEXT")


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "answers log", _v1_answers_log),
    Migration(2, "votes, question_norm, indexes by age", _v2_votes_and_stats),
    Migration(3, "reasons and notes on Not helpful votes", _v3_vote_reasons),
)
SCHEMA_VERSION = MIGRATIONS[-1].version

_metadata = MetaData()
schema_version = Table(
    "schema_version",
    _metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("description", Text, nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)


def migrate(
    connection: Connection, migrations: Sequence[Migration] = MIGRATIONS
) -> tuple[int, int]:
    """Bring the database up to the last of `migrations`; returns (version before, after).

    Runs inside the caller's transaction (begun IMMEDIATE on SQLite), so either every pending
    step is applied or none is, and two processes starting together don't both migrate.
    Refuses a database from a newer bot, or one that has our tables but no version.
    """
    _check_order(migrations)
    latest = migrations[-1].version
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": POSTGRES_LOCK_KEY})
    existing = set(inspect(connection).get_table_names())
    if schema_version.name not in existing:
        ours = existing & {"answers", "votes"}
        if ours:
            raise SchemaError(
                f"the database has {', '.join(sorted(ours))} but no schema_version table, so "
                "its layout is unknown: point DATABASE_URL at a new database"
            )
        schema_version.create(connection)
    current = connection.execute(select(func.max(schema_version.c.version))).scalar() or 0
    if current > latest:
        raise SchemaTooNew(current, latest)
    for step in migrations:
        if step.version <= current:
            continue
        log.info("migrating the database to version %d (%s)", step.version, step.description)
        step.apply(connection)
        connection.execute(
            schema_version.insert().values(
                version=step.version, description=step.description, applied_at=datetime.now(UTC)
            )
        )
    return current, latest


def _check_order(migrations: Sequence[Migration]) -> None:
    versions = [step.version for step in migrations]
    if not versions or versions != list(range(1, len(versions) + 1)):
        raise ValueError(f"migrations must be numbered 1, 2, 3... in order, got {versions}")
