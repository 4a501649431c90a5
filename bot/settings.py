"""The bot's settings: the core's, plus what Discord needs.

One `Settings` object is read once at start-up (from the environment and `.env`) and handed to
everything else, so a test can start the real bot with a few environment variables and nothing
is read from the environment behind its back.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import NoDecode, SettingsConfigDict

from index import CoreSettings


class Settings(CoreSettings):
    """Everything `python -m bot` reads from the environment (see `.env.example`)."""

    # Merged with the core's config. An empty variable (as copied from `.env.example`) means
    # "use the default", not "invalid".
    model_config = SettingsConfigDict(env_ignore_empty=True)

    discord_token: SecretStr | None = Field(
        None,
        description="The bot's token (Developer Portal -> your application -> Bot -> Reset Token).",
    )
    dev_guild_id: int | None = Field(
        None,
        description="Sync slash commands to this server only (instant) instead of globally.",
    )
    ask_channel_ids: Annotated[tuple[int, ...], NoDecode] = Field(
        (),
        description=(
            "Comma-separated channel ids where every message is a question "
            "(needs the privileged message-content intent)."
        ),
    )
    moderator_role_id: int | None = Field(
        None,
        description="Members with this role may /reindex (default: the Manage Server permission).",
    )
    cooldown_seconds: float = Field(
        10.0, ge=0, description="Seconds a member waits between two questions (0: no cooldown)."
    )
    discord_api_base: str | None = Field(
        None,
        description="REST base of a Discord-compatible server, e.g. http://127.0.0.1:8080/api/v10.",
    )
    discord_gateway_url: str | None = Field(
        None, description="Gateway URL of a Discord-compatible server, e.g. ws://127.0.0.1:8080/."
    )
    guild_ready_timeout: float = Field(
        2.0, gt=0, description="Seconds to wait for servers to stream in before being ready."
    )
    log_level: str = Field("INFO", description="DEBUG, INFO, WARNING or ERROR.")

    @field_validator("discord_token", mode="before")
    @classmethod
    def _blank_token_is_missing(cls, value: Any) -> Any:
        # A token made of spaces is as missing as no token, and should be reported the same way.
        if isinstance(value, str) and not value.strip():
            return None
        return value.strip() if isinstance(value, str) else value

    @field_validator("ask_channel_ids", mode="before")
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        # "123, 456" from the environment; a list or tuple when built in code.
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        if isinstance(value, int):
            return (value,)
        return value

    @field_validator("discord_api_base", "discord_gateway_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        value = (value or "").strip()
        if not value:
            return None
        if "://" not in value:
            raise ValueError("must be a full URL such as http://127.0.0.1:8080/api/v10")
        return value

    @field_validator("discord_api_base")
    @classmethod
    def _no_trailing_slash(cls, value: str | None) -> str | None:
        # Routes are appended as "/users/@me": a trailing slash would double it.
        return value.rstrip("/") if value else value

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        level = value.strip().upper()
        if not isinstance(logging.getLevelNamesMapping().get(level), int):
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return level

    @property
    def wants_message_content(self) -> bool:
        """Whether the privileged message-content intent is needed (only for ask channels)."""
        return bool(self.ask_channel_ids)
