"""The real bot, started as in production, against the local fake Discord, with the real core.

Every test starts `python -m bot`'s code path (`bot.app.amain()`, settings from environment
variables) against a fresh FakeDiscord. The index is built once per session from a copy of the
seeds; each bot then loads it from disk, which is quick once the model's libraries are imported.
The conftest fails any test during which discord.py or the bot logged an ERROR.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.app import amain
from bot.settings import Settings

from .bot_harness import (
    CorpusDirs,
    RunningBot,
    bot_environment,
    captured_logs,
    copy_of,
    running_bot,
    set_environment,
)
from .fake_discord import (
    APPLICATION_ID,
    BOT_USER_ID,
    FLAG_EPHEMERAL,
    GENERAL_CHANNEL_ID,
    GUILD_ID,
    MEMBER_ID,
    MODERATOR_ID,
    OTHER_BOT_ID,
    OWNER_ID,
    FakeDiscord,
)

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
MENTION = f"<@{BOT_USER_ID}>"
SIGNED_WHERE = "Where was the agreement signed?"
OUT_OF_SCOPE = "How do I bake a loaf of sourdough bread?"
MESSAGES = f"/channels/{GENERAL_CHANNEL_ID}/messages"
TYPING = f"/channels/{GENERAL_CHANNEL_ID}/typing"
CALLBACK_MESSAGE, CALLBACK_DEFERRED = 4, 5


@dataclass(frozen=True)
class Corpus:
    seeds_dir: Path
    data_dir: Path


def seed_titles() -> list[str]:
    metadata = tomllib.loads((SEEDS / "sources.toml").read_text(encoding="utf-8"))
    return [entry["title"] for entry in metadata.values()]


def copy_corpus(corpus: Corpus, into: Path) -> Corpus:
    """A private copy of the seeds and the built index, for a test that changes them."""
    copy = Corpus(into / "seeds", into / "data")
    shutil.copytree(corpus.seeds_dir, copy.seeds_dir)
    shutil.copytree(corpus.data_dir, copy.data_dir)
    copy.seeds_dir.chmod(0o755)
    return copy


@pytest.fixture(scope="session")
def corpus(built_corpus: CorpusDirs, tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """The session's built corpus, copied once: these bots share one answer log in it."""
    copy = copy_of(built_corpus, tmp_path_factory.mktemp("corpus"))
    return Corpus(copy.seeds_dir, copy.data_dir)


async def ask_by_mention(
    fake: FakeDiscord, question: str, *, author: int = MEMBER_ID
) -> tuple[dict, dict]:
    """Post a question mentioning the bot; return the question and the bot's reply to it."""
    since = fake.mark()
    posted = await fake.post_message(GENERAL_CHANNEL_ID, author, f"{MENTION} {question}")
    reply = await fake.wait_for_message(
        GENERAL_CHANNEL_ID,
        since=since,
        predicate=lambda m: m.get("message_reference", {}).get("message_id") == posted["id"],
    )
    return posted, reply


def description(message: dict) -> str:
    (embed,) = message["embeds"]
    return embed["description"]


# --- start-up ---------------------------------------------------------------------------------


async def test_starts_as_in_production_logs_in_and_syncs_commands_once(
    fake_discord: FakeDiscord, bot: RunningBot
):
    assert (await fake_discord.wait_for_request("GET", "/users/@me")).authorized
    await fake_discord.wait_for_request("GET", "/oauth2/applications/@me")
    synced = [
        r for r in fake_discord.requests if r.method == "PUT" and r.route.endswith("/commands")
    ]
    assert [r.path for r in synced] == [
        f"/applications/{APPLICATION_ID}/guilds/{GUILD_ID}/commands"
    ]
    names = {c["name"]: c for c in fake_discord.commands[GUILD_ID]}
    assert set(names) == {
        "ask",
        "sources",
        "source",
        "reindex",
        "stats",
        "ingest",
        "remove",
        "help",
        "Ask quotebot",
    }
    assert names["Ask quotebot"]["type"] == 3  # a message command (Apps menu)
    question, private = names["ask"]["options"]
    assert (question["name"], question["required"], question["max_length"]) == (
        "question",
        True,
        2000,
    )
    assert (private["name"], private.get("required", False)) == ("private", False)
    assert names["reindex"]["default_member_permissions"] == "32"  # Manage Server
    assert names["source"]["options"][0]["autocomplete"] is True
    assert all(c["description"] for c in names.values() if c.get("type", 1) == 1)

    (identify,) = fake_discord.identifies
    assert identify["intents"] == (1 << 0) | (1 << 9)  # guilds, guild messages: nothing privileged
    assert any("index ready: " in line for line in bot.log_lines)
    assert not any(fake_discord.token in line for line in bot.log_lines)
    assert not fake_discord.unexpected_requests


