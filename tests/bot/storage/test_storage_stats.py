"""`/stats` figures on a small data set whose every number is known, and the pure helpers."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime

import numpy as np
import pytest
from storage_testkit import T0, FakeClock

from bot.storage import QuestionCount, Reason, ReasonCount, Stats, Storage
from bot.storage._pure import normalize_question, percentile

GUILD, OTHER_GUILD = 111, 222
M1, M2, M3 = 1_001, 1_002, 1_003


def ask(
    storage: Storage,
    clock: FakeClock,
    question: str,
    *,
    answered: bool,
    latency_ms: float,
    days_ago: float = 1,
    guild_id: int | None = GUILD,
) -> int:
    clock.at(days=days_ago)
    return storage.record_answer(
        guild_id=guild_id,
        channel_id=5,
        member_id=M1,
        question=question,
        answered=answered,
        sources=["s1"] if answered else [],
        scores=[0.9] if answered else [],
        latency_ms=latency_ms,
    )


@pytest.fixture
def known(storage: Storage, clock: FakeClock) -> Storage:
    """Five questions in GUILD this week, one older, one in another server, and votes.

    Votes only on answered questions: a declined one has no buttons (the storage refuses them).
    """
    won = ask(storage, clock, "Who won the election?", answered=True, latency_ms=100, days_ago=6)
    ask(storage, clock, "what is the  GDP of France", answered=False, latency_ms=200, days_ago=5)
    ask(storage, clock, "What is the GDP of france", answered=False, latency_ms=300, days_ago=4)
    mayor = ask(storage, clock, "Who is the mayor?", answered=True, latency_ms=400, days_ago=3)
    ask(storage, clock, "WHAT IS THE GDP\tOF FRANCE ", answered=False, latency_ms=1000, days_ago=2)
    # Outside a 7-day window, inside a 30-day one.
    old = ask(storage, clock, "Who is the mayor?", answered=True, latency_ms=50, days_ago=10)
    # Another server, this week.
    elsewhere = ask(
        storage, clock, "Tides?", answered=True, latency_ms=5000, days_ago=1, guild_id=OTHER_GUILD
    )
    clock.now = T0
    storage.vote(won, M1, helpful=True)
    storage.vote(won, M2, helpful=True)
    storage.vote(won, M3, helpful=False)
    storage.vote(mayor, M1, helpful=False)
    storage.vote(mayor, M2, helpful=True)
    storage.vote(mayor, M2, helpful=False)  # changed: counted once, as "not helpful"
    storage.vote(old, M1, helpful=False)
    storage.vote(elsewhere, M1, helpful=False)
    return storage


def test_stats_for_one_server_this_week(known: Storage) -> None:
    stats = known.stats(7, guild_id=GUILD, top=5)
    assert stats.latency_p95_ms == pytest.approx(880.0)  # 400 + 0.8 * (1000 - 400)
    assert replace(stats, latency_p95_ms=880.0) == Stats(
        days=7,
        since=datetime(2024, 2, 23, 12, 0, tzinfo=UTC),
        guild_id=GUILD,
        asked=5,
        declined=3,
        helpful=2,
        not_helpful=3,
        latency_p50_ms=300.0,
        latency_p95_ms=880.0,  # 400 + 0.8 * (1000 - 400)
        top_declined=(
            QuestionCount("WHAT IS THE GDP\tOF FRANCE ", 3),  # latest wording of the three
        ),
        top_not_helpful=(
            QuestionCount("Who is the mayor?", 2),
            QuestionCount("Who won the election?", 1),
        ),
        reasons=tuple(ReasonCount(reason, 0) for reason in Reason),  # none given
    )
    assert stats.answered == 2
    assert stats.declined_share == pytest.approx(0.6)


def test_a_longer_window_takes_older_answers(known: Storage) -> None:
    stats = known.stats(30, guild_id=GUILD)
    assert (stats.asked, stats.declined, stats.helpful, stats.not_helpful) == (6, 3, 2, 4)
    # Both "Who is the mayor?" answers collected not-helpful votes (2 + 1).
    assert stats.top_not_helpful[0] == QuestionCount("Who is the mayor?", 3)
    assert stats.latency_p50_ms == 250.0  # [50, 100, 200, 300, 400, 1000]


def test_every_server_at_once(known: Storage) -> None:
    stats = known.stats(7, guild_id=None)
    assert (stats.asked, stats.declined, stats.not_helpful) == (6, 3, 4)
    assert stats.latency_p95_ms == pytest.approx(1000 + 0.75 * 4000)  # [100..1000, 5000]
    assert QuestionCount("Tides?", 1) in stats.top_not_helpful


def test_top_is_limited(known: Storage) -> None:
    stats = known.stats(7, guild_id=GUILD, top=1)
    assert stats.top_declined == (QuestionCount("WHAT IS THE GDP\tOF FRANCE ", 3),)
    assert stats.top_not_helpful == (QuestionCount("Who is the mayor?", 2),)
    assert known.stats(7, guild_id=GUILD, top=0).top_declined == ()
    with pytest.raises(ValueError, match="top"):
        known.stats(7, guild_id=GUILD, top=-1)


def test_equal_counts_put_the_latest_first(storage: Storage, clock: FakeClock) -> None:
    for question, days_ago in (("first", 3), ("second", 2), ("FIRST", 1.5), ("third", 1)):
        ask(storage, clock, question, answered=False, latency_ms=1, days_ago=days_ago)
    clock.now = T0
    assert storage.stats(7, guild_id=GUILD).top_declined == (
        QuestionCount("FIRST", 2),
        QuestionCount("third", 1),
        QuestionCount("second", 1),
    )


def test_nothing_asked(storage: Storage) -> None:
    stats = storage.stats(7, guild_id=GUILD)
    assert (stats.asked, stats.declined, stats.helpful, stats.not_helpful) == (0, 0, 0, 0)
    assert stats.declined_share == 0.0
    assert (stats.latency_p50_ms, stats.latency_p95_ms) == (None, None)
    assert (stats.top_declined, stats.top_not_helpful) == ((), ())


@pytest.mark.parametrize("days", [0, -1, 36_501, True, 1.5])
def test_stats_refuses_a_bad_window(storage: Storage, days: int) -> None:
    with pytest.raises(ValueError, match="days"):
        storage.stats(days, guild_id=None)


def test_normalize_question() -> None:
    assert normalize_question("  What  is\tthe\nGDP? ") == "what is the gdp?"
    assert normalize_question("STRASSE") == normalize_question("straße")  # casefold, not lower
    assert normalize_question("a\u00a0b") == "a b"  # non-breaking space is whitespace too
    assert normalize_question("why?") != normalize_question("why")  # punctuation kept


def test_percentile_small_cases() -> None:
    assert percentile([], 50) is None
    assert percentile([7.0], 95) == 7.0
    assert percentile([10, 20], 50) == 15.0
    assert percentile([100, 200, 300, 400, 1000], 95) == pytest.approx(880.0)
    assert percentile([1, 2, 3], 0) == 1.0
    assert percentile([1, 2, 3], 100) == 3.0
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def test_percentile_matches_numpy() -> None:
    rng = random.Random(4)
    for size in (1, 2, 3, 10, 99, 1000):
        values = sorted(rng.uniform(0, 5000) for _ in range(size))
        for q in (0, 5, 50, 95, 99, 100):
            assert percentile(values, q) == pytest.approx(float(np.percentile(values, q)))
