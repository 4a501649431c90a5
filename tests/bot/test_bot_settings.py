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
