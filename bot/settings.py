"""The bot's settings: the core's, plus what Discord and the answer log need.

One `Settings` object is read once at start-up (from the environment and `.env`) and handed to
everything else, so a test can start the real bot with a few environment variables and nothing
is read from the environment behind its back. Everything is checked here, so a bad value ends
the bot at once with the variable's name rather than half-way through connecting.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Any, Self

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.storage import default_database_url
from bot.storage._salt import check_salt  # the storage layer's own rule, not a copy of it
from index import CoreSettings

SALT_FILE = "member-salt"
MAX_RETENTION_DAYS = 36_500


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
        description=(
            "Members with this role may run moderator commands such as /reindex and /stats "
            "(default: the Manage Server permission)."
        ),
    )
    cooldown_seconds: float = Field(
        10.0, ge=0, description="Seconds a member waits between two questions (0: no cooldown)."
    )
    ask_threads: bool = Field(
        False,
        description=(
            "In text ask channels, answer each question in a new thread named after it "
            "(follow-ups go in the thread). Forum ask channels always answer in the post."
        ),
    )
    notice_seconds: float = Field(
        8.0,
        gt=0,
        le=600,
        description=(
            "Seconds before a notice meant for one member (cooldown, a refused question, an "
            "error) is deleted from a channel; interactions get private notices instead."
        ),
    )
    menu_private: bool = Field(
        True,
        description=(
            "Answers to the 'Ask quotebot' message menu are shown only to the member who asked "
            "(false: posted in the channel)."
        ),
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
    # repr=False: a server database's URL carries its password.
    database_url: str = Field(
        "",
        repr=False,
        description=(
            "SQLAlchemy URL of the answer log (default: a SQLite file in DATA_DIR); shard "
            "processes on several machines share one server database."
        ),
    )
    member_salt: SecretStr | None = Field(
        None,
        description=(
            "Secret keying the hashes that stand for member ids in the log (default: generated "
            "once in DATA_DIR/member-salt); every shard process needs the same one."
        ),
    )
    retention_days: int = Field(
        90,
        ge=0,
        le=MAX_RETENTION_DAYS,
        description="Days questions and votes are kept (purged at start-up and daily; 0: forever).",
    )
    shard_count: int | None = Field(
        None,
        ge=1,
        description="Total gateway shards of the deployment (default: one connection, no sharding).",
    )
    shard_ids: Annotated[tuple[int, ...], NoDecode] = Field(
        (),
        description="Comma-separated shards this process runs (default: all of SHARD_COUNT).",
    )

    @field_validator("discord_token", mode="before")
    @classmethod
    def _blank_token_is_missing(cls, value: Any) -> Any:
        # A token made of spaces is as missing as no token, and should be reported the same way.
        if isinstance(value, str) and not value.strip():
            return None
        return value.strip() if isinstance(value, str) else value

    @field_validator("ask_channel_ids", "shard_ids", mode="before")
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

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        value = value.strip()
        if not value:
            return value
        try:
            url = make_url(value)
        except ArgumentError:
            raise ValueError(
                "must be a SQLAlchemy URL such as sqlite:///data/quotebot.sqlite3 or "
                "postgresql+psycopg://user:password@host/quotebot"
            ) from None
        if url.drivername in ("postgres", "postgresql"):
            # Platforms' Postgres add-ons set DATABASE_URL=postgres://..., which SQLAlchemy no
            # longer reads, and plain postgresql:// means psycopg2; psycopg 3 is the documented
            # driver. An explicit driver (postgresql+psycopg2://) is left as chosen.
            value = url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
        return value

    @field_validator("member_salt", mode="before")
    @classmethod
    def _salt(cls, value: Any) -> Any:
        # Checked here so that a short salt is refused by name, before anything starts.
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if isinstance(value, str):
            return check_salt(value) if value.strip() else None
        return value

    @model_validator(mode="after")
    def _defaults_and_shards(self) -> Self:
        if not self.database_url:
            self.database_url = default_database_url(self.data_dir)
        if self.shard_ids:
            if self.shard_count is None:
                raise ValueError("SHARD_IDS needs SHARD_COUNT, the deployment's total of shards")
            outside = [i for i in self.shard_ids if not 0 <= i < self.shard_count]
            if outside:
                raise ValueError(
                    f"SHARD_IDS {outside} are outside 0..{self.shard_count - 1} (SHARD_COUNT "
                    f"is {self.shard_count})"
                )
            if len(set(self.shard_ids)) != len(self.shard_ids):
                raise ValueError("SHARD_IDS lists a shard twice")
        return self

    @property
    def salt_file(self) -> Path:
        """Where the member-id salt is generated and kept when MEMBER_SALT is not set."""
        return self.data_dir / SALT_FILE

    @property
    def sharded(self) -> bool:
        """Whether the bot connects as shards (discord.py's AutoShardedBot)."""
        return self.shard_count is not None

    @property
    def runs_shard_zero(self) -> bool:
        """Whether this process runs shard 0, which alone syncs slash commands.

        Commands belong to the application, not to a shard: one process syncing them is enough,
        and Discord rate-limits syncs hard.
        """
        return not self.shard_ids or 0 in self.shard_ids

    def scale_out_warning(self) -> str | None:
        """What may split the answer log when this process runs only some of the shards.

        Other processes then run the rest, and they must share one log and one salt: a SQLite
        file only works for processes on one machine, and a salt generated per data folder
        would hash one member differently in each process (one vote per member would break).
        """
        if not self.shard_ids or self.shard_count is None:
            return None
        if len(self.shard_ids) == self.shard_count:
            return None
        risks = []
        if make_url(self.database_url).get_backend_name() == "sqlite":
            risks.append("DATABASE_URL is a SQLite file (fine only if all run on this machine)")
        if self.member_salt is None:
            risks.append(f"MEMBER_SALT is not set (fine only if all share {self.salt_file})")
        if not risks:
            return None
        return (
            f"this process runs shards {list(self.shard_ids)} of {self.shard_count}; the "
            "processes running the others must use the same DATABASE_URL and MEMBER_SALT: "
            + "; ".join(risks)
        )

    @property
    def wants_message_content(self) -> bool:
        """Whether the privileged message-content intent is needed (only for ask channels)."""
        return bool(self.ask_channel_ids)
