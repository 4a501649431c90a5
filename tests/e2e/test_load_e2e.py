"""Members keep getting answers while a moderator adds a long article (issue 9, failure 1).

One bot, 25 members asking 4 questions each, one after another (each waits for its answer
before asking the next, as people do): first with nothing else going on, then while `/ingest`
indexes a 5,000-word article. Every question must be answered exactly once, and the answers'
p95 latency during the ingest must stay within 3x of the same run without it. A `/reindex` sent
in the middle of it is told at once that a rebuild is running. Latencies are measured, from the
moment a member posts until the reply reaches Discord, never slept for.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .bot_harness import CorpusDirs, RunningBot, bot_environment, copy_of, running_bot
from .fake_discord import (
    BOT_USER_ID,
    FLAG_EPHEMERAL,
    GENERAL_CHANNEL_ID,
    MODERATOR_ID,
    FakeDiscord,
    FakeInteraction,
    FakeUser,
    Json,
    World,
)

MEMBERS = 25
QUESTIONS_EACH = 4
MAX_SLOWDOWN = 3.0  # the bound: p95 during the ingest within 3x of the quiet run
ANSWER_TIMEOUT = 120.0  # generous: a stalled bot fails on the ratio, not on a timeout
MEMBER_IDS = tuple(1_100_000_000_000_002_000 + n for n in range(MEMBERS))
CALLBACK_MESSAGE = 4

# Answerable and out-of-scope questions, as members mix them.
QUESTIONS = (
    "Who signed the US-Japan rare earths framework?",
    "Where was the agreement signed?",
    "How big is Japan's investment pledge in the US?",
    "When will JERA start importing US LNG?",
    "What share of rare earths does China process?",
    "What is the stockpiling arrangement?",
    "What is lithium essential for?",
    "Where will Trump and Xi meet?",
    "What is the tallest mountain in Africa?",
    "Which team won the NBA finals?",
)


def _parts(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(";"))


# The article's building blocks: every sentence combines one of each, with its own numbers.
ACTORS = _parts(
    "The port authority; Regional planners; A consortium of shipping lines; The city council; "
    "Engineers from the ministry; Local fishermen; Union representatives; The environmental "
    "agency; Private investors; The harbour master"
)
VERBS = _parts("approved; questioned; delayed; funded; inspected; proposed; criticised; expanded")
WORKS = _parts(
    "a new breakwater; the dredging of the channel; an electric crane fleet; a cold-storage "
    "warehouse; the widening of the access road; a shore-power connection for cruise ships; a "
    "hydrogen bunkering pilot; the relocation of the fish market; a customs inspection hall"
)
PLACES = _parts(
    "Calder Bay; the northern terminal; Harwick; the old rail yard; Pier 7; the free-trade "
    "zone; Lowmoor; the container basin; Eastgate; the ferry quay"
)
REASONS = _parts(
    "to cut waiting times for freight trucks; after a winter storm damaged the quay; because "
    "cargo volumes rose sharply; to meet new emission rules; following complaints from "
    "residents; to attract larger vessels; as part of a ten-year master plan"
)
MONTHS = _parts("March; June; September; December")


def long_article(words: int = 5000, seed: int = 9) -> str:
    """A news-like article of about `words` words in paragraphs; no sentence repeats."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    count = n = 0
    while count < words:
        sentences = []
        for _ in range(5):
            n += 1
            sentences.append(
                f"{rng.choice(ACTORS)} {rng.choice(VERBS)} {rng.choice(WORKS)} at "
                f"{rng.choice(PLACES)} in {rng.choice(MONTHS)} {2018 + n % 7}, "
                f"{rng.choice(REASONS)}, at a cost of {10 + n * 3} million euros "
                f"and with {n * 11} workers."
            )
        paragraphs.append(" ".join(sentences))
        count += len(paragraphs[-1].split())
    return "Port Calder expansion: a decade of works\n\n" + "\n\n".join(paragraphs) + "\n"


@dataclass(frozen=True)
class Asked:
    """One question a member posted, and how long its answer took to reach Discord."""

    message_id: str
    seconds: float


@pytest.fixture
async def crowd() -> AsyncIterator[FakeDiscord]:
    """A fake Discord whose server has 25 more members, the askers."""
    world = World()
    people = (*world.people, *(FakeUser(i, f"member{n}") for n, i in enumerate(MEMBER_IDS)))
    async with FakeDiscord(World(people=people)) as fake:
        yield fake


