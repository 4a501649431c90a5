"""Talking to the bot, end to end: small talk, /help, declines that help, follow-ups, the
question on /ask answers, quotes in context, /source's opening, other languages, forum posts,
threads per question, the message menu, and notices only the member sees.

The real bot (started as `python -m bot` starts it) and the real core, against the fake Discord.
Each test has its own copy of the corpus built once per session, so its answer log starts empty.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.storage import Storage, default_database_url

from .bot_harness import CorpusDirs, RunningBot, bot_environment, running_bot
from .fake_discord import (
    BOT_CHANNEL_ID,
    BOT_USER_ID,
    FLAG_EPHEMERAL,
    FORUM_CHANNEL_ID,
    GENERAL_CHANNEL_ID,
    GUILD_ID,
    MEMBER_ID,
    MODERATOR_ID,
    FakeDiscord,
    FakeInteraction,
)

MENTION = f"<@{BOT_USER_ID}>"
SIGNED_WHERE = "Where was the agreement signed?"
JERA_WHEN = "When will JERA start importing US LNG?"
OUT_OF_SCOPE = "How do I bake a loaf of sourdough bread?"
READ_WITH = "*Read with your earlier question:* "
MESSAGES = "/channels/{channel_id}/messages"
CONTEXT_ID = re.compile(r"qx:v1:(\d):([\w.~-]+):(\d+):(\d+)")


def env_with(fake: FakeDiscord, corpus: CorpusDirs, **extra: str) -> dict[str, str]:
    return bot_environment(fake, corpus.seeds_dir, corpus.data_dir, **extra)


# --- helpers ----------------------------------------------------------------------------------


def replying_to(message: dict):
    return lambda m: m.get("message_reference", {}).get("message_id") == message["id"]


async def post(fake: FakeDiscord, text: str, *, channel: int = GENERAL_CHANNEL_ID, **kw) -> dict:
    return await fake.post_message(channel, MEMBER_ID, text, **kw)


async def reply_to(fake: FakeDiscord, posted: dict, *, channel: int | None = None) -> dict:
    where = channel if channel is not None else int(posted["channel_id"])
    return await fake.wait_for_message(where, predicate=replying_to(posted), since=0)


async def ask(fake: FakeDiscord, text: str, **kw) -> dict:
    """Mention the bot with `text`; the bot's reply."""
    posted = await post(fake, f"{MENTION} {text}", **kw)
    return await reply_to(fake, posted)


def description(message: dict) -> str:
    (embed,) = message["embeds"]
    return embed["description"]


def quoted(message: dict) -> str:
    return description(message).replace("\\", "")


def asked_count(corpus: CorpusDirs) -> int:
    """Questions in the answer log (over the last day)."""
    salt = (corpus.data_dir / "member-salt").read_text(encoding="ascii")
    with Storage.open(default_database_url(corpus.data_dir), salt=salt) as storage:
        return storage.stats(1, guild_id=GUILD_ID).asked


def buttons(message: dict) -> list[dict]:
    return [b for row in message["components"] for b in row["components"] if b["type"] == 2]


def examples_in(text: str) -> list[str]:
    return re.findall(r"“([^”]+)”", text)


async def interaction_message(fake: FakeDiscord, interaction: FakeInteraction) -> dict:
    await fake.wait_for_interaction_response(interaction, "followup")
    return fake.message(interaction.original_message_id)


async def slash_ask(fake: FakeDiscord, question: str, **options) -> dict:
    interaction = await fake.interact("ask", {"question": question, **options}, user_id=MEMBER_ID)
    return await interaction_message(fake, interaction)


def assert_no_pings(fake: FakeDiscord) -> None:
    """Every message the bot sent or edited allowed no mentions at all."""
    for request in fake.requests:
        sends = request.route.endswith(("/messages", "/messages/{message_id}")) or (
            request.kind in ("followup", "edit")
        )
        if sends and request.method in ("POST", "PATCH") and isinstance(request.json, dict):
            assert request.json.get("allowed_mentions", {}).get("parse") == [], request


# --- small talk and help ----------------------------------------------------------------------


