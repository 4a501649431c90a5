"""The bot's side of the answer log: opening it from the settings, retention, shutdown, shards.

Real SQLite files in tmp_path; no Discord (the whole start-up path runs in tests/e2e).
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from discord.ext import commands

from bot.client import (
    PURGE_AT,
    QuoteBot,
    ShardedQuoteBot,
    StorageUnavailable,
    create_bot,
    open_storage,
)
from bot.settings import Settings
from bot.storage import StorageClosed, VoteStatus

SALT = "a-secret-salt-of-32-characters!!"


def settings_for(data_dir: Path, **overrides: object) -> Settings:
    return Settings(_env_file=None, data_dir=data_dir, **overrides)  # type: ignore[arg-type]


def record(storage, member_id: int = 1) -> int:
    return storage.record_answer(
        guild_id=1, channel_id=2, member_id=member_id, question="q?", answered=True, latency_ms=1.0
    )


def test_the_salt_is_generated_once_and_members_are_recognised_after_a_restart(tmp_path):
    settings = settings_for(tmp_path)
    with open_storage(settings) as first:
        answer_id = record(first)
        assert first.vote(answer_id, 99, True).status is VoteStatus.NEW
    salt = settings.salt_file.read_text()
    with open_storage(settings) as second:
        assert second.vote(answer_id, 99, True).status is VoteStatus.UNCHANGED
    assert settings.salt_file.read_text() == salt
    assert (tmp_path / "quotebot.sqlite3").is_file()


def test_member_salt_is_used_instead_of_a_generated_one(tmp_path):
    settings = settings_for(tmp_path, member_salt=SALT)
    with open_storage(settings) as storage:
        record(storage)
    assert not settings.salt_file.exists()


def test_a_damaged_salt_file_is_reported_not_replaced(tmp_path):
    settings = settings_for(tmp_path)
    settings.salt_file.write_text("short\n")
    with pytest.raises(StorageUnavailable, match="member-salt does not hold a usable salt"):
        open_storage(settings)
    assert settings.salt_file.read_text() == "short\n"


def test_an_unreachable_server_database_is_reported_without_its_password(tmp_path):
    # Port 1 on this machine: refused at once (nothing is sent anywhere).
    url = "postgresql+psycopg://quotebot:hunter2-secret@127.0.0.1:1/quotebot"
    settings = settings_for(tmp_path, database_url=url, member_salt=SALT)
    with pytest.raises(StorageUnavailable) as raised:
        open_storage(settings)
    message = str(raised.value)
    assert message.startswith("cannot open the answer log at postgresql+psycopg://quotebot:***@")
    assert "hunter2" not in message


def test_without_shards_the_bot_is_a_plain_bot(tmp_path):
    bot = create_bot(settings_for(tmp_path))
    assert type(bot) is QuoteBot
    assert bot.shard_count is None


def test_shard_settings_make_an_auto_sharded_bot(tmp_path):
    bot = create_bot(settings_for(tmp_path, shard_count=4, shard_ids="2,3"))
    assert isinstance(bot, ShardedQuoteBot)
    assert isinstance(bot, QuoteBot) and isinstance(bot, commands.AutoShardedBot)
    assert (bot.shard_count, bot.shard_ids) == (4, [2, 3])
    every = create_bot(settings_for(tmp_path, shard_count=2))
    assert (every.shard_count, every.shard_ids) == (2, None)  # discord.py runs them all


def test_the_daily_purge_runs_at_a_fixed_time_each_day(tmp_path):
    bot = QuoteBot(settings_for(tmp_path))
    assert bot._purge_daily.time == [PURGE_AT]


async def test_a_retention_of_zero_keeps_everything(tmp_path):
    bot = QuoteBot(settings_for(tmp_path, retention_days=0))
    assert await bot.purge_old_answers() == 0  # the storage is not even needed


async def test_a_failed_daily_purge_is_logged_and_tried_again_tomorrow(tmp_path, caplog):
    bot = QuoteBot(settings_for(tmp_path))
    storage = open_storage(bot.settings)
    storage.close()  # any database failure will do
    bot._storage = storage
    with caplog.at_level(logging.ERROR, logger="bot.client"):
        await bot._purge_daily()  # one run of the loop's body: it must not raise
    (failure,) = caplog.records
    assert failure.getMessage().startswith("the daily purge of the answer log failed")
    assert isinstance(failure.exc_info[1], StorageClosed)


async def test_closing_the_bot_closes_the_answer_log(tmp_path):
    bot = QuoteBot(settings_for(tmp_path))
    bot._storage = open_storage(bot.settings)
    await bot.close()
    with pytest.raises(StorageClosed):
        record(bot.storage)
