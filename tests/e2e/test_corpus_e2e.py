"""`/ingest` and `/remove` end to end: the real bot and the real core against the fake Discord.

Each test runs on a private copy of the corpus built once per session (conftest's built_corpus),
and checks the seeds folder itself: what was written, or that nothing was. Questions go through
the bot (a mention), so "answerable" means what a member would see.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest

from index import MAX_INGEST_BYTES

from .bot_harness import (
    CorpusDirs,
    RunningBot,
    folder_snapshot,
)
from .fake_discord import (
    BOT_USER_ID,
    FLAG_EPHEMERAL,
    GENERAL_CHANNEL_ID,
    MEMBER_ID,
    MODERATOR_ID,
    OWNER_ID,
    FakeDiscord,
    FakeInteraction,
)

CALLBACK_MESSAGE, CALLBACK_DEFERRED, CALLBACK_UPDATE = 4, 5, 7
OPTION_ATTACHMENT = 11
CONFIRM, CANCEL = "corpus:remove:confirm", "corpus:remove:cancel"

HYDROGEN = b"""Port of Nagoya opens liquid hydrogen terminal

The Port of Nagoya opened Japan's first liquid hydrogen import terminal on November 12, 2025. The
terminal, built by Chubu Electric, can store 2,500 tonnes of liquid hydrogen in two insulated
tanks. The first shipment arrived from Victoria, Australia, aboard the carrier Suiso Frontier.
"""
HYDROGEN_TITLE = "Nagoya opens a liquid hydrogen terminal"
HYDROGEN_QUESTION = "How much liquid hydrogen can the Nagoya terminal store?"

JERA_SOURCE = "001_bd96c734c061e8b4"  # the only seed that names JERA
JERA_TITLE = "U.S. and Japan Sign Rare Earths Supply Deal"
JERA_QUESTION = "How much LNG will JERA import each year?"


# --- helpers ----------------------------------------------------------------------------------


async def ask(fake: FakeDiscord, question: str) -> str:
    """A member asks by mention; the bot's reply as text (content and embed description)."""
    since = fake.mark()
    posted = await fake.post_message(GENERAL_CHANNEL_ID, MEMBER_ID, f"<@{BOT_USER_ID}> {question}")
    reply = await fake.wait_for_message(
        GENERAL_CHANNEL_ID,
        since=since,
        predicate=lambda m: m.get("message_reference", {}).get("message_id") == posted["id"],
    )
    return "\n".join([reply["content"], *(e.get("description", "") for e in reply["embeds"])])


async def ingest(
    fake: FakeDiscord,
    data: bytes,
    *,
    filename: str = "article.txt",
    user_id: int = MODERATOR_ID,
    **options: str,
) -> FakeInteraction:
    attachment = fake.add_attachment(filename, data)
    options.setdefault("title", HYDROGEN_TITLE)
    return await fake.interact("ingest", {"file": attachment, **options}, user_id=user_id)


# Indexing an article with the real model takes seconds on an idle machine and several times
# that on a loaded one; the wait is a safety net against a hang, not a speed requirement.
INDEXING_TIMEOUT = 60.0


async def final_message(fake: FakeDiscord, interaction: FakeInteraction) -> dict:
    """The (ephemeral) message the command ended with: its reply, or its deferred follow-up."""
    callback = await fake.wait_for_interaction_response(interaction, "callback")
    assert callback.ok
    if callback.json["type"] == CALLBACK_DEFERRED:
        await fake.wait_for_interaction_response(interaction, "followup", timeout=INDEXING_TIMEOUT)
    message = fake.message(interaction.original_message_id)
    assert message["flags"] & FLAG_EPHEMERAL
    return message


def downloads(fake: FakeDiscord) -> list[str]:
    return [r.path for r in fake.requests if r.path.startswith("/cdn/")]


def manifest(corpus: CorpusDirs) -> dict:
    return tomllib.loads((corpus.seeds_dir / "sources.toml").read_text(encoding="utf-8"))


def fields(embed: dict) -> dict[str, str]:
    return {f["name"]: f["value"] for f in embed.get("fields", [])}


async def ask_to_remove(fake: FakeDiscord, source: str) -> dict:
    """A moderator runs `/remove` for `source`; the prompt with its buttons."""
    interaction = await fake.interact("remove", {"source": source}, user_id=MODERATOR_ID)
    prompt = await final_message(fake, interaction)
    assert interaction.callback_type == CALLBACK_MESSAGE  # nothing to wait for: asked at once
    return prompt


async def click(fake: FakeDiscord, prompt: dict, custom_id: str, user_id: int) -> FakeInteraction:
    clicked = await fake.click(prompt, custom_id, user_id=user_id)
    await fake.wait_for_interaction_response(clicked, "callback")
    return clicked