async def test_small_talk_in_an_ask_channel_gets_a_reaction_or_nothing_and_is_not_logged(
    fake_discord: FakeDiscord, corpus: CorpusDirs, monkeypatch, tmp_path: Path
):
    env = env_with(fake_discord, corpus, ASK_CHANNEL_IDS=str(BOT_CHANNEL_ID))
    async with running_bot(fake_discord, monkeypatch, tmp_path, env) as running:
        hello = await post(fake_discord, "hi!", channel=BOT_CHANNEL_ID)
        laugh = await post(fake_discord, "lol", channel=BOT_CHANNEL_ID)
        thanks = await post(fake_discord, "thanks, that's useful!", channel=BOT_CHANNEL_ID)
        emoji = await post(fake_discord, "👍", channel=BOT_CHANNEL_ID)
        question = await post(fake_discord, SIGNED_WHERE, channel=BOT_CHANNEL_ID)
        answer = await reply_to(fake_discord, question)
        assert "Akasaka Palace" in quoted(answer)
        await fake_discord.wait_for_request(
            "PUT", f"/channels/{BOT_CHANNEL_ID}/messages/{thanks['id']}/reactions/👍/@me"
        )
        await running.answers_logged()
    assert fake_discord.reactions_on(hello) == ["👋"]
    assert fake_discord.reactions_on(thanks) == ["👍"]
    assert fake_discord.reactions_on(laugh) == [] and fake_discord.reactions_on(emoji) == []
    replies = [m for m in fake_discord.sent_messages if m["channel_id"] == str(BOT_CHANNEL_ID)]
    assert replies == [answer]  # no decline for any of the chatter
    assert asked_count(corpus) == 1  # only the question was logged


async def test_a_greeting_addressed_to_the_bot_gets_a_friendly_line_with_an_answerable_example(
    fake_discord: FakeDiscord, bot: RunningBot, corpus: CorpusDirs
):
    greeting = await ask(fake_discord, "hi!")
    assert greeting["content"].startswith("Hi! Ask me anything about the articles, e.g. “")
    (example,) = examples_in(greeting["content"])
    thanks = await ask(fake_discord, "thanks!")
    assert thanks["content"].startswith("You're welcome!")
    await bot.answers_logged()
    assert asked_count(corpus) == 0
    answer = await ask(fake_discord, example)
    assert answer["embeds"], f"the example {example!r} was not answered"


async def test_slash_ask_with_a_greeting_gets_the_greeting_line_at_once_and_is_not_logged(
    fake_discord: FakeDiscord, bot: RunningBot, corpus: CorpusDirs
):
    interaction = await fake_discord.interact(
        "ask", {"question": "gm everyone how's it going 😄"}, user_id=MEMBER_ID
    )
    callback = await fake_discord.wait_for_interaction_response(interaction, "callback")
    assert callback.json["type"] == 4 and callback.json["data"]["flags"] & FLAG_EPHEMERAL
    assert callback.json["data"]["content"].startswith("Hi! Ask me anything about the articles")
    await bot.answers_logged()
    assert asked_count(corpus) == 0  # chatter is no question the articles missed


@pytest.mark.parametrize("text", ["help", "What can you do?"])
async def test_help_by_mention_shows_the_help(fake_discord: FakeDiscord, bot: RunningBot, text):
    reply = await ask(fake_discord, text)
    (embed,) = reply["embeds"]
    names = [f["name"] for f in embed["fields"]]
    assert names == ["What I know (5 articles)", "How to ask", "Try asking"]  # no moderators'
    assert "U.S. and Japan Sign Rare Earths Supply Deal" in embed["fields"][0]["value"]
    assert not reply["content"]  # the help, not a decline


async def test_slash_help_lists_answerable_examples_and_moderator_commands_to_moderators(
    fake_discord: FakeDiscord, bot: RunningBot, corpus: CorpusDirs
):
    member = await fake_discord.interact("help", user_id=MEMBER_ID)
    shown = await interaction_message(fake_discord, member)
    assert shown["flags"] & FLAG_EPHEMERAL
    (embed,) = shown["embeds"]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert "For moderators" not in fields
    assert len(fields["What I know (5 articles)"].split("\n")) == 5
    for way in ("Mention me", "Reply", "/ask", "Ask quotebot", "Context"):
        assert way in fields["How to ask"]
    examples = examples_in(fields["Try asking"])
    assert len(examples) == 3
    for example in examples:
        answer = await ask(fake_discord, example)
        assert answer["embeds"], f"the example {example!r} was not answered"

    moderator = await fake_discord.interact("help", user_id=MODERATOR_ID)
    (embed,) = (await interaction_message(fake_discord, moderator))["embeds"]
    moderators = {f["name"]: f["value"] for f in embed["fields"]}["For moderators"]
    assert all(c in moderators for c in ("/reindex", "/ingest", "/remove", "/stats"))


