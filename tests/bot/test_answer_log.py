"""What the ask cog writes to the answer log, against a real SQLite file (no Discord, no model).

Answers are built by hand; the engine is not involved, only what the cog records of them.
"""

from __future__ import annotations

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


def rows(tmp_path: Path) -> list[tuple]:
    database = sqlite3.connect(tmp_path / "quotebot.sqlite3")
    try:
        return database.execute(
            "SELECT guild_id, channel_id, user_hash, question, answered, sources, scores, "
            "latency_ms FROM answers ORDER BY id"
        ).fetchall()
    finally:
        database.close()


async def test_an_answer_is_logged_with_its_quoted_sources_in_order(cog: Ask, tmp_path: Path):
    answer = Answer("Where?", True, (quote("b-source", 0.9), quote("a-source", 0.7)))
    answer_id = await cog._log(answer, ASKED, 321.5)
    assert answer_id == 1
    ((guild, channel, user_hash, question, answered, sources, scores, latency),) = rows(tmp_path)
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
    await cog._log(answer, ASKED, 10.0)
    ((*_, answered, sources, scores, _latency),) = rows(tmp_path)
    assert (answered, json.loads(sources), json.loads(scores)) == (0, [], [])


async def test_a_direct_message_has_no_server(cog: Ask, tmp_path: Path):
    await cog._log(Answer("Where?", False), Asked(403, None, 77), 1.0)
    ((guild, channel, *_),) = rows(tmp_path)
    assert (guild, channel) == (None, 77)


async def test_a_database_failure_is_logged_not_raised(cog: Ask, caplog):
    cog.bot.storage.close()
    with caplog.at_level(logging.ERROR, logger="bot.cogs.ask"):
        answer_id = await cog._log(Answer("Where?", True, (quote("a", 0.8),)), ASKED, 1.0)
    assert answer_id is None  # the cog then sends the answer without vote buttons
    (failure,) = caplog.records
    assert failure.getMessage() == "logging the answer failed; it is sent without feedback buttons"
