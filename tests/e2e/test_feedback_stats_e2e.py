"""Feedback buttons, the answer log and `/stats`, end to end: the real bot, the real core and a
real SQLite answer log in a temporary data folder, against the fake Discord.

Each test runs on its own copy of the corpus built once per session, so its answer log starts
empty; what the bot wrote is read back through `bot.storage`, as the bot itself reads it.
"""

from __future__ import annotations

import asyncio
import random
import re
import sqlite3
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app import amain
from bot.storage import Stats, Storage, default_database_url

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
    BOT_USER_ID,
    FLAG_EPHEMERAL,
    GENERAL_CHANNEL_ID,
    GUILD_ID,
    MEMBER_ID,
    MODERATOR_ID,
    OWNER_ID,
    FakeDiscord,
    FakeInteraction,
)

MENTION = f"<@{BOT_USER_ID}>"
SIGNED_WHERE = "Where was the agreement signed?"
OUT_OF_SCOPE = "How do I bake a loaf of sourdough bread?"
CALLBACK_MESSAGE, CALLBACK_DEFERRED, CALLBACK_MODAL = 4, 5, 9
BUTTON_ID = re.compile(r"fb:v1:(\d+):(up|down)")
START_LIMIT = 120.0  # seconds for a bot to start or refuse to
LOCKED_ANSWER_BOUND = 5.0  # seconds: a third of the database's busy timeout (15 s)


@pytest.fixture
def corpus(built_corpus: CorpusDirs, tmp_path: Path) -> CorpusDirs:
    """A private copy: its data folder holds this test's answer log and member-id salt."""
    return copy_of(built_corpus, tmp_path / "corpus")


@pytest.fixture
def env(fake_discord: FakeDiscord, corpus: CorpusDirs) -> dict[str, str]:
    return bot_environment(fake_discord, corpus.seeds_dir, corpus.data_dir)