async def help_examples(fake: FakeDiscord) -> list[str]:
    shown = await interaction_message(fake, await fake.interact("help", user_id=MEMBER_ID))
    (embed,) = shown["embeds"]
    return examples_in({f["name"]: f["value"] for f in embed["fields"]}["Try asking"])


async def test_questions_members_found_helpful_come_first_but_never_private_ones(
    fake_discord: FakeDiscord, bot: RunningBot
):
    before = await help_examples(fake_discord)
    private = await slash_ask(fake_discord, "What is lithium essential for?", private=True)
    mine = next(b for b in buttons(private) if b["label"] == "Helpful")
    click = await fake_discord.click(private, mine["custom_id"], user_id=MEMBER_ID)
    await fake_discord.wait_for_interaction_response(click, "followup")
    assert await help_examples(fake_discord) == before  # seen by the asker only: not shown

    public = await ask(fake_discord, SIGNED_WHERE)
    theirs = next(b for b in buttons(public) if b["label"] == "Helpful")
    click = await fake_discord.click(public, theirs["custom_id"], user_id=MODERATOR_ID)
    await fake_discord.wait_for_interaction_response(click, "followup")
    examples = await help_examples(fake_discord)
    assert examples[0] == SIGNED_WHERE and examples[1:] == before[:2]


# --- declines and other languages -------------------------------------------------------------


async def test_a_decline_is_two_lines_pointing_to_questions_the_articles_answer(
    fake_discord: FakeDiscord, bot: RunningBot
):
    declined = await ask(fake_discord, OUT_OF_SCOPE)
    first, second = declined["content"].split("\n")
    assert first == "The articles I have don't cover that, so I won't guess."
    examples = examples_in(second)
    assert len(examples) == 2
    for title in ("Rare Earths Supply Deal", "Critical Minerals Agreement with U.S."):
        assert title not in declined["content"]  # not a list of titles
    for example in examples:
        answer = await ask(fake_discord, example)
        assert answer["embeds"], f"the example {example!r} was not answered"


async def test_the_bots_name_typed_to_address_it_is_not_searched_for(fake_discord: FakeDiscord, bot: RunningBot):
    # no article mentions "quotebot": read as part of the question, it had been declined
    answer = await ask(fake_discord, "yo quotebot, where was the agreement signed?")
    assert "Akasaka Palace" in quoted(answer)


async def test_a_question_about_a_place_no_article_mentions_is_told_so(
    fake_discord: FakeDiscord, bot: RunningBot
):
    reply = await ask(fake_discord, "will taiwan join the us japan minerals framework?")
    first, second = reply["content"].split("\n")
    assert first == "None of the articles mention Taiwan. I won't guess."
    assert second.startswith("They do answer, e.g., “")
    assert reply["embeds"] == [] and reply["components"] == []


async def test_asking_who_wrote_an_article_without_a_byline_is_told_it_names_none(
    fake_discord: FakeDiscord, bot: RunningBot
):
    reply = await ask(fake_discord, "who wrote the clash report article?")
    first, second = reply["content"].split("\n")
    assert first == (
        "“U.S. and Japan Sign Rare Earths Supply Deal” (Clash Report) doesn't name its author. I won't guess."
    )
    assert second == "`/source` shows what it does record."
    assert "Chaney" not in reply["content"] and reply["embeds"] == []


async def test_a_question_in_japanese_is_told_the_bot_reads_english(
    fake_discord: FakeDiscord, bot: RunningBot
):
    reply = await ask(fake_discord, "レアアースの協定はどこで署名されましたか？")
    assert reply["content"].startswith(
        "That looks like Japanese. I can only read questions in English"
    )
    assert "don't cover" not in reply["content"]
    assert reply["embeds"] == [] and reply["components"] == []


# --- follow-ups -------------------------------------------------------------------------------


