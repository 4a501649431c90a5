"""Why "Not helpful": a reason and a note stored with the vote, counted by /stats, purged with it.

Schema version 3 adds them; a version-2 log is migrated with its votes kept.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from storage_testkit import SALT, T0, FakeClock, query, sqlite_url

from bot.storage import MAX_COMMENT_CHARS, Reason, ReasonCount, Storage, VoteStatus
from bot.storage._engine import BEGIN_MODE, create_storage_engine
from bot.storage._migrations import MIGRATIONS, migrate

GUILD = 1_000_000_000_000_001
M1, M2, M3, M4 = 11, 12, 13, 14


def answered(storage: Storage, question: str = "Who won?", guild_id: int = GUILD) -> int:
    return storage.record_answer(
        guild_id=guild_id,
        channel_id=5,
        member_id=M1,
        question=question,
        answered=True,
        sources=["s"],
        scores=[0.9],
        latency_ms=10.0,
    )


def test_a_reason_and_a_note_are_kept_with_the_vote(storage: Storage, db_path: Path) -> None:
    answer = answered(storage)
    result = storage.vote(answer, M1, False, reason=Reason.WRONG_QUOTE, comment="  about  LNG ")
    assert (result.status, result.reason, result.comment) == (
        VoteStatus.NEW,
        Reason.WRONG_QUOTE,
        "about LNG",
    )
    assert query(db_path, "SELECT helpful, reason, comment FROM votes") == [
        (0, "wrong_quote", "about LNG")
    ]
    # The same vote again with another reason: the reason is updated, still one vote.
    again = storage.vote(answer, M1, False, reason=Reason.OUTDATED)
    assert (again.status, again.reason, again.comment) == (
        VoteStatus.UNCHANGED,
        Reason.OUTDATED,
        "",
    )
    # A plain click keeps what was said; a change of mind drops it.
    assert storage.vote(answer, M1, False).reason is Reason.OUTDATED
    assert storage.vote(answer, M1, True).reason is None
    assert query(db_path, "SELECT helpful, reason, comment FROM votes") == [(1, None, None)]
    assert storage.vote(answer, M1, False).reason is None


@pytest.mark.parametrize(
    ("helpful", "reason", "comment", "message"),
    [
        (True, Reason.OTHER, "", "only a 'Not helpful' vote"),
        (True, None, "nice", "only a 'Not helpful' vote"),
        (False, None, "x" * (MAX_COMMENT_CHARS + 1), "at most 300"),
        (False, "wrong_quote", "", "not a reason"),
    ],
)
def test_bad_reasons_are_refused_and_nothing_is_written(
    storage: Storage, db_path: Path, helpful, reason, comment, message
) -> None:
    answer = answered(storage)
    with pytest.raises(ValueError, match=message):
        storage.vote(answer, M1, helpful, reason=reason, comment=comment)
    assert query(db_path, "SELECT count(*) FROM votes") == [(0,)]


def test_stats_count_the_reasons_and_show_the_latest_notes(
    storage: Storage, clock: FakeClock
) -> None:
    clock.at(days=2)
    first, second = answered(storage, "Who won?"), answered(storage, "Who lost?")
    elsewhere = answered(storage, "Tides?", guild_id=GUILD + 1)
    clock.now = T0 - timedelta(days=1)
    storage.vote(first, M1, False, reason=Reason.WRONG_QUOTE, comment="quotes the July deal")
    clock.now = T0 - timedelta(hours=12)
    storage.vote(first, M2, False, reason=Reason.WRONG_QUOTE)
    storage.vote(second, M1, False, reason=Reason.MISSING, comment="no figures")
    clock.now = T0 - timedelta(hours=6)
    storage.vote(second, M2, False, comment="it says 2025, it is 2026 now")
    storage.vote(second, M3, True)
    storage.vote(second, M4, False)  # no reason given
    storage.vote(elsewhere, M1, False, reason=Reason.OUTDATED, comment="another server's")
    clock.now = T0
    stats = storage.stats(7, guild_id=GUILD)
    assert stats.reasons == (
        ReasonCount(Reason.WRONG_QUOTE, 2),
        ReasonCount(Reason.MISSING, 1),
        ReasonCount(Reason.OUTDATED, 0),
        ReasonCount(Reason.OTHER, 0),
    )
    assert stats.comments == ("it says 2025, it is 2026 now", "no figures", "quotes the July deal")
    assert stats.not_helpful == 5  # two on the first answer, three on the second
    assert storage.stats(7, guild_id=None).reasons[2] == ReasonCount(Reason.OUTDATED, 1)


def test_reasons_are_purged_with_their_votes(
    storage: Storage, clock: FakeClock, db_path: Path
) -> None:
    clock.at(days=100)
    answer = answered(storage)
    storage.vote(answer, M1, False, reason=Reason.OTHER, comment="gone in 90 days")
    clock.now = T0
    assert storage.purge(90) == 1
    assert query(db_path, "SELECT count(*) FROM votes") == [(0,)]
    assert storage.stats(365, guild_id=None).comments == ()


def test_a_version_2_log_is_migrated_with_its_votes(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "v2.sqlite3"
    engine = create_storage_engine(sqlite_url(path))
    try:
        with engine.execution_options(**{BEGIN_MODE: "IMMEDIATE"}).begin() as connection:
            migrate(connection, MIGRATIONS[:2])
            connection.exec_driver_sql(
                "INSERT INTO answers (id, created_at, guild_id, channel_id, user_hash, question,"
                " answered, sources, scores, latency_ms, question_norm) VALUES (7, "
                "'2024-02-29 12:00:00', 1, 2, 'h', 'Who won?', 1, '[]', '[]', 1.0, 'who won?')"
            )
            connection.exec_driver_sql(
                "INSERT INTO votes VALUES (7, 'h', 0, '2024-02-29 12:00:00', '2024-02-29 12:00:00')"
            )
    finally:
        engine.dispose()
    with Storage.open(sqlite_url(path), salt=SALT, clock=clock) as storage:
        stats = storage.stats(7, guild_id=None)
        assert stats.not_helpful == 1
        assert all(count.count == 0 for count in stats.reasons)
    assert query(path, "SELECT answer_id, helpful, reason, comment FROM votes") == [
        (7, 0, None, None)
    ]
    assert query(path, "SELECT max(version) FROM schema_version") == [(3,)]


def test_helpful_questions_are_public_ones_others_found_helpful(
    storage: Storage, clock: FakeClock
) -> None:
    def asked(question: str, member: int, days: float, guild_id: int = GUILD) -> int:
        clock.at(days=days)
        return storage.record_answer(
            guild_id=guild_id,
            channel_id=5,
            member_id=member,
            question=question,
            answered=True,
            sources=["s"],
            scores=[0.9],
            latency_ms=1.0,
        )

    signed = asked("where was it signed?", M1, 3)
    signed_again = asked("Where was it  SIGNED?", M2, 2)
    private = asked("A private question", M1, 2)
    split = asked("Who won?", M1, 1)
    elsewhere = asked("Tides?", M1, 1, guild_id=GUILD + 1)
    storage.record_answer(
        guild_id=GUILD,
        channel_id=5,
        member_id=M1,
        question="Declined?",
        answered=False,
        latency_ms=1.0,
    )
    clock.now = T0
    storage.vote(signed, M3, True)
    storage.vote(signed_again, M2, True)  # the asker's own vote
    storage.vote(private, M1, True)  # only the asker saw it: never an example
    storage.vote(split, M2, True)
    storage.vote(split, M3, False)
    storage.vote(split, M4, False)  # more often not helpful
    storage.vote(elsewhere, M2, True)
    assert storage.helpful_questions(GUILD) == ("Where was it  SIGNED?",)
    assert storage.helpful_questions(GUILD + 1) == ("Tides?",)
    assert storage.helpful_questions(GUILD, limit=0) == ()
