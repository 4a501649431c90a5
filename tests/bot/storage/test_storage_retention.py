"""Retention: answers older than the setting go, with their votes; ages come from the clock."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from storage_testkit import T0, FakeClock, query

from bot.storage import Storage, UnknownAnswer


def ask_at(storage: Storage, clock: FakeClock, question: str, **ago: float) -> int:
    clock.at(**ago)
    return storage.record_answer(
        guild_id=1, channel_id=2, member_id=3, question=question, answered=True, latency_ms=10
    )


def test_purge_deletes_old_answers_and_their_votes(
    storage: Storage, clock: FakeClock, db_path: Path
) -> None:
    ancient = ask_at(storage, clock, "ancient", days=400)
    old = ask_at(storage, clock, "old", days=91)
    edge = ask_at(storage, clock, "exactly 90 days", days=90)
    recent = ask_at(storage, clock, "recent", days=89, hours=23)
    today = ask_at(storage, clock, "today", minutes=1)
    clock.now = T0
    for answer in (ancient, old, edge, recent, today):
        storage.vote(answer, 7, helpful=True)
        storage.vote(answer, 8, helpful=False)

    assert storage.purge(90) == 2
    kept = [row[0] for row in query(db_path, "SELECT question FROM answers ORDER BY id")]
    assert kept == ["exactly 90 days", "recent", "today"]  # strictly older than 90 days goes
    voted = {row[0] for row in query(db_path, "SELECT answer_id FROM votes")}
    assert voted == {edge, recent, today}
    with pytest.raises(UnknownAnswer):
        storage.vote(old, 7, helpful=False)  # an old message's button, after retention

    assert storage.purge(90) == 0  # nothing more of that age
    clock.now = T0 + timedelta(minutes=30)  # time passes: the 90-day-old one is now older
    assert storage.purge(90) == 1
    assert storage.stats(365, guild_id=None).asked == 2


def test_ids_are_not_reused_after_everything_is_purged(storage: Storage, clock: FakeClock) -> None:
    """A button on a purged answer must not start voting on a new answer with the same id."""
    first = ask_at(storage, clock, "a", days=100)
    second = ask_at(storage, clock, "b", days=100)
    clock.now = T0
    assert storage.purge(90) == 2
    third = ask_at(storage, clock, "c", days=0)
    assert third > second > first
    with pytest.raises(UnknownAnswer):
        storage.vote(second, 1, helpful=True)


@pytest.mark.parametrize("days", [0, -5, 10**9])
def test_purge_refuses_a_bad_age(storage: Storage, days: int) -> None:
    ask_at(storage, FakeClock(), "x", days=1)
    with pytest.raises(ValueError, match="days"):
        storage.purge(days)