async def test_a_reply_to_an_answer_is_read_with_the_earlier_question(
    fake_discord: FakeDiscord, bot: RunningBot
):
    first = await ask(fake_discord, JERA_WHEN)
    assert "2030" in quoted(first)
    alone = await ask(fake_discord, "how much?")
    assert "5.5 million tons" not in str(alone)

    follow = await post(fake_discord, "how much?", reply_to=first)
    answer = await reply_to(fake_discord, follow)
    text = quoted(answer)
    assert "5.5 million tons" in text
    assert description(answer).startswith(f"{READ_WITH}{JERA_WHEN} How much?")

    standalone = await post(fake_discord, SIGNED_WHERE, reply_to=first)
    other = await reply_to(fake_discord, standalone)
    assert READ_WITH not in description(other) and "Akasaka Palace" in quoted(other)

    # A follow-up of the follow-up is read with the question as it was understood.
    again = await post(fake_discord, "and for how long?", reply_to=answer)
    longer = await reply_to(fake_discord, again)
    assert "20 years" in quoted(longer)
    assert description(longer).startswith(f"{READ_WITH}{JERA_WHEN} How much? And for how long?")


async def test_a_reply_to_a_public_ask_answer_is_read_with_its_question(
    fake_discord: FakeDiscord, bot: RunningBot
):
    answer = await slash_ask(fake_discord, JERA_WHEN)
    (embed,) = answer["embeds"]
    assert embed["title"] == JERA_WHEN  # the channel sees what was asked
    follow = await post(fake_discord, "how much?", reply_to=answer)
    reply = await reply_to(fake_discord, follow)
    assert "5.5 million tons" in quoted(reply)
    private = await slash_ask(fake_discord, SIGNED_WHERE, private=True)
    assert private["embeds"][0]["title"] == SIGNED_WHERE


# --- context on demand ------------------------------------------------------------------------


async def click_context(fake: FakeDiscord, answer: dict, number: int = 1) -> dict:
    button = next(b for b in buttons(answer) if b["label"] == f"Context {number}")
    click = await fake.click(answer, button["custom_id"], user_id=MODERATOR_ID)
    callback = await fake.wait_for_interaction_response(click, "callback")
    assert callback.json["data"]["flags"] & FLAG_EPHEMERAL
    shown = await interaction_message(fake, click)
    assert shown["flags"] & FLAG_EPHEMERAL
    return shown


async def test_a_quote_expands_to_its_paragraph_and_article_even_after_a_restart(
    fake_discord: FakeDiscord, corpus: CorpusDirs, monkeypatch, tmp_path: Path
):
    env = env_with(fake_discord, corpus)
    async with running_bot(fake_discord, monkeypatch, tmp_path, env):
        answer = await ask(fake_discord, "What is lithium essential for?")
        labels = [b["label"] for b in buttons(answer)]
        assert labels[:2] == ["Helpful", "Not helpful"]
        assert labels[2:] == [f"Context {n}" for n in range(1, len(labels) - 1)]
        assert all(CONTEXT_ID.fullmatch(b["custom_id"]) for b in buttons(answer)[2:])
    async with running_bot(fake_discord, monkeypatch, tmp_path, env):
        shown = await click_context(fake_discord, answer)
    (embed,) = shown["embeds"]
    assert (
        embed["title"] == "U.S.–Japan trade agreement on mining and critical mineral supply chains"
    )
    text = embed["description"]
    # The quote (the lead-in with its list, where lithium's line is) in bold, in its paragraph.
    assert "Lithium is essential for rechargeable batteries." in text and "**" in text
    assert "Rare earth elements such as neodymium, dysprosium, and lithium" in text
    assert "reply to the answer" in text  # how to follow up
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Published"] == "28 Oct 2025" and fields["Link"] == "none recorded"
    assert embed["footer"]["text"].startswith("Quote 1 in context · ")


async def test_a_follow_up_asked_from_a_context_card_is_read_with_the_answers_question(
    fake_discord: FakeDiscord, bot: RunningBot
):
    answer = await ask(fake_discord, JERA_WHEN)
    card = await click_context(fake_discord, answer)
    (embed,) = card["embeds"]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Your question"] == JERA_WHEN
    (follow_button,) = buttons(card)
    assert follow_button["label"] == "Ask a follow-up"
    click = await fake_discord.click(card, follow_button["custom_id"], user_id=MODERATOR_ID)
    opened = await fake_discord.wait_for_interaction_response(click, "callback")
    assert opened.json["type"] == 9  # a modal
    submitted = await fake_discord.submit_modal(click, {"question": "how much?"})
    reply = await interaction_message(fake_discord, submitted)
    assert reply["flags"] & FLAG_EPHEMERAL
    assert "5.5 million tons" in quoted(reply)
    assert description(reply).startswith(f"{READ_WITH}{JERA_WHEN} How much?")