async def test_ask_channels_request_the_message_content_intent_and_answer_unmentioned(
    fake_discord: FakeDiscord, corpus: Corpus, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    env = bot_environment(
        fake_discord, corpus.seeds_dir, corpus.data_dir, ASK_CHANNEL_IDS=str(GENERAL_CHANNEL_ID)
    )
    async with running_bot(fake_discord, monkeypatch, tmp_path, env):
        (identify,) = fake_discord.identifies
        assert identify["intents"] & (1 << 15)
        posted = await fake_discord.post_message(GENERAL_CHANNEL_ID, MEMBER_ID, SIGNED_WHERE)
        reply = await fake_discord.wait_for_message(
            GENERAL_CHANNEL_ID,
            predicate=lambda m: m.get("message_reference", {}).get("message_id") == posted["id"],
        )
        assert "Akasaka Palace" in description(reply)


def test_a_missing_token_exits_with_one_clear_line(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    (line,) = done.stderr.splitlines()
    assert "DISCORD_TOKEN" in line
    assert ".env" in line
    assert 'python -m index ask "' in line


def _closed_port() -> int:
    """A port of 127.0.0.1 that nothing listens on (connecting is refused at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(
    "api_base",
    [
        pytest.param(lambda: f"http://127.0.0.1:{_closed_port()}/api/v10", id="refused"),
        pytest.param(lambda: "http://discord.invalid/api/v10", id="no-such-host"),
    ],
)
def test_no_route_to_discord_exits_with_one_clear_line(tmp_path: Path, api_base):
    """A token but no way to reach Discord: one line saying so, not a 60-line traceback."""
    env = {k: v for k, v in os.environ.items() if k.upper() not in Settings.model_fields}
    env.update(DISCORD_TOKEN="a-token-that-stays-secret", DISCORD_API_BASE=api_base())
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    problems = [line for line in done.stderr.splitlines() if " INFO " not in line]
    (line,) = problems
    assert f"CRITICAL bot.app: cannot reach Discord at {env['DISCORD_API_BASE']}: " in line
    assert "a-token-that-stays-secret" not in done.stderr


# --- asking by mention ------------------------------------------------------------------------


async def test_a_mention_with_a_seed_question_gets_a_quote_with_attribution(
    fake_discord: FakeDiscord, bot: RunningBot
):
    posted, reply = await ask_by_mention(fake_discord, SIGNED_WHERE)
    text = description(reply)
    assert "Akasaka Palace" in text
    assert text.startswith("> **1.** ")
    assert any(title in text for title in seed_titles())
    assert " — " in text and "28 Oct 2025" in text
    (embed,) = reply["embeds"]
    assert embed["footer"]["text"].startswith("Searched ")
    assert reply["message_reference"]["message_id"] == posted["id"]
    typing = await fake_discord.wait_for_request("POST", TYPING)
    sent = await fake_discord.wait_for_request("POST", MESSAGES)
    assert typing.tick < sent.tick  # typing shown while it works


async def test_an_out_of_scope_mention_gets_the_no_answer_reply(
    fake_discord: FakeDiscord, bot: RunningBot
):
    _, reply = await ask_by_mention(fake_discord, OUT_OF_SCOPE)
    assert reply["embeds"] == []
    assert "don't cover" in reply["content"]
    assert "They do answer, e.g., “" in reply["content"]  # examples, not a list of titles


async def test_an_empty_mention_gets_a_one_line_hint(fake_discord: FakeDiscord, bot: RunningBot):
    _, reply = await ask_by_mention(fake_discord, "")
    assert "/ask" in reply["content"]
    assert "\n" not in reply["content"]


async def test_lone_surrogates_and_invisible_characters_get_a_clear_reply_not_a_traceback(
    fake_discord: FakeDiscord, bot: RunningBot
):
    """JSON can carry a lone surrogate; a question can be all zero-width characters.

    The first used to end in a traceback (the tokenizer and the log cannot encode it), the
    second was searched as if it were a question. Both are refused with the core's reason, by
    mention and by /ask, and neither is logged. (The conftest fails the test on any ERROR.)
    """
    _, reply = await ask_by_mention(fake_discord, "Where was the\ud800 agreement signed?")
    assert "not valid text" in reply["content"]
    _, reply = await ask_by_mention(fake_discord, "\u200b\u2060\ufeff\u200b")
    assert reply["content"].startswith("Ask a question about the articles")

    for question, reason in (
        ("\u200b\u2060\u200b", "Ask a question about the articles"),
        ("\udbff Where was the agreement signed?", "not valid text"),
    ):
        interaction = await fake_discord.interact("ask", {"question": question}, user_id=MEMBER_ID)
        refused = await fake_discord.wait_for_interaction_response(interaction, "callback")
        assert refused.json["type"] == CALLBACK_MESSAGE  # at once, nothing was asked
        assert refused.json["data"]["flags"] & FLAG_EPHEMERAL
        assert reason in refused.json["data"]["content"]

    # Invisible characters inside a real question are only dropped.
    _, reply = await ask_by_mention(fake_discord, "Where was the agree\u200bment\u2060 signed?")
    assert "Akasaka Palace" in description(reply)
    await bot.answers_logged()
    logged = sqlite3.connect(bot.env["DATA_DIR"] + "/quotebot.sqlite3")
    try:
        questions = [row[0] for row in logged.execute("SELECT question FROM answers")]
    finally:
        logged.close()
    assert [q for q in questions if not q.isprintable()] == []  # no surrogate, nothing invisible


async def test_everyone_in_a_question_pings_nobody(fake_discord: FakeDiscord, bot: RunningBot):
    _, reply = await ask_by_mention(fake_discord, f"@everyone <@{MODERATOR_ID}> {SIGNED_WHERE}")
    sent = await fake_discord.wait_for_request("POST", MESSAGES)
    assert sent.json["allowed_mentions"]["parse"] == []
    assert not sent.json["allowed_mentions"].get("replied_user", False)
    assert "Akasaka Palace" in description(reply)  # answered all the same
    assert reply["mention_everyone"] is False
    assert reply["mentions"] == []
    assert reply["mention_roles"] == []


async def test_own_echoed_messages_and_other_bots_are_ignored(
    fake_discord: FakeDiscord, bot: RunningBot
):
    # A reply from the bot comes back as MESSAGE_CREATE, as on Discord.
    await ask_by_mention(fake_discord, SIGNED_WHERE)
    # Worse: its own message mentioning itself, and another bot asking it.
    await fake_discord.post_message(GENERAL_CHANNEL_ID, BOT_USER_ID, f"{MENTION} {SIGNED_WHERE}")
    await fake_discord.post_message(GENERAL_CHANNEL_ID, OTHER_BOT_ID, f"{MENTION} {SIGNED_WHERE}")
    # A member's question after them: once it is answered, the ones before were handled.
    await ask_by_mention(fake_discord, OUT_OF_SCOPE)
    replies = [m for m in fake_discord.sent_messages if m["channel_id"] == str(GENERAL_CHANNEL_ID)]
    assert len(replies) == 2


async def test_a_reply_to_the_bot_is_a_question(fake_discord: FakeDiscord, bot: RunningBot):
    _, first = await ask_by_mention(fake_discord, OUT_OF_SCOPE)
    since = fake_discord.mark()
    follow_up = await fake_discord.post_message(
        GENERAL_CHANNEL_ID, MEMBER_ID, SIGNED_WHERE, reply_to=first
    )
    reply = await fake_discord.wait_for_message(
        GENERAL_CHANNEL_ID,
        since=since,
        predicate=lambda m: m.get("message_reference", {}).get("message_id") == follow_up["id"],
    )
    assert "Akasaka Palace" in description(reply)


async def test_a_reconnect_resumes_and_the_bot_keeps_answering(
    fake_discord: FakeDiscord, bot: RunningBot
):
    await ask_by_mention(fake_discord, SIGNED_WHERE)
    session = fake_discord.session_id
    since = fake_discord.mark()
    await fake_discord.reconnect()
    resume = await fake_discord.wait_for_resume(since=since)
    assert resume["session_id"] == session
    _, reply = await ask_by_mention(fake_discord, SIGNED_WHERE)
    assert "Akasaka Palace" in description(reply)
    assert len(fake_discord.identifies) == 1
    assert sum(r.method == "PUT" for r in fake_discord.requests) == 1  # no re-sync on reconnect
    assert fake_discord.connections[-1].path == "/gateway/resume"


# --- slash commands ---------------------------------------------------------------------------


async def test_ask_defers_then_follows_up_with_the_answer(
    fake_discord: FakeDiscord, bot: RunningBot
):
    interaction = await fake_discord.interact("ask", {"question": SIGNED_WHERE}, user_id=MEMBER_ID)
    callback = await fake_discord.wait_for_interaction_response(interaction, "callback")
    assert callback.json["type"] == CALLBACK_DEFERRED
    assert not (callback.json.get("data") or {}).get("flags", 0) & FLAG_EPHEMERAL
    followup = await fake_discord.wait_for_interaction_response(interaction, "followup")
    assert followup.ok
    assert callback.tick < followup.tick
    answer = fake_discord.message(interaction.original_message_id)
    assert "Akasaka Palace" in description(answer)
    assert not answer["flags"] & FLAG_EPHEMERAL


async def test_ask_private_is_ephemeral(fake_discord: FakeDiscord, bot: RunningBot):
    interaction = await fake_discord.interact(
        "ask", {"question": SIGNED_WHERE, "private": True}, user_id=MEMBER_ID
    )
    callback = await fake_discord.wait_for_interaction_response(interaction, "callback")
    assert callback.json["type"] == CALLBACK_DEFERRED
    assert callback.json["data"]["flags"] & FLAG_EPHEMERAL
    await fake_discord.wait_for_interaction_response(interaction, "followup")
    answer = fake_discord.message(interaction.original_message_id)
    assert answer["flags"] & FLAG_EPHEMERAL
    assert "Akasaka Palace" in description(answer)


async def test_sources_lists_all_five(fake_discord: FakeDiscord, bot: RunningBot):
    interaction = await fake_discord.interact("sources", user_id=MEMBER_ID)
    callback = await fake_discord.wait_for_interaction_response(interaction, "callback")
    assert callback.json["type"] == CALLBACK_MESSAGE
    (embed,) = callback.json["data"]["embeds"]
    titles = seed_titles()
    assert len(titles) == 5
    for number, title in enumerate(titles, 1):
        assert f"**{number}.** **{title}**" in embed["description"]
    assert embed["footer"]["text"].startswith("5 sources · ")


async def test_source_autocompletes_and_shows_one(fake_discord: FakeDiscord, bot: RunningBot):
    typing = await fake_discord.autocomplete(
        "source", {"name": "rare earths supply"}, focused="name", user_id=MEMBER_ID
    )
    choices = (await fake_discord.wait_for_interaction_response(typing, "callback")).json["data"][
        "choices"
    ]
    assert [c["name"] for c in choices] == ["U.S. and Japan Sign Rare Earths Supply Deal"]
    shown = await fake_discord.interact("source", {"name": choices[0]["value"]}, user_id=MEMBER_ID)
    (embed,) = (await fake_discord.wait_for_interaction_response(shown, "callback")).json["data"][
        "embeds"
    ]
    assert embed["title"] == "U.S. and Japan Sign Rare Earths Supply Deal"
    assert embed["description"].startswith("> ")


NEW_ARTICLE = """\
Cedar pens mark the signing ceremony

The leaders signed the framework with fountain pens carved from Yakushima cedar, a gift from the
Japanese side. The pens were later placed on display in the palace's east wing.
"""


async def test_reindex_by_a_moderator_reports_the_added_article(
    fake_discord: FakeDiscord, corpus: Corpus, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    mine = copy_corpus(corpus, tmp_path / "corpus")
    env = bot_environment(fake_discord, mine.seeds_dir, mine.data_dir)
    async with running_bot(fake_discord, monkeypatch, tmp_path, env):
        (mine.seeds_dir / "100_cedar_pens.txt").write_text(NEW_ARTICLE, encoding="utf-8")
        interaction = await fake_discord.interact("reindex", user_id=MODERATOR_ID)
        callback = await fake_discord.wait_for_interaction_response(interaction, "callback")
        assert callback.json["type"] == CALLBACK_DEFERRED
        assert callback.json["data"]["flags"] & FLAG_EPHEMERAL
        await fake_discord.wait_for_interaction_response(interaction, "followup")
        (embed,) = fake_discord.message(interaction.original_message_id)["embeds"]
        assert embed["title"] == "Index rebuilt"
        fields = {f["name"]: f["value"] for f in embed["fields"]}
        assert fields["Added (1)"] == "Cedar pens mark the signing ceremony"
        assert fields["Sources"] == "6"

        _, reply = await ask_by_mention(fake_discord, "What were the pens carved from?")
        assert "Yakushima cedar" in description(reply)


async def test_reindex_is_refused_to_a_member_and_nothing_runs(
    fake_discord: FakeDiscord, corpus: Corpus, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    mine = copy_corpus(corpus, tmp_path / "corpus")
    env = bot_environment(fake_discord, mine.seeds_dir, mine.data_dir)
    async with running_bot(fake_discord, monkeypatch, tmp_path, env) as running:
        (mine.seeds_dir / "100_cedar_pens.txt").write_text(NEW_ARTICLE, encoding="utf-8")
        before = {p: p.stat().st_mtime_ns for p in (mine.data_dir / "index").rglob("*")}
        interaction = await fake_discord.interact("reindex", user_id=MEMBER_ID)
        callback = await fake_discord.wait_for_interaction_response(interaction, "callback")
        assert callback.json["type"] == CALLBACK_MESSAGE  # refused at once, never deferred
        assert callback.json["data"]["flags"] & FLAG_EPHEMERAL
        assert "moderators" in callback.json["data"]["content"]
        _, reply = await ask_by_mention(fake_discord, "What were the pens carved from?")
        assert "Yakushima" not in reply["content"] + str(reply["embeds"])
        after = {p: p.stat().st_mtime_ns for p in (mine.data_dir / "index").rglob("*")}
        assert after == before
        assert not any("reindexed" in line for line in running.log_lines)


async def test_many_sources_are_paged_with_buttons_for_the_invoker_only(
    fake_discord: FakeDiscord, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    seeds = tmp_path / "many"
    seeds.mkdir()
    for n in range(12):
        (seeds / f"{n:03}_note.txt").write_text(
            f"Harbour note {n}\n\nThe harbour master logged {n} ships at anchor on the day.\n",
            encoding="utf-8",
        )
    env = bot_environment(fake_discord, seeds, tmp_path / "data")
    async with running_bot(fake_discord, monkeypatch, tmp_path, env):
        listing = await fake_discord.interact("sources", user_id=MEMBER_ID)
        await fake_discord.wait_for_interaction_response(listing, "callback")
        message = fake_discord.message(listing.original_message_id)
        assert message["embeds"][0]["footer"]["text"].startswith("Page 1/2 · 12 sources")
        assert "**10.**" in description(message) and "**11.**" not in description(message)

        stranger = await fake_discord.click(message, "page:next", user_id=MODERATOR_ID)
        refusal = await fake_discord.wait_for_interaction_response(stranger, "callback")
        assert refusal.json["data"]["flags"] & FLAG_EPHEMERAL
        assert message["embeds"][0]["footer"]["text"].startswith("Page 1/2")

        turned = await fake_discord.click(message, "page:next", user_id=MEMBER_ID)
        update = await fake_discord.wait_for_interaction_response(turned, "callback")
        assert update.json["type"] == 7  # the message itself is updated
        assert message["embeds"][0]["footer"]["text"].startswith("Page 2/2")
        assert "**12.** **Harbour note 11**" in description(message)


async def test_questions_too_soon_are_told_when_to_try_again(
    fake_discord: FakeDiscord, corpus: Corpus, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    env = bot_environment(fake_discord, corpus.seeds_dir, corpus.data_dir, COOLDOWN_SECONDS="60")
    async with running_bot(fake_discord, monkeypatch, tmp_path, env):
        _, first = await ask_by_mention(fake_discord, SIGNED_WHERE)
        assert first["embeds"]
        _, again = await ask_by_mention(fake_discord, SIGNED_WHERE)
        assert again["content"].startswith("You're asking quickly: try again in ")
        slash = await fake_discord.interact("ask", {"question": SIGNED_WHERE}, user_id=MEMBER_ID)
        callback = await fake_discord.wait_for_interaction_response(slash, "callback")
        assert callback.json["type"] == CALLBACK_MESSAGE  # answered at once, not deferred
        assert callback.json["data"]["flags"] & FLAG_EPHEMERAL
        assert "try again in " in callback.json["data"]["content"]
        _, other = await ask_by_mention(fake_discord, SIGNED_WHERE, author=MODERATOR_ID)
        assert other["embeds"]  # the cooldown is per member


async def test_a_question_over_the_limit_gets_a_clear_reply(
    fake_discord: FakeDiscord, bot: RunningBot
):
    _, reply = await ask_by_mention(fake_discord, "Why " * 600)
    assert reply["embeds"] == []
    assert "2000" in reply["content"].replace(",", "")


@pytest.mark.allow_logged_errors  # the one CRITICAL line is the point
async def test_a_token_discord_rejects_exits_with_one_clear_line(
    fake_discord: FakeDiscord, corpus: Corpus, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    env = bot_environment(fake_discord, corpus.seeds_dir, corpus.data_dir, DISCORD_TOKEN="stale")
    set_environment(monkeypatch, tmp_path, env)
    with captured_logs() as logs:
        assert await amain() == 2
    lines = logs.lines
    assert [line for line in lines if line.startswith("CRITICAL")] == [
        "CRITICAL bot.app: Discord rejected DISCORD_TOKEN: reset it in the Developer Portal"
    ]
    assert not any("stale" in line for line in lines)


async def test_python_m_bot_runs_and_stops_cleanly_on_sigterm(
    fake_discord: FakeDiscord, corpus: Corpus, tmp_path: Path
):
    # The literal production command, as a Procfile worker runs it (a new process: the
    # model's libraries are imported again, so this is the slowest test here).
    settings = {name.upper() for name in Settings.model_fields}
    env = {k: v for k, v in os.environ.items() if k not in settings}
    env.update(bot_environment(fake_discord, corpus.seeds_dir, corpus.data_dir))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=tmp_path, env=env, stderr=asyncio.subprocess.PIPE
    )
    try:
        await fake_discord.wait_for_gateway(lambda frame: frame.op == 2, timeout=120)
        _, reply = await ask_by_mention(fake_discord, SIGNED_WHERE)
        assert "Akasaka Palace" in description(reply)
        process.send_signal(signal.SIGTERM)
        status = await asyncio.wait_for(process.wait(), 30)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert status == 0
    assert process.stderr is not None
    lines = (await process.stderr.read()).decode().splitlines()
    event = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} ([A-Z]+) \S+: ")
    assert [line for line in lines if not event.match(line)] == []  # one line per event
    assert [line for line in lines if event.match(line)[1] in ("ERROR", "CRITICAL")] == []
    assert lines[-1].endswith("bot.app: stopped")
    assert not any(fake_discord.token in line for line in lines)


async def test_a_second_reindex_while_one_runs_is_told_so(
    fake_discord: FakeDiscord, corpus: Corpus, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    mine = copy_corpus(corpus, tmp_path / "corpus")
    env = bot_environment(fake_discord, mine.seeds_dir, mine.data_dir)
    async with running_bot(fake_discord, monkeypatch, tmp_path, env):
        (mine.seeds_dir / "100_cedar_pens.txt").write_text(NEW_ARTICLE, encoding="utf-8")
        # The second arrives while the first rebuild (which embeds the new article) runs.
        first = await fake_discord.interact("reindex", user_id=MODERATOR_ID)
        second = await fake_discord.interact("reindex", user_id=OWNER_ID)
        told = await fake_discord.wait_for_interaction_response(second, "callback")
        # Told at once, not deferred and queued behind the first one.
        assert told.json["type"] == CALLBACK_MESSAGE
        assert "already running" in told.json["data"]["content"]
        assert told.json["data"]["flags"] & FLAG_EPHEMERAL
        await fake_discord.wait_for_interaction_response(first, "followup")
        report = fake_discord.message(first.original_message_id)
        assert report["embeds"][0]["title"] == "Index rebuilt"
