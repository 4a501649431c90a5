"""The schema is created and migrated by the bot itself, all or nothing, and never downgraded."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_mock_engine, inspect
from storage_testkit import SALT, V1_ROWS, FakeClock, make_v1_database, query, sqlite_url

from bot.storage import (
    SCHEMA_VERSION,
    SchemaError,
    SchemaTooNew,
    Storage,
    VoteStatus,
    _migrations,
    default_database_url,
)
from bot.storage._engine import BEGIN_MODE, create_storage_engine
from bot.storage._migrations import MIGRATIONS, Migration, migrate
from bot.storage._pure import normalize_question
from bot.storage._schema import metadata


def versions(path: Path) -> list[int]:
    return [row[0] for row in query(path, "SELECT version FROM schema_version ORDER BY version")]


def describe_schema(path: Path) -> dict[str, object]:
    """Tables, columns, keys and indexes as SQLAlchemy reads them back from the file."""
    engine = create_storage_engine(sqlite_url(path))
    try:
        inspector = inspect(engine)
        return {
            name: {
                "columns": [
                    (c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(name)
                ],
                "pk": inspector.get_pk_constraint(name)["constrained_columns"],
                "fks": [
                    (fk["constrained_columns"], fk["referred_table"], fk["options"])
                    for fk in inspector.get_foreign_keys(name)
                ],
                "indexes": sorted(
                    (ix["name"], tuple(ix["column_names"]), bool(ix["unique"]))
                    for ix in inspector.get_indexes(name)
                ),
            }
            for name in sorted(inspector.get_table_names())
        }
    finally:
        engine.dispose()


def test_an_empty_file_gets_the_latest_schema(db_path: Path, clock: FakeClock) -> None:
    assert not db_path.exists()
    with Storage.open(sqlite_url(db_path), salt=SALT, clock=clock) as storage:
        assert storage.schema_version == SCHEMA_VERSION == 3
    assert versions(db_path) == [1, 2, 3]
    schema = describe_schema(db_path)
    assert set(schema) == {"answers", "votes", "schema_version"}
    # What the queries expect (_schema.py) is what the migrations built.
    for table in metadata.sorted_tables:
        assert [c[0] for c in schema[table.name]["columns"]] == [c.name for c in table.columns]
    assert schema["votes"]["pk"] == ["answer_id", "user_hash"]  # one vote per member per answer
    assert schema["votes"]["fks"] == [(["answer_id"], "answers", {"ondelete": "CASCADE"})]
    assert ("ix_answers_created_at", ("created_at",), False) in schema["answers"]["indexes"]


def test_opening_again_changes_nothing(db_path: Path, clock: FakeClock) -> None:
    Storage.open(sqlite_url(db_path), salt=SALT, clock=clock).close()
    before = describe_schema(db_path)
    Storage.open(sqlite_url(db_path), salt=SALT, clock=clock).close()
    assert describe_schema(db_path) == before
    assert versions(db_path) == [1, 2, 3]


def test_a_v1_database_is_migrated_keeping_its_rows(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = tmp_path / "old.sqlite3"
    make_v1_database(old)
    before = query(old, "SELECT * FROM answers ORDER BY id")
    monkeypatch.setattr(_migrations, "BACKFILL_BATCH", 2)  # several batches over five rows

    with Storage.open(sqlite_url(old), salt=SALT, clock=clock) as storage:
        assert versions(old) == [1, 2, 3]
        after = query(old, "SELECT * FROM answers ORDER BY id")
        assert [row[:-1] for row in after] == before  # every old column of every row, unchanged
        assert [row[-1] for row in after] == [normalize_question(r[4]) for r in V1_ROWS]
        assert after[0][-1] == "who won the election?"

        # The migrated log works like a new one: old answers can be voted on and are counted.
        assert storage.vote(1, 42, helpful=False).status is VoteStatus.NEW
        assert storage.vote(1, 42, helpful=True).status is VoteStatus.CHANGED
        stats = storage.stats(30, guild_id=None)
        assert (stats.asked, stats.declined, stats.helpful) == (5, 3, 1)
        assert stats.top_declined[0].question == "WHAT IS THE GDP "  # the latest wording
        assert stats.top_declined[0].count == 2
        # Ids continue after the old ones.
        new_id = storage.record_answer(
            guild_id=1, channel_id=10, member_id=7, question="q", answered=True, latency_ms=1
        )
        assert new_id == len(V1_ROWS) + 1


def test_fresh_and_migrated_databases_have_the_same_schema(
    tmp_path: Path, clock: FakeClock
) -> None:
    fresh, old = tmp_path / "fresh.sqlite3", tmp_path / "old.sqlite3"
    make_v1_database(old)
    for path in (fresh, old):
        Storage.open(sqlite_url(path), salt=SALT, clock=clock).close()
    assert describe_schema(fresh) == describe_schema(old)


def test_old_timestamps_are_read_back_as_utc(tmp_path: Path, clock: FakeClock) -> None:
    old = tmp_path / "old.sqlite3"
    make_v1_database(old, [V1_ROWS[0]])
    with Storage.open(sqlite_url(old), salt=SALT, clock=clock) as storage:
        clock.now = datetime(2024, 2, 27, 9, 30, 1, tzinfo=UTC)
        assert storage.stats(1, guild_id=None).asked == 1  # 1 s old: in the window
        clock.now = datetime(2024, 2, 28, 9, 30, 1, tzinfo=UTC)
        assert storage.stats(1, guild_id=None).asked == 0  # 1 day and 1 s old: out


def test_a_newer_database_is_refused_and_left_alone(db_path: Path, clock: FakeClock) -> None:
    Storage.open(sqlite_url(db_path), salt=SALT, clock=clock).close()
    with sqlite3.connect(db_path) as connection:
        connection.execute(
            "INSERT INTO schema_version VALUES (4, 'from the future', '2030-01-01 00:00:00')"
        )
    connection.close()
    schema = describe_schema(db_path)

    with pytest.raises(SchemaTooNew, match=r"version 4.*only knows up to version 3") as caught:
        Storage.open(sqlite_url(db_path), salt=SALT, clock=clock)
    assert (caught.value.found, caught.value.supported) == (4, 3)
    assert versions(db_path) == [1, 2, 3, 4]
    assert describe_schema(db_path) == schema


def test_our_tables_without_a_version_are_refused(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "mystery.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE answers (id INTEGER PRIMARY KEY, text TEXT)")
    connection.close()
    with pytest.raises(SchemaError, match="no schema_version"):
        Storage.open(sqlite_url(path), salt=SALT, clock=clock)
    assert query(path, "SELECT name FROM sqlite_master WHERE type = 'table'") == [("answers",)]


def test_a_failing_step_rolls_back_every_step(tmp_path: Path) -> None:
    """All or nothing, DDL included (which Python's sqlite3 would otherwise autocommit)."""

    def broken(connection: object) -> None:
        connection.exec_driver_sql("CREATE TABLE half_done (x INTEGER)")  # type: ignore[attr-defined]
        raise RuntimeError("step 4 failed")

    old = tmp_path / "old.sqlite3"
    make_v1_database(old)
    engine = create_storage_engine(sqlite_url(old))
    try:
        writer = engine.execution_options(**{BEGIN_MODE: "IMMEDIATE"})
        with pytest.raises(RuntimeError, match="step 4 failed"), writer.begin() as connection:
            migrate(connection, [*MIGRATIONS, Migration(4, "broken", broken)])
    finally:
        engine.dispose()
    assert versions(old) == [1]
    tables = {row[0] for row in query(old, "SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"schema_version", "answers", "sqlite_sequence"}  # no votes, no half_done
    columns = [row[1] for row in query(old, "PRAGMA table_info(answers)")]
    assert "question_norm" not in columns
    assert len(query(old, "SELECT * FROM answers")) == len(V1_ROWS)


def test_migrations_must_be_numbered_in_order(tmp_path: Path) -> None:
    engine = create_storage_engine(sqlite_url(tmp_path / "x.sqlite3"))
    try:
        with pytest.raises(ValueError, match="numbered"), engine.begin() as connection:
            migrate(connection, [MIGRATIONS[1], MIGRATIONS[0]])
    finally:
        engine.dispose()


def test_sqlite_connections_are_configured(db_path: Path) -> None:
    engine = create_storage_engine(sqlite_url(db_path))
    try:
        with engine.connect() as connection:
            pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
            assert pragma("journal_mode") == "wal"
            assert pragma("foreign_keys") == 1
            assert pragma("busy_timeout") == 15_000
    finally:
        engine.dispose()
    assert db_path.parent.is_dir()  # the data folder is created on demand


def test_in_memory_databases_are_refused() -> None:
    for url in ("sqlite://", "sqlite:///:memory:"):
        with pytest.raises(ValueError, match="in-memory"):
            Storage.open(url, salt=SALT)


def test_default_url_is_a_file_in_the_data_folder(tmp_path: Path) -> None:
    assert default_database_url("data") == "sqlite:///data/quotebot.sqlite3"
    absolute = default_database_url(tmp_path)
    assert absolute == f"sqlite:///{tmp_path.as_posix()}/quotebot.sqlite3"
    with Storage.open(absolute, salt=SALT):
        pass
    assert (tmp_path / "quotebot.sqlite3").is_file()


def test_the_first_step_compiles_for_postgres() -> None:
    """Server databases get 64-bit ids (Discord snowflakes) and real time zones."""
    statements: list[str] = []
    engine = create_mock_engine(
        "postgresql+psycopg://",
        lambda sql, *_a, **_k: statements.append(str(sql.compile(dialect=engine.dialect))),
    )
    _migrations._v1_answers_log(engine)  # type: ignore[arg-type]
    (ddl,) = statements
    assert "id BIGSERIAL NOT NULL" in ddl
    assert "guild_id BIGINT" in ddl
    assert "created_at TIMESTAMP WITH TIME ZONE NOT NULL" in ddl
