"""The tree's one error handler, with a hand-written stand-in for an interaction.

This tests the bot layer's dispatch only: what is logged and what the member is told.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import discord
from discord import app_commands

from bot.checks import REFUSAL, NotModerator
from bot.errors import on_app_command_error
from bot.render import APOLOGY


@dataclass
class Sent:
    text: str
    ephemeral: bool


@dataclass
class Response:
    done: bool = False
    sent: list[Sent] = field(default_factory=list)

    def is_done(self) -> bool:
        return self.done

    async def send_message(self, text: str, *, ephemeral: bool = False, **_: Any) -> None:
        self.sent.append(Sent(text, ephemeral))
        self.done = True


@dataclass
class Followup:
    sent: list[Sent] = field(default_factory=list)

    async def send(self, text: str, *, ephemeral: bool = False, **_: Any) -> None:
        self.sent.append(Sent(text, ephemeral))


@dataclass
class Command:
    name: str = "ask"

    @property
    def qualified_name(self) -> str:
        return self.name


@dataclass
class User:
    id: int = 403

    def __str__(self) -> str:
        return "reader"


@dataclass
class Interaction:
    response: Response = field(default_factory=Response)
    followup: Followup = field(default_factory=Followup)
    command: Command = field(default_factory=Command)
    user: User = field(default_factory=User)
    channel_id: int = 301
    guild_id: int = 100


def failure() -> app_commands.CommandInvokeError:
    try:
        raise KeyError("the real cause")
    except KeyError as exc:
        return app_commands.CommandInvokeError(Command(), exc)  # type: ignore[arg-type]


async def test_an_unexpected_error_is_logged_with_where_and_who_and_apologised_for(caplog):
    interaction = Interaction()
    with caplog.at_level(logging.INFO, logger="bot"):
        await on_app_command_error(interaction, failure())  # type: ignore[arg-type]
    (record,) = caplog.records
    assert record.levelno == logging.ERROR
    assert record.getMessage() == "/ask by reader (403) in channel 301 of server 100 failed"
    assert record.exc_info and isinstance(record.exc_info[1], KeyError)  # the cause, unwrapped
    assert interaction.response.sent == [Sent(APOLOGY, ephemeral=True)]
    assert "Traceback" not in APOLOGY and "KeyError" not in APOLOGY


async def test_after_a_defer_the_apology_is_a_private_follow_up():
    interaction = Interaction(response=Response(done=True))
    await on_app_command_error(interaction, failure())  # type: ignore[arg-type]
    assert interaction.followup.sent == [Sent(APOLOGY, ephemeral=True)]


async def test_a_non_moderator_is_refused_privately_and_it_is_no_error(caplog):
    interaction = Interaction(command=Command("reindex"))
    with caplog.at_level(logging.INFO, logger="bot"):
        await on_app_command_error(interaction, NotModerator(REFUSAL))  # type: ignore[arg-type]
    assert interaction.response.sent == [Sent(REFUSAL, ephemeral=True)]
    assert all(r.levelno < logging.WARNING for r in caplog.records)


async def test_an_expired_interaction_is_only_a_warning(caplog):
    class Gone(Response):
        async def send_message(self, text: str, **_: Any) -> None:
            raise discord.NotFound(FakeHTTPResponse(), "Unknown interaction")

    interaction = Interaction(response=Gone())
    with caplog.at_level(logging.INFO, logger="bot"):
        await on_app_command_error(interaction, NotModerator(REFUSAL))  # type: ignore[arg-type]
    assert [r.levelname for r in caplog.records] == ["INFO", "WARNING"]


class FakeHTTPResponse:
    status = 404
    reason = "Not Found"
