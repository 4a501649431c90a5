"""The bot's settings, read from the environment as `python -m bot` reads them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.settings import Settings

NAMES = (
    "DISCORD_TOKEN",
    "DEV_GUILD_ID",
    "ASK_CHANNEL_IDS",
    "MODERATOR_ROLE_ID",
    "COOLDOWN_SECONDS",
    "DISCORD_API_BASE",
    "DISCORD_GATEWAY_URL",
    "GUILD_READY_TIMEOUT",
    "LOG_LEVEL",
    "DATA_DIR",
    "DATABASE_URL",
    "MEMBER_SALT",
    "RETENTION_DAYS",
    "SHARD_COUNT",
    "SHARD_IDS",
    "ASK_THREADS",
    "NOTICE_SECONDS",
    "MENU_PRIVATE",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch):
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)


def read(monkeypatch: pytest.MonkeyPatch, **env: str) -> Settings:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return Settings(_env_file=None)


def test_defaults_need_nothing_but_leave_the_token_missing(monkeypatch):
    settings = read(monkeypatch)
    assert settings.discord_token is None
    assert settings.dev_guild_id is None
    assert settings.ask_channel_ids == ()
    assert settings.moderator_role_id is None
    assert settings.cooldown_seconds == 10
    assert settings.discord_api_base is None
    assert settings.log_level == "INFO"
    assert not settings.wants_message_content
    assert (settings.ask_threads, settings.notice_seconds, settings.menu_private) == (
        False,
        8.0,
        True,
    )


def test_everything_from_the_environment(monkeypatch):
    settings = read(
        monkeypatch,
        DISCORD_TOKEN=" abc.def ",
        DEV_GUILD_ID="123",
        ASK_CHANNEL_IDS="456, 789,",
        MODERATOR_ROLE_ID="42",
        COOLDOWN_SECONDS="2.5",
        DISCORD_API_BASE="http://127.0.0.1:8080/api/v10/",
        DISCORD_GATEWAY_URL="ws://127.0.0.1:8080/",
        LOG_LEVEL="debug",
    )
    assert settings.discord_token is not None
    assert settings.discord_token.get_secret_value() == "abc.def"
    assert "abc.def" not in repr(settings)
    assert settings.dev_guild_id == 123
    assert settings.ask_channel_ids == (456, 789)
    assert settings.wants_message_content
    assert settings.moderator_role_id == 42
    assert settings.cooldown_seconds == 2.5
    assert settings.discord_api_base == "http://127.0.0.1:8080/api/v10"
    assert settings.discord_gateway_url == "ws://127.0.0.1:8080/"
    assert settings.log_level == "DEBUG"


def test_a_single_ask_channel(monkeypatch):
    assert read(monkeypatch, ASK_CHANNEL_IDS="456").ask_channel_ids == (456,)


def test_empty_values_copied_from_env_example_mean_defaults(monkeypatch):
    settings = read(monkeypatch, DISCORD_TOKEN="", DEV_GUILD_ID="", ASK_CHANNEL_IDS="")
    assert settings.discord_token is None
    assert settings.dev_guild_id is None
    assert settings.ask_channel_ids == ()


def test_a_blank_token_is_missing(monkeypatch):
    assert read(monkeypatch, DISCORD_TOKEN="   ").discord_token is None


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DEV_GUILD_ID", "my-server"),
        ("ASK_CHANNEL_IDS", "12,general"),
        ("COOLDOWN_SECONDS", "-1"),
        ("DISCORD_API_BASE", "127.0.0.1:8080"),
        ("LOG_LEVEL", "chatty"),
        ("DATABASE_URL", "not a url"),
        ("MEMBER_SALT", "too-short"),
        ("RETENTION_DAYS", "-1"),
        ("RETENTION_DAYS", "ninety"),
        ("SHARD_COUNT", "0"),
        ("SHARD_IDS", "0,1"),  # without SHARD_COUNT
    ],
)
def test_invalid_values_are_refused(monkeypatch, name, value):
    with pytest.raises(ValidationError):
        read(monkeypatch, **{name: value})


def test_built_in_code_too():
    settings = Settings(_env_file=None, ask_channel_ids=[1, 2], discord_token="t")
    assert settings.ask_channel_ids == (1, 2)


ENV_EXAMPLE = Path(__file__).resolve().parents[2] / ".env.example"


def test_env_example_documents_every_setting():
    documented = set(re.findall(r"^([A-Z_]+)=", ENV_EXAMPLE.read_text(), re.MULTILINE))
    assert documented == {name.upper() for name in Settings.model_fields}


def test_env_example_as_copied_is_valid_and_only_lacks_the_token():
    settings = Settings(_env_file=ENV_EXAMPLE)
    assert settings.discord_token is None
    assert settings.ask_channel_ids == ()


# --- the answer log and sharding ---------------------------------------------------------------

SALT = "a-secret-salt-of-32-characters!!"


def test_the_answer_log_defaults_to_a_sqlite_file_in_the_data_folder(monkeypatch, tmp_path):
    settings = read(monkeypatch, DATA_DIR=str(tmp_path))
    assert settings.database_url == f"sqlite:///{tmp_path.as_posix()}/quotebot.sqlite3"
    assert settings.member_salt is None
    assert settings.salt_file == tmp_path / "member-salt"
    assert settings.retention_days == 90
    assert (settings.shard_count, settings.shard_ids, settings.sharded) == (None, (), False)
    assert settings.runs_shard_zero
    assert settings.scale_out_warning() is None


def test_secrets_of_the_answer_log_stay_out_of_repr(monkeypatch):
    settings = read(
        monkeypatch,
        DATABASE_URL="postgresql+psycopg://bot:hunter2-password@db.example/quotebot",
        MEMBER_SALT=f"  {SALT}  ",
        RETENTION_DAYS="0",
    )
    assert settings.database_url.endswith("@db.example/quotebot")
    assert settings.member_salt is not None
    assert settings.member_salt.get_secret_value() == SALT  # stripped, as the storage keys it
    assert settings.retention_days == 0
    assert "hunter2" not in repr(settings)
    assert SALT not in repr(settings)


@pytest.mark.parametrize(
    ("given", "used"),
    [
        # As a platform's Postgres add-on sets it (SQLAlchemy no longer reads "postgres://").
        ("postgres://u:p%40ss@db:5432/q", "postgresql+psycopg://u:p%40ss@db:5432/q"),
        ("postgresql://u@db/q", "postgresql+psycopg://u@db/q"),
        ("postgresql+psycopg2://u@db/q", "postgresql+psycopg2://u@db/q"),
        ("sqlite:////srv/bot/log.sqlite3", "sqlite:////srv/bot/log.sqlite3"),
    ],
)
def test_postgres_urls_use_the_documented_driver(monkeypatch, given, used):
    assert read(monkeypatch, DATABASE_URL=given).database_url == used


def test_a_blank_salt_means_generate_one(monkeypatch):
    assert read(monkeypatch, MEMBER_SALT="    ").member_salt is None


def test_shards_of_a_large_deployment(monkeypatch):
    settings = read(monkeypatch, SHARD_COUNT="4", SHARD_IDS="2, 3")
    assert (settings.shard_count, settings.shard_ids) == (4, (2, 3))
    assert settings.sharded
    assert not settings.runs_shard_zero  # another process syncs the commands
    assert read(monkeypatch, SHARD_COUNT="4", SHARD_IDS="0,1").runs_shard_zero


def test_a_shard_count_alone_runs_every_shard_in_this_process(monkeypatch):
    settings = read(monkeypatch, SHARD_COUNT="2")
    assert settings.sharded and settings.shard_ids == ()
    assert settings.runs_shard_zero
    assert settings.scale_out_warning() is None


@pytest.mark.parametrize(
    ("ids", "problem"),
    [("4", r"\[4\] are outside 0\.\.3"), ("1,1", "twice"), ("-1", "outside")],
)
def test_shard_ids_must_be_shards_of_the_count(monkeypatch, ids, problem):
    with pytest.raises(ValidationError, match=problem):
        read(monkeypatch, SHARD_COUNT="4", SHARD_IDS=ids)


def test_a_partial_shard_process_is_warned_about_what_it_must_share(monkeypatch):
    local = read(monkeypatch, SHARD_COUNT="4", SHARD_IDS="0,1")
    warning = local.scale_out_warning()
    assert warning is not None
    assert "SQLite" in warning and "MEMBER_SALT is not set" in warning
    shared = read(
        monkeypatch,
        SHARD_COUNT="4",
        SHARD_IDS="0,1",
        DATABASE_URL="postgresql+psycopg://bot@db.example/quotebot",
        MEMBER_SALT=SALT,
    )
    assert shared.scale_out_warning() is None
    everything = read(monkeypatch, SHARD_COUNT="2", SHARD_IDS="1,0")
    assert everything.scale_out_warning() is None


def test_conversation_settings_from_the_environment(monkeypatch):
    settings = read(monkeypatch, ASK_THREADS="true", NOTICE_SECONDS="0.5", MENU_PRIVATE="false")
    assert (settings.ask_threads, settings.notice_seconds, settings.menu_private) == (
        True,
        0.5,
        False,
    )


@pytest.mark.parametrize("value", ["0", "-1", "601", "soon"])
def test_a_notice_must_stay_a_while_and_go(monkeypatch, value):
    with pytest.raises(ValidationError, match="notice_seconds"):
        read(monkeypatch, NOTICE_SECONDS=value)