async def test_a_stale_context_button_says_so_instead_of_showing_wrong_words(
    fake_discord: FakeDiscord, bot: RunningBot
):
    answer = await ask(fake_discord, "What is lithium essential for?")
    button = next(b for b in buttons(answer) if b["label"] == "Context 1")
    number, key, start, end = CONTEXT_ID.fullmatch(button["custom_id"]).groups()
    # The article was edited since this answer: the span no longer starts a sentence.
    button["custom_id"] = f"qx:v1:{number}:{key}:{int(start) + 3}:{end}"
    shown = await click_context(fake_discord, fake_discord.message(answer["id"]))
    assert shown["content"].startswith("I can't show that quote's context any more")


async def test_source_shows_a_clean_opening_without_the_title(
    fake_discord: FakeDiscord, bot: RunningBot
):
    shown = await fake_discord.interact(
        "source", {"name": "001_bd96c734c061e8b4"}, user_id=MEMBER_ID
    )
    callback = await fake_discord.wait_for_interaction_response(shown, "callback")
    (embed,) = callback.json["data"]["embeds"]
    assert embed["title"] == "U.S. and Japan Sign Rare Earths Supply Deal"
    opening = embed["description"]
    assert opening.startswith("> Washington and Tokyo signed a rare earths")
    assert "Sign Rare Earths Supply Deal" not in opening
    assert opening.rstrip().endswith(".")  # cut at a sentence, never mid-word
    assert "spend" not in opening.split()[-1]


# --- forums, threads and notices --------------------------------------------------------------


async def test_a_forum_post_is_answered_in_the_post_and_follow_ups_there_keep_context(
    fake_discord: FakeDiscord, corpus: CorpusDirs, monkeypatch, tmp_path: Path
):
    env = env_with(fake_discord, corpus, ASK_CHANNEL_IDS=str(FORUM_CHANNEL_ID))
    async with running_bot(fake_discord, monkeypatch, tmp_path, env):
        thread, starter = await fake_discord.create_forum_post(
            FORUM_CHANNEL_ID, MEMBER_ID, "JERA and US gas", f"{JERA_WHEN} I saw it in the news."
        )
        answer = await reply_to(fake_discord, starter, channel=int(thread["id"]))
        assert "2030" in quoted(answer)
        assert answer["embeds"][0]["title"].startswith(JERA_WHEN)
        helping = await fake_discord.post_message(int(thread["id"]), MEMBER_ID, "help")
        shown = await reply_to(fake_discord, helping, channel=int(thread["id"]))
        assert shown["embeds"][0]["title"] == "Ask me about the news articles"
        # Read with the last question answered in the post, not with "help".
        follow = await fake_discord.post_message(int(thread["id"]), MEMBER_ID, "how much?")
        reply = await reply_to(fake_discord, follow, channel=int(thread["id"]))
        assert "5.5 million tons" in quoted(reply)
        assert description(reply).startswith(READ_WITH + JERA_WHEN)
        chatter = await fake_discord.post_message(int(thread["id"]), MEMBER_ID, "thanks!")
        await fake_discord.wait_for(lambda r: "/reactions/" in r.path)
    assert fake_discord.reactions_on(chatter) == ["👍"]
    in_forum = [m for m in fake_discord.sent_messages if m["channel_id"] == str(FORUM_CHANNEL_ID)]
    assert in_forum == []
    assert_no_pings(fake_discord)