# --- the commands as Discord sees them --------------------------------------------------------


async def test_ingest_and_remove_are_synced_for_moderators_with_every_option_described(
    fake_discord: FakeDiscord, bot: RunningBot
):
    ingest_cmd = fake_discord.command("ingest")
    remove_cmd = fake_discord.command("remove")
    assert ingest_cmd and remove_cmd
    for command in (ingest_cmd, remove_cmd):
        assert command["default_member_permissions"] == "32"  # Manage Server
        assert command["contexts"] == [0]  # servers only
        assert all(o["description"] for o in command["options"])
    options = {o["name"]: o for o in ingest_cmd["options"]}
    assert list(options) == ["file", "title", "outlet", "published", "url", "author"]
    assert options["file"]["type"] == OPTION_ATTACHMENT
    assert [n for n, o in options.items() if o.get("required")] == ["file", "title"]
    (source,) = remove_cmd["options"]
    assert (source["name"], source["required"], source["autocomplete"]) == ("source", True, True)


# --- /ingest ----------------------------------------------------------------------------------


async def test_an_ingested_article_answers_questions_with_attribution_to_it(
    fake_discord: FakeDiscord, bot: RunningBot, corpus: CorpusDirs
):
    # Before: nothing the articles say is about the terminal (declined, or not about hydrogen).
    assert "liquid hydrogen" not in (await ask(fake_discord, HYDROGEN_QUESTION)).lower()

    interaction = await ingest(
        fake_discord,
        HYDROGEN,
        outlet="Test Wire",
        published="2025-11-12",
        url="https://example.com/nagoya-hydrogen",
        author="Aiko Mori",
    )
    callback = await fake_discord.wait_for_interaction_response(interaction, "callback")
    assert callback.json["type"] == CALLBACK_DEFERRED  # at once: indexing may take seconds
    assert callback.json["data"]["flags"] & FLAG_EPHEMERAL
    (embed,) = (await final_message(fake_discord, interaction))["embeds"]
    assert embed["title"] == "Article added"
    assert embed["description"] == (
        f"[{HYDROGEN_TITLE}](https://example.com/nagoya-hydrogen) — Test Wire, 12 Nov 2025\n"
        "by Aiko Mori"
    )
    assert fields(embed)["Sources"] == "6"
    assert int(fields(embed)["Its passages"]) >= 1
    assert embed["footer"]["text"].startswith("id: nagoya-opens-a-liquid-hydrogen-terminal · ")

    stored = corpus.seeds_dir / "nagoya-opens-a-liquid-hydrogen-terminal.txt"
    assert stored.read_bytes() == HYDROGEN
    assert manifest(corpus)[stored.name] == {
        "title": HYDROGEN_TITLE,
        "outlet": "Test Wire",
        "author": "Aiko Mori",
        "published": "2025-11-12",
        "url": "https://example.com/nagoya-hydrogen",
    }

    answer = await ask(fake_discord, HYDROGEN_QUESTION)
    assert "2,500 tonnes" in answer
    assert f"[{HYDROGEN_TITLE}](https://example.com/nagoya-hydrogen) — Test Wire, 12 Nov 2025" in (
        answer
    )