@pytest.fixture
async def bot(
    crowd: FakeDiscord, built_corpus: CorpusDirs, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> AsyncIterator[RunningBot]:
    corpus = copy_of(built_corpus, tmp_path / "corpus")
    env = bot_environment(crowd, corpus.seeds_dir, corpus.data_dir, COOLDOWN_SECONDS="0")
    async with running_bot(crowd, monkeypatch, tmp_path, env) as running:
        yield running


async def ask_in_turn(fake: FakeDiscord, member_id: int, first: int) -> list[Asked]:
    """A member asks QUESTIONS_EACH questions, each after the previous one was answered."""
    asked = []
    for n in range(QUESTIONS_EACH):
        question = QUESTIONS[(first + n) % len(QUESTIONS)]
        since = fake.mark()
        started = time.perf_counter()
        posted = await fake.post_message(
            GENERAL_CHANNEL_ID, member_id, f"<@{BOT_USER_ID}> {question}"
        )
        await fake.wait_for_message(
            GENERAL_CHANNEL_ID,
            since=since,
            predicate=lambda m, posted=posted: _replies_to(m) == posted["id"],
            timeout=ANSWER_TIMEOUT,
        )
        asked.append(Asked(posted["id"], time.perf_counter() - started))
    return asked


async def crowd_asks(fake: FakeDiscord) -> list[Asked]:
    """Every member asks their questions at the same time; all the answers' timings."""
    rounds = await asyncio.gather(
        *(ask_in_turn(fake, member, n) for n, member in enumerate(MEMBER_IDS))
    )
    return [asked for member in rounds for asked in member]


def _replies_to(message: Json) -> str | None:
    reference = message.get("message_reference") or {}
    found = reference.get("message_id")
    return None if found is None else str(found)


def p95(seconds: list[float]) -> float:
    return statistics.quantiles(seconds, n=20, method="inclusive")[-1]


def p50(seconds: list[float]) -> float:
    return statistics.median(seconds)


async def test_members_keep_getting_answers_while_a_long_article_is_ingested(
    crowd: FakeDiscord, bot: RunningBot
):
    quiet = await crowd_asks(crowd)

    attachment = crowd.add_attachment("port.txt", long_article().encode())
    ingest = await crowd.interact(
        "ingest", {"file": attachment, "title": "Port Calder expansion"}, user_id=MODERATOR_ID
    )
    await crowd.wait_for_interaction_response(ingest, "callback")  # deferred: under way
    members = asyncio.create_task(crowd_asks(crowd))
    # Meanwhile another moderator asks for a rebuild: told at once that one is running.
    reindex = await crowd.interact("reindex", user_id=MODERATOR_ID)
    told = await crowd.wait_for_interaction_response(reindex, "callback", timeout=ANSWER_TIMEOUT)
    told_during_ingest = not _finished(ingest)
    busy = await members
    answered_during_ingest = not _finished(ingest)
    # The report: a follow-up, or (after progress lines for a long build) an edit of the reply.
    await crowd.wait_for_interaction_response(
        ingest,
        predicate=lambda r: r.kind in ("followup", "edit") and bool((r.json or {}).get("embeds")),
        timeout=ANSWER_TIMEOUT,
    )

    quiet_s, busy_s = [a.seconds for a in quiet], [a.seconds for a in busy]
    figures = (
        f"{len(busy_s)} answers without the ingest: p50 {p50(quiet_s):.3f}s, "
        f"p95 {p95(quiet_s):.3f}s; during it: p50 {p50(busy_s):.3f}s, p95 {p95(busy_s):.3f}s"
    )
    print(figures)  # for the README (pytest -s)
    (added,) = crowd.message(ingest.original_message_id)["embeds"]
    assert added["title"] == "Article added"
    assert told.json["type"] == CALLBACK_MESSAGE  # answered, not deferred behind the ingest
    assert told.json["data"]["flags"] & FLAG_EPHEMERAL
    assert "already running" in told.json["data"]["content"]
    assert told_during_ingest
    assert answered_during_ingest, "the ingest ended before the members' questions did"
    # Every question answered exactly once, in both runs.
    assert len(quiet) == len(busy) == MEMBERS * QUESTIONS_EACH
    replies = Counter(_replies_to(m) for m in crowd.sent_messages)
    assert [a for a in (*quiet, *busy) if replies[a.message_id] != 1] == []
    assert p95(busy_s) <= MAX_SLOWDOWN * p95(quiet_s), figures


def _finished(interaction: FakeInteraction) -> bool:
    return any(response.kind == "followup" for response in interaction.responses)