@pytest.fixture
async def bot(
    fake_discord: FakeDiscord,
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> AsyncIterator[RunningBot]:
    async with running_bot(fake_discord, monkeypatch, tmp_path, env) as running:
        yield running


# --- helpers ----------------------------------------------------------------------------------


@contextmanager
def answer_log(corpus: CorpusDirs, *, days_ahead: float = 0) -> Iterator[Storage]:
    """The bot's answer log, opened as the bot opens it (its URL and its generated salt).

    `days_ahead` moves this Storage's clock, to act as the bot would that much later.
    """
    salt = (corpus.data_dir / "member-salt").read_text(encoding="ascii")
    shift = timedelta(days=days_ahead)
    storage = Storage.open(
        default_database_url(corpus.data_dir), salt=salt, clock=lambda: datetime.now(UTC) + shift
    )
    try:
        yield storage
    finally:
        storage.close()


def sql(corpus: CorpusDirs, statement: str, *args: object) -> list[tuple]:
    """Rows straight from the bot's SQLite file."""
    database = sqlite3.connect(corpus.data_dir / "quotebot.sqlite3")
    try:
        return database.execute(statement, args).fetchall()
    finally:
        database.close()


def logged(corpus: CorpusDirs) -> Stats:
    """This server's figures over the last day, straight from the database."""
    with answer_log(corpus) as storage:
        return storage.stats(1, guild_id=GUILD_ID)


def tally(corpus: CorpusDirs) -> tuple[int, int]:
    """(helpful, not helpful) votes in the database."""
    stats = logged(corpus)
    return stats.helpful, stats.not_helpful


async def ask(fake: FakeDiscord, question: str, *, author: int = MEMBER_ID) -> dict:
    """A member mentions the bot with a question; the bot's reply to it."""
    since = fake.mark()
    posted = await fake.post_message(GENERAL_CHANNEL_ID, author, f"{MENTION} {question}")
    return await fake.wait_for_message(
        GENERAL_CHANNEL_ID,
        since=since,
        predicate=lambda m: m.get("message_reference", {}).get("message_id") == posted["id"],
    )


def vote_buttons(message: dict) -> dict[str, dict]:
    """The message's vote buttons by label (the context buttons beside them left out)."""
    return {
        button["label"]: button
        for row in message["components"]
        for button in row["components"]
        if button["type"] == 2 and BUTTON_ID.fullmatch(button["custom_id"])
    }


def answer_id_of(message: dict) -> int:
    """The answer id the message's vote buttons carry (both carry the same one)."""
    ids = {int(BUTTON_ID.fullmatch(b["custom_id"])[1]) for b in vote_buttons(message).values()}
    (answer_id,) = ids
    return answer_id


async def vote(
    fake: FakeDiscord,
    message: dict,
    label: str,
    *,
    user_id: int = MEMBER_ID,
    why: dict[str, object] | None = None,
) -> dict:
    """Click a vote button; check the click was answered privately; return the answer.

    "Not helpful" opens the optional form first: it is submitted with `why` (or empty), and the
    submission is what is acknowledged.
    """
    click = await fake.click(message, vote_buttons(message)[label]["custom_id"], user_id=user_id)
    callback = await fake.wait_for_interaction_response(click, "callback")
    answered = click
    if label == "Not helpful":
        assert callback.json["type"] == CALLBACK_MODAL
        assert callback.json["data"]["custom_id"].endswith(":why")
        answered = await fake.submit_modal(click, why or {})
        callback = await fake.wait_for_interaction_response(answered, "callback")
    assert callback.json["type"] == CALLBACK_DEFERRED
    assert callback.json["data"]["flags"] & FLAG_EPHEMERAL
    followup = await fake.wait_for_interaction_response(answered, "followup")
    assert followup.ok
    assert followup.json["allowed_mentions"] == {"parse": []}
    reply = fake.message(answered.original_message_id)
    assert reply["flags"] & FLAG_EPHEMERAL
    assert reply["mentions"] == [] and reply["mention_everyone"] is False
    return reply


async def run_stats(fake: FakeDiscord, user_id: int, **options: int) -> FakeInteraction:
    return await fake.interact("stats", options, user_id=user_id)


def fields(embed: dict) -> dict[str, str]:
    return {field["name"]: field["value"] for field in embed["fields"]}


# --- feedback ---------------------------------------------------------------------------------


async def test_a_vote_is_recorded_once_per_member_and_can_be_changed(
    fake_discord: FakeDiscord, bot: RunningBot, corpus: CorpusDirs
):
    answer = await ask(fake_discord, SIGNED_WHERE)
    assert "Akasaka Palace" in answer["embeds"][0]["description"]
    buttons = vote_buttons(answer)
    assert list(buttons) == ["Helpful", "Not helpful"]
    answer_id = answer_id_of(answer)
    assert buttons["Helpful"]["custom_id"] == f"fb:v1:{answer_id}:up"
    assert buttons["Not helpful"]["custom_id"] == f"fb:v1:{answer_id}:down"
    # Logged as it was sent (in the background): the id in the buttons is the question's row.
    await bot.answers_logged()
    stats = logged(corpus)
    assert (stats.asked, stats.declined, stats.helpful, stats.not_helpful) == (1, 0, 0, 0)
    assert [row[0] for row in sql(corpus, "SELECT id FROM answers")] == [answer_id]

    first = await vote(fake_discord, answer, "Helpful")
    assert first["content"] == "Thanks — recorded as helpful."
    assert tally(corpus) == (1, 0)

    again = await vote(fake_discord, answer, "Helpful")
    assert again["content"] == "Already recorded as helpful."
    assert tally(corpus) == (1, 0)

    changed = await vote(fake_discord, answer, "Not helpful")
    assert changed["content"] == "Thanks — changed to not helpful."
    assert tally(corpus) == (0, 1)

    other = await vote(fake_discord, answer, "Helpful", user_id=MODERATOR_ID)
    assert other["content"] == "Thanks — recorded as helpful."
    stats = logged(corpus)
    assert (stats.helpful, stats.not_helpful) == (1, 1)
    assert [q.question for q in stats.top_not_helpful] == [SIGNED_WHERE]

    # The answer itself is untouched, and no member id is stored, only salted hashes.
    assert vote_buttons(fake_discord.message(answer["id"])) == buttons
    database = sqlite3.connect(corpus.data_dir / "quotebot.sqlite3")
    try:
        dump = "\n".join(database.iterdump())
    finally:
        database.close()
    assert SIGNED_WHERE in dump
    assert str(MEMBER_ID) not in dump and str(MODERATOR_ID) not in dump


async def test_declines_carry_no_buttons_and_slash_ask_answers_do(
    fake_discord: FakeDiscord, bot: RunningBot, corpus: CorpusDirs
):
    declined = await ask(fake_discord, OUT_OF_SCOPE)
    assert "don't cover" in declined["content"]
    assert declined["components"] == []

    for private in (False, True):
        interaction = await fake_discord.interact(
            "ask", {"question": SIGNED_WHERE, "private": private}, user_id=MEMBER_ID
        )
        await fake_discord.wait_for_interaction_response(interaction, "followup")
        answer = fake_discord.message(interaction.original_message_id)
        assert bool(answer["flags"] & FLAG_EPHEMERAL) is private
        reply = await vote(fake_discord, answer, "Not helpful")
        assert reply["content"] == "Thanks — recorded as not helpful."

    await bot.answers_logged()
    stats = logged(corpus)
    assert (stats.asked, stats.declined, stats.not_helpful) == (3, 1, 2)
    assert [q.question for q in stats.top_declined] == [OUT_OF_SCOPE]


async def test_a_forged_vote_on_a_declined_answer_is_refused_and_not_counted(
    fake_discord: FakeDiscord, bot: RunningBot, corpus: CorpusDirs
):
    declined = await ask(fake_discord, OUT_OF_SCOPE)
    assert declined["components"] == []  # nothing to click: a vote needs a forged button
    await bot.answers_logged()
    ((declined_id,),) = sql(corpus, "SELECT id FROM answers WHERE answered = 0")

    click = await fake_discord.click(
        declined, f"fb:v1:{declined_id}:down", user_id=MEMBER_ID, forged=True
    )
    # "Not helpful" opens its optional form first; sending it tells the member the outcome.
    assert (await fake_discord.wait_for_interaction_response(click, "callback")).json["type"] == 9
    submitted = await fake_discord.submit_modal(click, {"reason": ["other"]})
    await fake_discord.wait_for_interaction_response(submitted, "followup")
    reply = fake_discord.message(submitted.original_message_id)
    assert reply["flags"] & FLAG_EPHEMERAL
    assert reply["content"] == "This answer can't be rated."
    assert sql(corpus, "SELECT count(*) FROM votes") == [(0,)]
    stats = logged(corpus)
    assert (stats.not_helpful, stats.top_not_helpful) == (0, ())


async def test_a_locked_answer_log_delays_no_answer_and_an_early_vote_waits_for_its_row(
    fake_discord: FakeDiscord, bot: RunningBot, corpus: CorpusDirs
):
    # Another process holds the log's write lock (a long transaction, a backup...): every
    # answer used to wait the whole busy timeout for its row, because its id came from it.
    holder = sqlite3.connect(corpus.data_dir / "quotebot.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        since = fake_discord.mark()
        posted = await fake_discord.post_message(
            GENERAL_CHANNEL_ID, MEMBER_ID, f"{MENTION} {SIGNED_WHERE}"
        )
        answer = await fake_discord.wait_for_message(
            GENERAL_CHANNEL_ID,
            since=since,
            predicate=lambda m: m.get("message_reference", {}).get("message_id") == posted["id"],
            timeout=LOCKED_ANSWER_BOUND,
        )
        assert "Akasaka Palace" in answer["embeds"][0]["description"]
        assert list(vote_buttons(answer)) == ["Helpful", "Not helpful"]
        assert bot.client.answer_log.pending == 1  # its row is still waiting for the lock
        # A member votes before the row exists: the vote waits for it rather than failing.
        click = await fake_discord.click(
            answer, vote_buttons(answer)["Helpful"]["custom_id"], user_id=MEMBER_ID
        )
        callback = await fake_discord.wait_for_interaction_response(click, "callback")
        assert callback.json["type"] == CALLBACK_DEFERRED
        assert [r.kind for r in click.responses] == ["callback"]
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    await fake_discord.wait_for_interaction_response(click, "followup", timeout=30)
    assert fake_discord.message(click.original_message_id)["content"] == (
        "Thanks — recorded as helpful."
    )
    assert sql(corpus, "SELECT answer_id FROM votes") == [(answer_id_of(answer),)]
    assert tally(corpus) == (1, 0)


async def test_buttons_keep_working_after_the_bot_restarts(
    fake_discord: FakeDiscord, env: dict[str, str], monkeypatch, tmp_path: Path, corpus: CorpusDirs
):
    async with running_bot(fake_discord, monkeypatch, tmp_path, env):
        answer = await ask(fake_discord, SIGNED_WHERE)
        first = await vote(fake_discord, answer, "Helpful")
        assert first["content"] == "Thanks — recorded as helpful."
    salt = (corpus.data_dir / "member-salt").read_bytes()

    # A new process on the same data folder: it knows nothing of the message it is clicked on.
    async with running_bot(fake_discord, monkeypatch, tmp_path, env) as restarted:
        assert len(fake_discord.identifies) == 2
        again = await vote(fake_discord, answer, "Helpful")
        # The same member is recognised (the salt was kept), and their vote too.
        assert again["content"] == "Already recorded as helpful."
        changed = await vote(fake_discord, answer, "Not helpful")
        assert changed["content"] == "Thanks — changed to not helpful."
        assert any("vote on answer" in line for line in restarted.log_lines)
    assert (corpus.data_dir / "member-salt").read_bytes() == salt
    stats = logged(corpus)
    assert (stats.asked, stats.helpful, stats.not_helpful) == (1, 0, 1)


async def test_a_purged_answer_is_too_old_to_rate(
    fake_discord: FakeDiscord, env: dict[str, str], monkeypatch, tmp_path: Path, corpus: CorpusDirs
):
    async with running_bot(fake_discord, monkeypatch, tmp_path, env):
        answer = await ask(fake_discord, SIGNED_WHERE)
    with answer_log(corpus, days_ahead=91) as later:  # the daily purge, three months on
        assert later.purge(90) == 1

    async with running_bot(fake_discord, monkeypatch, tmp_path, env):
        reply = await vote(fake_discord, answer, "Helpful")
    assert reply["content"] == "This answer is too old to rate: answers are only kept for a while."
    assert logged(corpus).asked == 0


async def test_answers_older_than_the_retention_are_purged_at_start(
    fake_discord: FakeDiscord, monkeypatch, tmp_path: Path, corpus: CorpusDirs
):
    env = bot_environment(
        fake_discord, corpus.seeds_dir, corpus.data_dir, RETENTION_DAYS="30", MEMBER_SALT="s" * 32
    )
    url = default_database_url(corpus.data_dir)
    for days_ago, question in ((31, "an old question"), (29, "a recent one")):
        at = datetime.now(UTC) - timedelta(days=days_ago)
        with Storage.open(url, salt="s" * 32, clock=lambda at=at: at) as storage:
            storage.record_answer(
                guild_id=GUILD_ID,
                channel_id=GENERAL_CHANNEL_ID,
                member_id=MEMBER_ID,
                question=question,
                answered=False,
                latency_ms=12.0,
            )

    async with running_bot(fake_discord, monkeypatch, tmp_path, env) as running:
        assert "INFO bot.storage._storage: purged 1 answers older than 30 days" in running.log_lines
    with Storage.open(url, salt="s" * 32) as storage:
        stats = storage.stats(365, guild_id=GUILD_ID)
    assert [q.question for q in stats.top_declined] == ["a recent one"]
    assert not (corpus.data_dir / "member-salt").exists()  # MEMBER_SALT was used instead


@pytest.mark.allow_logged_errors  # the one CRITICAL line is the point
async def test_an_answer_log_that_cannot_be_opened_ends_the_bot_with_one_clear_line(
    fake_discord: FakeDiscord, monkeypatch, tmp_path: Path, corpus: CorpusDirs
):
    # Port 1 on this machine refuses at once: a database server that is down.
    url = "postgresql+psycopg://quotebot:hunter2-secret@127.0.0.1:1/quotebot"
    env = bot_environment(
        fake_discord, corpus.seeds_dir, corpus.data_dir, DATABASE_URL=url, MEMBER_SALT="s" * 32
    )
    set_environment(monkeypatch, tmp_path, env)
    with captured_logs() as logs:
        assert await amain() == 1
    (critical,) = [line for line in logs.lines if line.startswith(("ERROR", "CRITICAL"))]
    assert critical.startswith(
        "CRITICAL bot.app: cannot open the answer log at postgresql+psycopg://quotebot:***@"
    )
    assert not any("hunter2" in line for line in logs.lines)
    assert not fake_discord.identifies  # it never went online half-ready


@pytest.mark.allow_logged_errors  # the one CRITICAL line is the point
async def test_a_damaged_answer_log_ends_the_bot_with_one_clear_line(
    fake_discord: FakeDiscord, monkeypatch, tmp_path: Path, corpus: CorpusDirs
):
    url = default_database_url(corpus.data_dir)
    with Storage.open(url, salt="s" * 32) as storage:
        for n in range(300):  # a few dozen pages of answers
            storage.record_answer(
                guild_id=GUILD_ID,
                channel_id=GENERAL_CHANNEL_ID,
                member_id=n,
                question=f"Question number {n} about the agreement? " * 3,
                answered=True,
                sources=["a-source"],
                scores=[0.5],
                latency_ms=10.0,
            )
    database = corpus.data_dir / "quotebot.sqlite3"
    garbled = bytearray(database.read_bytes())
    noise = random.Random(9)
    for page in (3, 4, 5):  # overwritten in place, as by a bad disk or a stray write
        start = (page - 1) * 4096
        garbled[start : start + 4096] = noise.randbytes(4096)
    database.write_bytes(bytes(garbled))

    env = bot_environment(fake_discord, corpus.seeds_dir, corpus.data_dir, MEMBER_SALT="s" * 32)
    set_environment(monkeypatch, tmp_path, env)
    with captured_logs() as logs:
        assert await asyncio.wait_for(amain(), START_LIMIT) == 1  # (it used to start and run)
    (critical,) = [line for line in logs.lines if line.startswith(("ERROR", "CRITICAL"))]
    assert critical.startswith(f"CRITICAL bot.app: cannot open the answer log at {url}: ")
    assert "is damaged" in critical and "restore it from a backup" in critical
    assert "\n" not in critical
    assert not fake_discord.identifies  # it never went online half-working


# --- /stats -----------------------------------------------------------------------------------


async def test_stats_shows_what_was_asked_declined_and_voted(
    fake_discord: FakeDiscord, bot: RunningBot, corpus: CorpusDirs
):
    answered = await ask(fake_discord, SIGNED_WHERE)
    await ask(fake_discord, SIGNED_WHERE, author=MODERATOR_ID)
    await ask(fake_discord, OUT_OF_SCOPE)
    await ask(fake_discord, "how do I BAKE a loaf of   sourdough bread?", author=OWNER_ID)
    await ask(fake_discord, "Who won the 1998 World Cup?")
    await vote(fake_discord, answered, "Not helpful")
    await vote(fake_discord, answered, "Not helpful", user_id=OWNER_ID)
    # Another server's questions never show in this one's /stats.
    with answer_log(corpus) as storage:
        storage.record_answer(
            guild_id=GUILD_ID + 1,
            channel_id=1,
            member_id=MEMBER_ID,
            question="A question asked elsewhere",
            answered=False,
            latency_ms=5.0,
        )

    interaction = await run_stats(fake_discord, MODERATOR_ID, days=7)
    callback = await fake_discord.wait_for_interaction_response(interaction, "callback")
    assert callback.json["type"] == CALLBACK_DEFERRED
    assert callback.json["data"]["flags"] & FLAG_EPHEMERAL
    await fake_discord.wait_for_interaction_response(interaction, "followup")
    report = fake_discord.message(interaction.original_message_id)
    assert report["flags"] & FLAG_EPHEMERAL
    (embed,) = report["embeds"]
    assert embed["title"] == "Questions in the last 7 days"
    shown = fields(embed)
    assert shown["Asked"] == "5"
    assert shown["Answered"] == "2"
    assert shown["Declined"] == "3 (60%)"
    assert (shown["Helpful"], shown["Not helpful"]) == ("0", "2")
    assert re.fullmatch(r"[\d.]+ m?s / [\d.]+ m?s", shown["Latency p50 / p95"])
    declined = shown["Most often declined (what the articles don't cover)"].split("\n")
    # Grouped ignoring case and spacing, shown in the latest wording.
    assert declined == [
        "**2×** how do I BAKE a loaf of sourdough bread?",
        "**1×** Who won the 1998 World Cup?",
    ]
    assert shown["Most often marked not helpful"] == f"**2×** {SIGNED_WHERE}"
    assert embed["footer"]["text"].startswith("This server · since ")


async def test_stats_is_refused_to_a_member_and_nothing_is_computed(
    fake_discord: FakeDiscord, bot: RunningBot
):
    synced = fake_discord.command("stats")
    assert synced is not None
    assert synced["default_member_permissions"] == "32"  # hidden from members by Discord
    (days,) = synced["options"]
    assert (days["name"], days["min_value"], days["max_value"]) == ("days", 1, 365)

    interaction = await run_stats(fake_discord, MEMBER_ID)
    callback = await fake_discord.wait_for_interaction_response(interaction, "callback")
    assert callback.json["type"] == CALLBACK_MESSAGE  # refused at once, never deferred
    assert callback.json["data"]["flags"] & FLAG_EPHEMERAL
    assert callback.json["data"]["content"] == "Only moderators can use this command."
    assert [r.kind for r in interaction.responses] == ["callback"]
    assert any(f"refused /stats by reader ({MEMBER_ID})" in line for line in bot.log_lines)


# --- scaling out ------------------------------------------------------------------------------


async def test_a_shard_process_answers_and_records_votes_but_leaves_syncing_to_shard_0(
    fake_discord: FakeDiscord, monkeypatch, tmp_path: Path, corpus: CorpusDirs
):
    # The fake's one server lives on shard 1 of 2: (guild id >> 22) % 2, as Discord routes it.
    assert (GUILD_ID >> 22) % 2 == 1
    env = bot_environment(
        fake_discord, corpus.seeds_dir, corpus.data_dir, SHARD_COUNT="2", SHARD_IDS="1"
    )
    async with running_bot(fake_discord, monkeypatch, tmp_path, env) as running:
        (identify,) = fake_discord.identifies
        assert identify["shard"] == [1, 2]
        assert not any(r.method == "PUT" for r in fake_discord.requests)  # no command sync
        assert any("must use the same DATABASE_URL" in line for line in running.log_lines)
        answer = await ask(fake_discord, SIGNED_WHERE)
        reply = await vote(fake_discord, answer, "Helpful")
        assert reply["content"] == "Thanks — recorded as helpful."
    assert logged(corpus).helpful == 1


# --- why "Not helpful" ------------------------------------------------------------------------


async def test_not_helpful_asks_why_and_stats_shows_the_reasons(
    fake_discord: FakeDiscord, bot: RunningBot, corpus: CorpusDirs
):
    answer = await ask(fake_discord, SIGNED_WHERE)
    reply = await vote(
        fake_discord,
        answer,
        "Not helpful",
        why={"reason": ["wrong_quote"], "comment": "It quotes the @everyone *July* deal."},
    )
    assert reply["content"] == (
        "Thanks — recorded as not helpful. Noted for the moderators: wrong quote and your note."
    )
    # Closing the form without sending it still counts the click.
    click = await fake_discord.click(
        answer, vote_buttons(answer)["Not helpful"]["custom_id"], user_id=OWNER_ID
    )
    assert (await fake_discord.wait_for_interaction_response(click, "callback")).json["type"] == 9
    await bot.watcher.wait_for(": not helpful (new)", count=2)  # the member's and this one
    again = await vote(
        fake_discord, answer, "Not helpful", user_id=OWNER_ID, why={"reason": ["outdated"]}
    )
    assert again["content"] == (
        "Already recorded as not helpful. Noted for the moderators: outdated."
    )
    await bot.answers_logged()
    assert tally(corpus) == (0, 2)

    interaction = await run_stats(fake_discord, MODERATOR_ID, days=1)
    await fake_discord.wait_for_interaction_response(interaction, "followup")
    (embed,) = fake_discord.message(interaction.original_message_id)["embeds"]
    why = fields(embed)["Why not helpful"].split("\n")
    assert why == [
        "Wrong quote 1 · Missing information 0 · Outdated 1 · Other 0",
        "“It quotes the @\u200beveryone \\*July\\* deal.”",
    ]
    # A vote changed to helpful takes its reasons with it.
    await vote(fake_discord, answer, "Helpful")
    assert [c.count for c in logged(corpus).reasons] == [0, 0, 1, 0]
