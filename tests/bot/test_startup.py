"""Start-up pieces that need no Discord: the missing-token exit, logging, endpoints, intents."""

from __future__ import annotations

import logging

import discord
import pytest
import yarl

from bot.app import (
    MISSING_TOKEN,
    OneLineFormatter,
    RedactFilter,
    amain,
    configure_logging,
    discord_endpoints,
)
from bot.client import QuoteBot, intents_for
from bot.cogs.ask import question_in
from bot.settings import Settings


async def test_missing_token_exits_2_with_one_clear_line(capsys):
    status = await amain(Settings(_env_file=None, discord_token=None))
    assert status == 2
    err = capsys.readouterr().err
    assert err == MISSING_TOKEN + "\n"
    assert "DISCORD_TOKEN" in err
    assert "python -m index ask" in err


async def test_invalid_settings_exit_2_naming_the_variable(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.setenv("DEV_GUILD_ID", "my-server")
    assert await amain() == 2
    err = capsys.readouterr().err
    assert err.startswith("bot: invalid settings: DEV_GUILD_ID:")
    assert err.count("\n") == 1


def make_record(message: str, *args: object, exc: BaseException | None = None) -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc else None
    return logging.LogRecord("bot.test", logging.ERROR, __file__, 1, message, args, exc_info)


def test_one_line_per_event_even_with_a_traceback():
    try:
        raise ValueError("boom\nsecond line")
    except ValueError as exc:
        record = make_record("question %r failed", "a\nb", exc=exc)
    line = OneLineFormatter("%(levelname)s %(message)s").format(record)
    assert "\n" not in line
    assert line.startswith("ERROR question 'a\\nb' failed\\nTraceback")
    assert "ValueError: boom\\nsecond line" in line


def test_the_token_is_redacted_wherever_it_appears():
    record = make_record("connecting with %s", "secret.token.value")
    assert RedactFilter("secret.token.value").filter(record)
    assert record.getMessage() == "connecting with [token]"
    untouched = make_record("nothing to hide %d", 3)
    RedactFilter("secret.token.value").filter(untouched)
    assert untouched.getMessage() == "nothing to hide 3"


def test_configure_logging_twice_keeps_one_handler():
    root = logging.getLogger()
    before = list(root.handlers)
    level = root.level
    try:
        configure_logging("INFO", secret="x")
        configure_logging("DEBUG", secret="x")
        ours = [h for h in root.handlers if h.get_name() == "bot.stderr"]
        assert len(ours) == 1
        assert root.level == logging.DEBUG
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
        root.setLevel(level)


def test_endpoints_point_discord_py_elsewhere_and_are_restored():
    settings = Settings(
        _env_file=None,
        discord_api_base="http://127.0.0.1:9/api/v10",
        discord_gateway_url="ws://127.0.0.1:9/",
    )

    def endpoints() -> tuple[str, yarl.URL]:
        return discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY

    before = endpoints()
    with discord_endpoints(settings):
        assert endpoints() == ("http://127.0.0.1:9/api/v10", yarl.URL("ws://127.0.0.1:9/"))
    assert endpoints() == before


def test_message_content_is_requested_only_for_ask_channels():
    plain = intents_for(Settings(_env_file=None))
    assert plain.guilds and plain.guild_messages
    assert not plain.message_content
    assert not plain.presences and not plain.members and not plain.typing
    assert intents_for(Settings(_env_file=None, ask_channel_ids=[1])).message_content


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("<@99> Where was it signed?", "Where was it signed?"),
        ("<@!99>   Where?  ", "Where?"),
        ("Where, <@99>?", "Where, ?"),
        ("<@99>", ""),
        ("<@&7> and <@99> who signed?\nAnd when?", "and who signed? And when?"),
        ("@everyone @here <#5> <@12> why?", "why?"),
        ("an email@example.com address", "an email@example.com address"),
    ],
)
def test_mentions_are_taken_out_of_the_question(text, question):
    assert question_in(text) == question


async def test_events_after_close_are_dropped_not_failed():
    # discord.py's pending "ready" timer can fire after a quick stop; it must not raise.
    bot = QuoteBot(Settings(_env_file=None))
    await bot.close()
    bot.dispatch("ready")
    bot.dispatch("message", object())
