"""What the ask cog writes to the answer log, against a real SQLite file (no Discord, no model).

Answers are built by hand; the engine is not involved, only what the cog records of them. The
row is written in the background (the answer is sent meanwhile), so each test waits for the
pending write (`answer_log.flush()` / `settled()`) before reading the file.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from pathlib import Path

import pytest

from bot.client import QuoteBot, open_storage
from bot.cogs.ask import Ask, Asked
from bot.settings import Settings
from index import Answer, Quote, Source

ASKED = Asked(member_id=403, guild_id=100, channel_id=301)


def quote(source_id: str, score: float) -> Quote:
    return Quote("Words.", Source(source_id, "A title"), score, 0, 6, "chunk")


@pytest.fixture
async def cog(tmp_path: Path):
    bot = QuoteBot(Settings(_env_file=None, data_dir=tmp_path, member_salt="s" * 32))
    bot._storage = open_storage(bot.settings)  # what setup_hook does, without the index
    yield Ask(bot)
    await bot.close()


def rows(tmp_path: Path, columns: str = "") -> list[tuple]:
    database = sqlite3.connect(tmp_path / "quotebot.sqlite3")
    try:
        return database.execute(
            f"SELECT {columns}guild_id, channel_id, user_hash, question, answered, sources, "
            "scores, latency_ms FROM answers ORDER BY id"
        ).fetchall()
    finally:
        database.close()


async def logged(cog: Ask, answer: Answer, asked: Asked, latency_ms: float) -> int | None:
    """What `_answer` does: start logging; then wait for the row (the answer went out already)."""
    answer_id = cog._log(answer, asked, latency_ms)
    assert await cog.bot.answer_log.flush(timeout=30) == 0
    return answer_id


async def test_an_answer_is_logged_with_its_quoted_sources_in_order(cog: Ask, tmp_path: Path):
    answer = Answer("Where?", True, (quote("b-source", 0.9), quote("a-source", 0.7)))
    answer_id = await logged(cog, answer, ASKED, 321.5)
    ((row_id, guild, channel, user_hash, question, answered, sources, scores, latency),) = rows(
        tmp_path, "id, "
    )
    assert row_id == answer_id  # the id the buttons carry, made before the row was written
    assert (guild, channel, question, answered, latency) == (100, 301, "Where?", 1, 321.5)
    assert json.loads(sources) == ["b-source", "a-source"]
    assert json.loads(scores) == [0.9, 0.7]
    assert len(user_hash) == 64 and "403" not in user_hash


@pytest.mark.parametrize(
    "answer",
    [
        Answer("Capital of Australia?", False, suggestion="The articles cover trade."),
        Answer("Odd?", True, ()),  # "answered" without quotes is shown as a decline
    ],
)
async def test_a_decline_is_logged_as_declined_with_nothing_quoted(cog, tmp_path, answer):
    await logged(cog, answer, ASKED, 10.0)
    ((*_, answered, sources, scores, _latency),) = rows(tmp_path)
    assert (answered, json.loads(sources), json.loads(scores)) == (0, [], [])


async def test_a_direct_message_has_no_server(cog: Ask, tmp_path: Path):
    await logged(cog, Answer("Where?", False), Asked(403, None, 77), 1.0)
    ((guild, channel, *_),) = rows(tmp_path)
    assert (guild, channel) == (None, 77)


async def test_a_database_failure_is_logged_not_raised(cog: Ask, caplog):
    cog.bot.storage.close()
    with caplog.at_level(logging.ERROR, logger="bot.answer_log"):
        answer_id = cog._log(Answer("Where?", True, (quote("a", 0.8),)), ASKED, 1.0)
        assert answer_id is not None  # the answer is sent at once, buttons and all
        # A vote on it is then told the truth (see the feedback cog), not "too old".
        assert await cog.bot.answer_log.settled(answer_id) is False
    (failure,) = caplog.records
    assert failure.getMessage() == (
        f"logging answer {answer_id} failed; votes on it cannot be recorded"
    )


async def test_a_locked_database_delays_only_the_row_not_the_answer(cog: Ask, tmp_path: Path):
    """Another process holds the write lock: the id is there at once, the row when it can be."""
    holder = sqlite3.connect(tmp_path / "quotebot.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # the write lock, as a long transaction elsewhere holds it
    try:
        answer_id = cog._log(Answer("Where?", True, (quote("a", 0.8),)), ASKED, 1.0)
        assert answer_id is not None
        assert cog.bot.answer_log.pending == 1  # still waiting for the lock
        settled = asyncio.ensure_future(cog.bot.answer_log.settled(answer_id))
        await asyncio.sleep(0)  # let the vote start waiting before the lock is released
        assert not settled.done()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert await asyncio.wait_for(settled, timeout=30) is True
    assert [row[0] for row in rows(tmp_path, "id, ")] == [answer_id]
    assert cog.bot.answer_log.pending == 0
