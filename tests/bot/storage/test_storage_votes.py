"""Recording answers and votes: one vote per member per answer, and no member id in clear."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError
from storage_testkit import SALT, T0, FakeClock, query, sqlite_url

from bot.storage import (
    NotRateable,
    Storage,
    StorageClosed,
    UnknownAnswer,
    VoteStatus,
    new_answer_id,
)
from bot.storage._pure import ANSWER_ID_EPOCH_MS, answer_id_from, hash_member

MEMBER = 987_654_321_012_345_678  # unlike any guild, channel or answer id below
OTHER = 112_233_445_566_778_899
GUILD, CHANNEL = 1_000_000_000_000_001, 2_000_000_000_000_002


def record(storage: Storage, member_id: int = MEMBER, **overrides: object) -> int:
    values: dict[str, object] = {
        "guild_id": GUILD,
        "channel_id": CHANNEL,
        "member_id": member_id,
        "question": "Who won the election?",
        "answered": True,
        "sources": ["election-2023", "results"],
        "scores": [0.82, 0.61],
        "latency_ms": 123.4,
    }
    values.update(overrides)
    return storage.record_answer(**values)  # type: ignore[arg-type]


def test_record_answer_stores_the_row(storage: Storage, db_path: Path, clock: FakeClock) -> None:
    first, second = record(storage), record(storage, answered=False, sources=[], scores=[])
    assert (first, second) == (1, 2)
    [row] = query(db_path, "SELECT * FROM answers WHERE id = ?", first)
    assert row[1] == "2024-03-01 12:00:00.000000"  # the injected clock, in UTC
    assert row[2:5] == (GUILD, CHANNEL, hash_member(SALT, MEMBER))
    assert row[5:7] == ("Who won the election?", 1)
    assert (json.loads(row[7]), json.loads(row[8]), row[9]) == (
        ["election-2023", "results"],
        [0.82, 0.61],
        123.4,
    )


def test_a_direct_message_has_no_guild(storage: Storage, db_path: Path) -> None:
    answer = record(storage, guild_id=None)
    assert query(db_path, "SELECT guild_id FROM answers WHERE id = ?", answer) == [(None,)]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"sources": ["a"], "scores": []}, "1 sources but 0 scores"),
        ({"sources": ["a"], "scores": [float("nan")]}, "Out of range float"),
        ({"latency_ms": -1.0}, "latency_ms"),
        ({"latency_ms": float("inf")}, "latency_ms"),
    ],
)
def test_record_answer_refuses_bad_values(
    storage: Storage, db_path: Path, overrides: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        record(storage, **overrides)
    assert query(db_path, "SELECT count(*) FROM answers") == [(0,)]


def test_vote_once_change_and_unchanged(storage: Storage, db_path: Path, clock: FakeClock) -> None:
    answer = record(storage)
    first = storage.vote(answer, MEMBER, helpful=True)
    assert (first.status, first.helpful, first.helpful_count, first.not_helpful_count) == (
        VoteStatus.NEW,
        True,
        1,
        0,
    )
    clock.now = clock.now.replace(hour=13)
    changed = storage.vote(answer, MEMBER, helpful=False)
    assert (changed.status, changed.helpful_count, changed.not_helpful_count) == (
        VoteStatus.CHANGED,
        0,
        1,
    )
    clock.now = clock.now.replace(hour=14)
    again = storage.vote(answer, MEMBER, helpful=False)
    assert (again.status, again.helpful_count, again.not_helpful_count) == (
        VoteStatus.UNCHANGED,
        0,
        1,
    )
    other = storage.vote(answer, OTHER, helpful=True)
    assert (other.status, other.helpful_count, other.not_helpful_count) == (VoteStatus.NEW, 1, 1)

    rows = query(db_path, "SELECT user_hash, helpful, created_at, updated_at FROM votes")
    assert sorted(rows) == sorted(
        [
            (
                hash_member(SALT, MEMBER),
                0,
                "2024-03-01 12:00:00.000000",
                "2024-03-01 13:00:00.000000",
            ),
            (
                hash_member(SALT, OTHER),
                1,
                "2024-03-01 14:00:00.000000",
                "2024-03-01 14:00:00.000000",
            ),
        ]
    )  # one row per member; "unchanged" did not touch updated_at


def test_votes_are_per_answer(storage: Storage) -> None:
    first, second = record(storage), record(storage)
    assert storage.vote(first, MEMBER, helpful=True).status is VoteStatus.NEW
    result = storage.vote(second, MEMBER, helpful=False)
    assert (result.status, result.helpful_count, result.not_helpful_count) == (VoteStatus.NEW, 0, 1)


@pytest.mark.parametrize("answer_id", [0, -1, 999, 2**63 - 1, 2**63, 10**30])
def test_an_unknown_answer_is_a_clear_error(storage: Storage, answer_id: int) -> None:
    record(storage)
    with pytest.raises(UnknownAnswer, match="no answer with id") as caught:
        storage.vote(answer_id, MEMBER, helpful=True)
    assert caught.value.answer_id == answer_id
    assert isinstance(caught.value, LookupError)


def test_the_bots_answer_id_is_kept_and_sorts_by_time(storage: Storage, db_path: Path) -> None:
    early = answer_id_from(ANSWER_ID_EPOCH_MS + 5_000, 2**22 - 1)
    later = answer_id_from(ANSWER_ID_EPOCH_MS + 5_001, 0)
    assert 1 <= early < later < 2**63
    assert record(storage, answer_id=later) == later
    assert record(storage, answer_id=early) == early
    assert query(db_path, "SELECT id FROM answers ORDER BY id") == [(early,), (later,)]
    assert storage.vote(later, MEMBER, helpful=True).status is VoteStatus.NEW
    with pytest.raises(IntegrityError):  # an id is never given twice
        record(storage, answer_id=later)


def test_new_answer_ids_differ_and_fit_a_signed_bigint() -> None:
    ids = {new_answer_id() for _ in range(1000)}
    assert len(ids) == 1000
    assert all(1 <= answer_id < 2**63 for answer_id in ids)


@pytest.mark.parametrize(
    ("unix_ms", "bits"),
    [(ANSWER_ID_EPOCH_MS - 1, 0), (ANSWER_ID_EPOCH_MS + 2**41, 0), (ANSWER_ID_EPOCH_MS, 2**22)],
)
def test_answer_ids_outside_their_range_are_refused(unix_ms: int, bits: int) -> None:
    with pytest.raises(ValueError):
        answer_id_from(unix_ms, bits)


@pytest.mark.parametrize("answer_id", [0, -5, 2**63, True])
def test_record_answer_refuses_an_impossible_id(storage: Storage, answer_id: int) -> None:
    with pytest.raises((ValueError, TypeError)):
        record(storage, answer_id=answer_id)


def test_a_declined_answer_cannot_be_rated(storage: Storage, db_path: Path) -> None:
    """Declines are sent without buttons: a vote on one can only come from a forged click."""
    declined = record(storage, answered=False, sources=[], scores=[])
    for helpful in (True, False):
        with pytest.raises(NotRateable, match="declined") as caught:
            storage.vote(declined, MEMBER, helpful=helpful)
        assert caught.value.answer_id == declined
    assert query(db_path, "SELECT count(*) FROM votes") == [(0,)]
    assert storage.stats(7, guild_id=GUILD).not_helpful == 0


def test_an_answer_older_than_the_retention_cannot_be_rated(
    storage: Storage, clock: FakeClock, db_path: Path
) -> None:
    answer = record(storage)
    clock.now = T0 + timedelta(days=30, seconds=1)  # not purged yet: the purge runs daily
    with pytest.raises(UnknownAnswer):
        storage.vote(answer, MEMBER, helpful=True, max_age_days=30)
    assert query(db_path, "SELECT count(*) FROM votes") == [(0,)]
    clock.now = T0 + timedelta(days=29)
    assert storage.vote(answer, MEMBER, helpful=True, max_age_days=30).status is VoteStatus.NEW
    assert storage.vote(answer, OTHER, helpful=True).status is VoteStatus.NEW  # no limit


def test_one_member_has_one_vote_however_often_they_click(storage: Storage, db_path: Path) -> None:
    answer = record(storage)
    for helpful in (True, True, False, True, False, False):
        storage.vote(answer, MEMBER, helpful=helpful)
    assert query(db_path, "SELECT count(*) FROM votes") == [(1,)]
    stats = storage.stats(7, guild_id=GUILD)
    assert (stats.helpful, stats.not_helpful) == (0, 1)


def test_an_answer_id_must_be_an_int(storage: Storage) -> None:
    with pytest.raises(TypeError):
        storage.vote("1", MEMBER, helpful=True)  # type: ignore[arg-type]


def test_member_ids_are_never_stored_in_clear(db_path: Path, clock: FakeClock) -> None:
    with Storage.open(sqlite_url(db_path), salt=SALT, clock=clock) as storage:
        answer = record(storage)
        record(storage, question="another one", answered=False, sources=[], scores=[])
        storage.vote(answer, MEMBER, helpful=True)
        storage.vote(answer, MEMBER, helpful=False)
        storage.vote(answer, OTHER, helpful=True)
        storage.purge(30)

    # Every byte of every file SQLite wrote (database, and write-ahead log if one is left).
    files = list(db_path.parent.iterdir())
    assert db_path in files
    for member in (MEMBER, OTHER):
        for path in files:
            raw = path.read_bytes()
            assert str(member).encode() not in raw, path
            assert member.to_bytes(8, "big") not in raw, path  # as SQLite stores an integer

    # Every column of every row of every table.
    connection = sqlite3.connect(db_path)
    try:
        tables = [
            r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        cells = [
            cell
            for table in tables
            for row in connection.execute(f"SELECT * FROM {table}")
            for cell in row
        ]
    finally:
        connection.close()
    assert cells
    for member in (MEMBER, OTHER):
        assert member not in cells
        assert not any(str(member) in str(cell) for cell in cells)
    # What is stored is the salted HMAC: not a plain hash anyone could recompute from the id.
    assert hash_member(SALT, MEMBER) in cells
    assert hashlib.sha256(str(MEMBER).encode()).hexdigest() not in cells


def test_hash_member_depends_on_the_salt() -> None:
    assert hash_member(SALT, MEMBER) == hash_member(SALT, MEMBER)
    assert hash_member(SALT, MEMBER) != hash_member(SALT + "x", MEMBER)
    assert hash_member(SALT, MEMBER) != hash_member(SALT, OTHER)
    assert len(hash_member(SALT, MEMBER)) == 64


def test_a_short_salt_is_refused(db_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 16 characters"):
        Storage.open(sqlite_url(db_path), salt="   short   ")
    assert not db_path.exists()  # refused before touching anything


def test_a_naive_clock_is_refused(db_path: Path) -> None:
    with (
        Storage.open(sqlite_url(db_path), salt=SALT, clock=datetime.now) as storage,
        pytest.raises(ValueError, match="aware"),
    ):
        record(storage)


def test_a_closed_storage_says_so(storage: Storage) -> None:
    answer = record(storage)
    storage.close()
    with pytest.raises(StorageClosed):
        storage.vote(answer, MEMBER, helpful=True)
    with pytest.raises(StorageClosed):
        record(storage)
    with pytest.raises(StorageClosed):
        storage.stats(7, guild_id=None)
    storage.close()  # twice is harmless (the fixture closes it again)