async def test_ask_threads_answer_each_question_in_a_thread_named_after_it(
    fake_discord: FakeDiscord, corpus: CorpusDirs, monkeypatch, tmp_path: Path
):
    env = env_with(fake_discord, corpus, ASK_CHANNEL_IDS=str(BOT_CHANNEL_ID), ASK_THREADS="true")
    async with running_bot(fake_discord, monkeypatch, tmp_path, env):
        question = await post(fake_discord, JERA_WHEN, channel=BOT_CHANNEL_ID)
        created = await fake_discord.wait_for_request(
            "POST", f"/channels/{BOT_CHANNEL_ID}/messages/{question['id']}/threads"
        )
        assert created.json["name"] == JERA_WHEN
        thread_id = int(question["id"])  # a thread started from a message has its id
        answer = await fake_discord.wait_for_message(thread_id)
        assert "2030" in quoted(answer) and answer["embeds"][0]["title"] == JERA_WHEN
        follow = await fake_discord.post_message(thread_id, MEMBER_ID, "how much?")
        reply = await reply_to(fake_discord, follow, channel=thread_id)
        assert "5.5 million tons" in quoted(reply)
    in_channel = [m for m in fake_discord.sent_messages if m["channel_id"] == str(BOT_CHANNEL_ID)]
    assert in_channel == []  # the channel only lists the questions, each with its thread
    assert fake_discord.thread(thread_id)["parent_id"] == str(BOT_CHANNEL_ID)
    assert_no_pings(fake_discord)


async def test_cooldown_and_error_notices_in_a_channel_are_deleted_after_a_while(
    fake_discord: FakeDiscord, corpus: CorpusDirs, monkeypatch, tmp_path: Path
):
    env = env_with(fake_discord, corpus, COOLDOWN_SECONDS="60", NOTICE_SECONDS="0.05")
    async with running_bot(fake_discord, monkeypatch, tmp_path, env):
        assert (await ask(fake_discord, SIGNED_WHERE))["embeds"]
        notice = await ask(fake_discord, SIGNED_WHERE)
        assert notice["content"].startswith("You're asking quickly: try again in ")
        too_long = await ask(fake_discord, "Why " * 600)
        assert "2000" in too_long["content"].replace(",", "")
        for message in (notice, too_long):
            path = f"/channels/{GENERAL_CHANNEL_ID}/messages/{message['id']}"
            assert (await fake_discord.wait_for_request("DELETE", path)).status == 204
        answer_kept = [m for m in fake_discord.sent_messages if m["embeds"]]
        assert len(answer_kept) == 1  # the answer itself stays
    assert_no_pings(fake_discord)


# --- the message menu -------------------------------------------------------------------------


async def test_ask_quotebot_on_a_message_answers_it_privately(
    fake_discord: FakeDiscord, bot: RunningBot, corpus: CorpusDirs
):
    target = await fake_discord.post_message(GENERAL_CHANNEL_ID, MODERATOR_ID, SIGNED_WHERE)
    opened = await fake_discord.context_menu("Ask quotebot", target, user_id=MEMBER_ID)
    callback = await fake_discord.wait_for_interaction_response(opened, "callback")
    assert callback.json["type"] == 5 and callback.json["data"]["flags"] & FLAG_EPHEMERAL
    answer = await interaction_message(fake_discord, opened)
    assert answer["flags"] & FLAG_EPHEMERAL
    assert answer["embeds"][0]["title"] == SIGNED_WHERE
    assert "Akasaka Palace" in quoted(answer)
    await bot.answers_logged()
    assert asked_count(corpus) == 1

    chatter = await fake_discord.post_message(GENERAL_CHANNEL_ID, MODERATOR_ID, "lol")
    refused = await fake_discord.context_menu("Ask quotebot", chatter, user_id=MEMBER_ID)
    callback = await fake_discord.wait_for_interaction_response(refused, "callback")
    assert callback.json["type"] == 4 and callback.json["data"]["flags"] & FLAG_EPHEMERAL
    assert callback.json["data"]["content"].startswith("That message doesn't ask anything")
    await bot.answers_logged()
    assert asked_count(corpus) == 1


async def test_the_menu_can_answer_in_the_channel(
    fake_discord: FakeDiscord, corpus: CorpusDirs, monkeypatch, tmp_path: Path
):
    env = env_with(fake_discord, corpus, MENU_PRIVATE="false")
    async with running_bot(fake_discord, monkeypatch, tmp_path, env):
        target = await fake_discord.post_message(GENERAL_CHANNEL_ID, MODERATOR_ID, SIGNED_WHERE)
        opened = await fake_discord.context_menu("Ask quotebot", target, user_id=MEMBER_ID)
        answer = await interaction_message(fake_discord, opened)
    assert not answer["flags"] & FLAG_EPHEMERAL
    assert "Akasaka Palace" in quoted(answer)