async def test_an_upload_declared_over_1_mb_is_refused_without_downloading_it(
    fake_discord: FakeDiscord, bot: RunningBot, corpus: CorpusDirs
):
    before = folder_snapshot(corpus.seeds_dir)
    interaction = await ingest(fake_discord, b"word " * (MAX_INGEST_BYTES // 5 + 1))
    message = await final_message(fake_discord, interaction)
    assert interaction.callback_type == CALLBACK_MESSAGE  # refused at once, never deferred
    assert message["content"] == (
        "Not added: the file is 1,000,005 bytes; articles can be at most 1 MB (1,000,000 bytes)."
    )
    assert downloads(fake_discord) == []
    assert folder_snapshot(corpus.seeds_dir) == before


@pytest.mark.parametrize(
    ("upload", "filename", "options", "reason"),
    [
        pytest.param(
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
            "notes.txt",
            {},
            "not readable text",
            id="binary",
        ),
        pytest.param(
            (Path(__file__).parents[2] / "seeds" / f"{JERA_SOURCE}.txt").read_bytes(),
            "my-copy.txt",
            {"title": "Some other title"},
            f"already indexed as “{JERA_TITLE}”",
            id="duplicate of a seed",
        ),
        pytest.param(HYDROGEN, "article.pdf", {}, ".txt or .md", id="not .txt or .md"),
        pytest.param(HYDROGEN, "a.txt", {"published": "12/11/2025"}, "YYYY-MM-DD", id="date"),
        pytest.param(HYDROGEN, "a.txt", {"url": "javascript:alert(1)"}, "http", id="url"),
        pytest.param(b" \n\t\n", "a.md", {}, "empty", id="empty"),
    ],
)
async def test_a_bad_upload_is_refused_with_the_reason_and_nothing_is_written(
    fake_discord: FakeDiscord,
    bot: RunningBot,
    corpus: CorpusDirs,
    upload: bytes,
    filename: str,
    options: dict[str, str],
    reason: str,
):
    before = folder_snapshot(corpus.seeds_dir), folder_snapshot(corpus.data_dir / "index")
    interaction = await ingest(fake_discord, upload, filename=filename, **options)
    message = await final_message(fake_discord, interaction)
    assert message["content"].startswith("Not added: ")
    assert reason in message["content"]
    assert message["embeds"] == []
    assert downloads(fake_discord)  # these are only known once read
    assert (folder_snapshot(corpus.seeds_dir), folder_snapshot(corpus.data_dir / "index")) == before


async def test_a_title_like_a_path_is_stored_under_a_safe_name_inside_the_seeds_folder(
    fake_discord: FakeDiscord, bot: RunningBot, corpus: CorpusDirs, tmp_path: Path
):
    everything_before = {p for p in tmp_path.rglob("*") if p.is_file()}
    interaction = await ingest(
        fake_discord, HYDROGEN, filename="passwd.txt", title="../../etc/passwd"
    )
    (embed,) = (await final_message(fake_discord, interaction))["embeds"]
    assert embed["title"] == "Article added"
    assert embed["footer"]["text"].startswith("id: etc-passwd · ")

    created = {p for p in tmp_path.rglob("*") if p.is_file()} - everything_before
    new_seeds = {p for p in created if p.parent == corpus.seeds_dir}
    assert new_seeds == {corpus.seeds_dir / "etc-passwd.txt"}
    assert all(p.is_relative_to(corpus.data_dir) for p in created - new_seeds)  # the index
    assert not (tmp_path / "etc").exists() and not (corpus.seeds_dir.parent / "etc").exists()
    assert manifest(corpus)["etc-passwd.txt"]["title"] == "../../etc/passwd"
    assert "2,500 tonnes" in await ask(fake_discord, HYDROGEN_QUESTION)


# --- /remove ----------------------------------------------------------------------------------


async def test_remove_autocompletes_asks_and_after_confirmation_the_facts_are_gone(
    fake_discord: FakeDiscord, bot: RunningBot, corpus: CorpusDirs
):
    assert "5.5 million tons" in await ask(fake_discord, JERA_QUESTION)
    typing = await fake_discord.autocomplete(
        "remove", {"source": "rare earths supply"}, focused="source", user_id=MODERATOR_ID
    )
    (choice,) = (await fake_discord.wait_for_interaction_response(typing, "callback")).json["data"][
        "choices"
    ]
    assert choice == {"name": JERA_TITLE, "value": JERA_SOURCE}

    prompt = await ask_to_remove(fake_discord, choice["value"])
    assert prompt["content"].startswith(f"Remove **{JERA_TITLE}**? ")
    assert prompt["embeds"][0]["title"] == JERA_TITLE
    assert (corpus.seeds_dir / f"{JERA_SOURCE}.txt").exists()  # nothing happens before Remove

    # Another moderator (here the owner) cannot answer someone else's confirmation.
    stranger = await click(fake_discord, prompt, CONFIRM, user_id=OWNER_ID)
    refusal = stranger.responses[0].json
    assert refusal["type"] == CALLBACK_MESSAGE
    assert refusal["data"]["flags"] & FLAG_EPHEMERAL
    assert "belongs to the moderator" in refusal["data"]["content"]
    assert (corpus.seeds_dir / f"{JERA_SOURCE}.txt").exists()

    confirmed = await click(fake_discord, prompt, CONFIRM, user_id=MODERATOR_ID)
    assert confirmed.callback_type == CALLBACK_UPDATE
    assert confirmed.responses[0].json["data"]["components"] == []  # no second press
    await fake_discord.wait_for_interaction_response(confirmed, "edit")
    (embed,) = prompt["embeds"]  # the live payload, as edited
    assert prompt["content"] == ""
    assert embed["title"] == "Article removed"
    assert embed["description"].startswith(f"**{JERA_TITLE}** — Clash Report, 28 Oct 2025\n")
    assert fields(embed)["Sources"] == "4"

    assert not (corpus.seeds_dir / f"{JERA_SOURCE}.txt").exists()
    assert f"{JERA_SOURCE}.txt" not in manifest(corpus)
    assert len(manifest(corpus)) == 4
    answer = await ask(fake_discord, JERA_QUESTION)
    assert "5.5 million tons" not in answer
    assert JERA_TITLE not in answer


async def test_cancel_leaves_the_article_the_index_and_the_answers_as_they_were(
    fake_discord: FakeDiscord, bot: RunningBot, corpus: CorpusDirs
):
    before = folder_snapshot(corpus.seeds_dir), folder_snapshot(corpus.data_dir / "index")
    prompt = await ask_to_remove(fake_discord, JERA_SOURCE)
    cancelled = await click(fake_discord, prompt, CANCEL, user_id=MODERATOR_ID)
    assert cancelled.callback_type == CALLBACK_UPDATE
    assert prompt["content"] == "Cancelled: nothing was removed."
    assert prompt["components"] == []
    assert (folder_snapshot(corpus.seeds_dir), folder_snapshot(corpus.data_dir / "index")) == before
    assert "5.5 million tons" in await ask(fake_discord, JERA_QUESTION)


async def test_unanswered_confirmation_times_out_with_its_buttons_disabled(
    fake_discord: FakeDiscord, bot: RunningBot, corpus: CorpusDirs, monkeypatch: pytest.MonkeyPatch
):
    # The module discord.py loaded as the extension (load_extension imports it afresh).
    monkeypatch.setattr(sys.modules["bot.cogs.corpus"], "CONFIRM_TIMEOUT", 0.05)
    before = folder_snapshot(corpus.seeds_dir)
    interaction = await fake_discord.interact(
        "remove", {"source": JERA_SOURCE}, user_id=MODERATOR_ID
    )
    await fake_discord.wait_for_interaction_response(interaction, "edit")
    prompt = fake_discord.message(interaction.original_message_id)
    assert prompt["content"].startswith("No answer in time: nothing was removed.")
    buttons = [c for row in prompt["components"] for c in row["components"]]
    assert [(b["custom_id"], b["disabled"]) for b in buttons] == [(CONFIRM, True), (CANCEL, True)]
    assert folder_snapshot(corpus.seeds_dir) == before


async def test_removing_an_unknown_source_says_so(fake_discord: FakeDiscord, bot: RunningBot):
    interaction = await fake_discord.interact(
        "remove", {"source": "no such article"}, user_id=MODERATOR_ID
    )
    message = await final_message(fake_discord, interaction)
    assert message["content"].startswith("No article matches “no such article”.")
    assert message["components"] == []


# --- members ----------------------------------------------------------------------------------


async def test_a_member_is_refused_both_commands_and_nothing_is_read_or_written(
    fake_discord: FakeDiscord, bot: RunningBot, corpus: CorpusDirs
):
    before = folder_snapshot(corpus.seeds_dir), folder_snapshot(corpus.data_dir / "index")
    refused = [
        await ingest(fake_discord, HYDROGEN, user_id=MEMBER_ID),
        await fake_discord.interact("remove", {"source": JERA_SOURCE}, user_id=MEMBER_ID),
    ]
    for interaction in refused:
        message = await final_message(fake_discord, interaction)
        assert interaction.callback_type == CALLBACK_MESSAGE
        assert "moderators" in message["content"].lower()
        assert message["components"] == []
    assert downloads(fake_discord) == []
    assert (folder_snapshot(corpus.seeds_dir), folder_snapshot(corpus.data_dir / "index")) == before
    # Before: nothing the articles say is about the terminal (declined, or not about hydrogen).
    assert "liquid hydrogen" not in (await ask(fake_discord, HYDROGEN_QUESTION)).lower()
    assert "5.5 million tons" in await ask(fake_discord, JERA_QUESTION)


# --- members keep asking ------------------------------------------------------------------------


async def test_members_are_answered_while_an_article_is_being_indexed(
    fake_discord: FakeDiscord, bot: RunningBot
):
    # Long enough to take the real model seconds to embed; a question takes a fraction of that.
    lines = (
        f"Harbour log {n}: the freighter Kestrel {n} unloaded {n * 7} tonnes of copper ore at "
        f"berth {n % 40} before noon."
        for n in range(120)
    )
    article = "Harbour logs\n\n" + "\n".join(lines)
    interaction = await ingest(fake_discord, article.encode(), title="Harbour logs")
    await fake_discord.wait_for(lambda r: r.path.startswith("/cdn/"))  # indexing starts now
    assert "Akasaka Palace" in await ask(fake_discord, "Where was the agreement signed?")
    assert not [r for r in interaction.responses if r.kind == "followup"]  # still indexing
    (embed,) = (await final_message(fake_discord, interaction))["embeds"]
    assert embed["title"] == "Article added"
