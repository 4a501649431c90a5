"""The fake Discord's threads, forums, message context menus, modals with selects, reactions and
message deletion, checked with the real, unmodified discord.py client (a plain bot per test)."""

from __future__ import annotations

import asyncio

import discord
import pytest
from discord.ext import commands

from .fake_discord import (
    BOT_USER_ID,
    CHANNEL_FORUM,
    CHANNEL_PUBLIC_THREAD,
    FORUM_CHANNEL_ID,
    GENERAL_CHANNEL_ID,
    MEMBER_ID,
    FakeDiscord,
    World,
    guild_payload,
    thread_payload,
)

THREADS_ROUTE = "/channels/{channel_id}/messages/{message_id}/threads"


def make_bot(*, message_content: bool = True) -> commands.Bot:
    intents = discord.Intents.default()
    intents.message_content = message_content
    return commands.Bot(
        command_prefix="!", intents=intents, guild_ready_timeout=0.05, help_command=None
    )


@pytest.fixture
async def fake(fake_discord: FakeDiscord):
    with fake_discord.point_discord_py_here():
        yield fake_discord
    assert not fake_discord.unexpected_requests


async def test_a_forum_post_is_a_thread_whose_starter_message_has_its_id(fake: FakeDiscord):
    bot = make_bot()
    seen: asyncio.Queue[discord.Message] = asyncio.Queue()

    @bot.listen()
    async def on_message(message: discord.Message) -> None:
        if not message.author.bot:
            seen.put_nowait(message)
            await message.channel.send("answered in the post")

    async with fake.running(bot):
        forum = bot.get_channel(FORUM_CHANNEL_ID)
        assert isinstance(forum, discord.ForumChannel)
        thread, starter = await fake.create_forum_post(
            FORUM_CHANNEL_ID, MEMBER_ID, "Who signed it?", "I read about the deal."
        )
        message = await asyncio.wait_for(seen.get(), 5)
        assert isinstance(message.channel, discord.Thread)
        assert message.channel.parent_id == FORUM_CHANNEL_ID
        assert message.channel.name == "Who signed it?"
        assert message.id == message.channel.id == int(thread["id"]) == int(starter["id"])
        assert message.content == "I read about the deal."
        reply = await fake.wait_for_message(int(thread["id"]))
        assert reply["content"] == "answered in the post"
        assert fake.thread(thread["id"])["message_count"] == 2
        events = [(e.event, e.data["d"].get("id")) for e in fake.dispatched]
        assert events.index(("THREAD_CREATE", thread["id"])) < events.index(
            ("MESSAGE_CREATE", thread["id"])
        )

        with pytest.raises(discord.HTTPException) as refused:
            await bot.get_partial_messageable(FORUM_CHANNEL_ID).send("a forum has no messages")
        assert refused.value.code == 50008
    with pytest.raises(ValueError, match="create_forum_post"):
        await fake.post_message(FORUM_CHANNEL_ID, MEMBER_ID, "hello")


async def test_a_bot_starts_a_thread_from_a_message_and_answers_in_it(fake: FakeDiscord):
    bot = make_bot()
    started: asyncio.Queue[discord.Thread] = asyncio.Queue()

    @bot.listen()
    async def on_message(message: discord.Message) -> None:
        if message.author.bot or not message.content.endswith("?"):
            return
        thread = await message.create_thread(name=message.content[:100])
        await thread.send("in the thread")
        started.put_nowait(thread)

    async with fake.running(bot):
        posted = await fake.post_message(GENERAL_CHANNEL_ID, MEMBER_ID, "Where was it signed?")
        thread = await asyncio.wait_for(started.get(), 5)
        assert thread.id == int(posted["id"])  # a thread started from a message takes its id
        assert thread.parent_id == GENERAL_CHANNEL_ID
        request = await fake.wait_for_request("POST", THREADS_ROUTE)
        assert request.status == 201 and request.json["name"] == "Where was it signed?"
        recorded = fake.thread(posted["id"])
        assert (recorded["type"], recorded["owner_id"]) == (CHANNEL_PUBLIC_THREAD, str(BOT_USER_ID))
        assert fake.message(posted["id"])["thread"]["id"] == posted["id"]
        answer = await fake.wait_for_message(thread.id)
        assert answer["content"] == "in the thread"
        assert bot.get_channel(thread.id) is not None  # THREAD_CREATE reached the cache

        message = await bot.get_channel(GENERAL_CHANNEL_ID).fetch_message(int(posted["id"]))
        with pytest.raises(discord.HTTPException) as twice:
            await message.create_thread(name="again")
        assert twice.value.code == 160004
        other = await fake.post_message(GENERAL_CHANNEL_ID, MEMBER_ID, "just a note")
        fetched = await bot.get_channel(GENERAL_CHANNEL_ID).fetch_message(int(other["id"]))
        with pytest.raises(discord.HTTPException) as long_name:
            await fetched.create_thread(name="x" * 101)
        assert long_name.value.status == 400


async def test_a_bot_creates_a_forum_post_and_a_thread_without_a_message(fake: FakeDiscord):
    bot = make_bot()
    async with fake.running(bot):
        forum = bot.get_channel(FORUM_CHANNEL_ID)
        created = await forum.create_thread(name="Welcome", content="Ask one question per post.")
        assert created.thread.parent_id == FORUM_CHANNEL_ID
        assert created.message.id == created.thread.id
        assert fake.message(created.message.id)["content"] == "Ask one question per post."
        general = bot.get_channel(GENERAL_CHANNEL_ID)
        private = await general.create_thread(name="Notes")
        assert private.type is discord.ChannelType.private_thread
        assert fake.thread(private.id)["parent_id"] == str(GENERAL_CHANNEL_ID)


async def test_the_threads_of_the_fake_are_sent_in_guild_create(fake: FakeDiscord):
    world = World()
    thread = thread_payload(world, thread_id=5, parent_id=FORUM_CHANNEL_ID, owner_id=1, name="t")
    payload = guild_payload(world, [thread])
    assert payload["threads"] == [thread]
    forum = next(c for c in payload["channels"] if c["id"] == str(FORUM_CHANNEL_ID))
    assert forum["type"] == CHANNEL_FORUM and forum["available_tags"] == []


async def test_a_message_context_menu_gets_the_whole_target_message(fake: FakeDiscord):
    bot = make_bot(message_content=False)
    got: asyncio.Queue[discord.Message] = asyncio.Queue()

    @bot.tree.context_menu(name="Quote it")
    async def quote_it(interaction: discord.Interaction, message: discord.Message) -> None:
        got.put_nowait(message)
        await interaction.response.send_message(f"> {message.content}", ephemeral=True)

    async with fake.running(bot):
        await bot.tree.sync()
        command = fake.command("Quote it", kind=3)
        assert command is not None and command["type"] == 3
        target = await fake.post_message(GENERAL_CHANNEL_ID, MEMBER_ID, "What is lithium for?")
        opened = await fake.context_menu("Quote it", target, user_id=MEMBER_ID)
        assert opened.data["type"] == 3 and opened.data["target_id"] == target["id"]
        message = await asyncio.wait_for(got.get(), 5)
        assert message.content == "What is lithium for?"  # no message-content intent needed
        assert message.id == int(target["id"])
        callback = await fake.wait_for_interaction_response(opened, "callback")
        assert callback.json["data"]["flags"] & 64
    with pytest.raises(KeyError):
        await fake.context_menu("Quote it", 12345, user_id=MEMBER_ID)


class Why(discord.ui.Modal, title="What was wrong?"):
    reason = discord.ui.Label(
        text="Reason",
        component=discord.ui.Select(
            custom_id="reason",
            required=False,
            min_values=0,
            options=[discord.SelectOption(label="Wrong quote", value="wrong_quote")],
        ),
    )
    detail = discord.ui.Label(
        text="Anything else?",
        component=discord.ui.TextInput(custom_id="detail", required=False, max_length=300),
    )

    def __init__(self, results: asyncio.Queue[tuple[list[str], str]]) -> None:
        super().__init__()
        self.results = results

    async def on_submit(self, interaction: discord.Interaction) -> None:
        select = self.reason.component
        text = self.detail.component
        assert isinstance(select, discord.ui.Select) and isinstance(text, discord.ui.TextInput)
        self.results.put_nowait((select.values, text.value))
        await interaction.response.send_message("noted", ephemeral=True)


async def test_a_modal_with_a_select_in_a_label_is_submitted(fake: FakeDiscord):
    bot = make_bot()
    results: asyncio.Queue[tuple[list[str], str]] = asyncio.Queue()

    @bot.tree.command(description="Say what was wrong")
    async def why(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(Why(results))

    async with fake.running(bot):
        await bot.tree.sync()
        opened = await fake.interact("why", user_id=MEMBER_ID)
        callback = await fake.wait_for_interaction_response(opened, "callback")
        assert callback.json["type"] == 9
        submitted = await fake.submit_modal(
            opened, {"reason": ["wrong_quote"], "detail": "The quote is about LNG."}
        )
        assert await asyncio.wait_for(results.get(), 5) == (
            ["wrong_quote"],
            "The quote is about LNG.",
        )
        done = await fake.wait_for_interaction_response(submitted, "callback")
        assert done.json["data"]["content"] == "noted"


async def test_reactions_are_recorded_and_bad_emoji_refused(fake: FakeDiscord):
    bot = make_bot()
    reacted: asyncio.Queue[discord.Message] = asyncio.Queue()

    @bot.listen()
    async def on_message(message: discord.Message) -> None:
        if not message.author.bot:
            await message.add_reaction("👋")
            await message.add_reaction("👋")  # once is enough
            reacted.put_nowait(message)

    async with fake.running(bot):
        posted = await fake.post_message(GENERAL_CHANNEL_ID, MEMBER_ID, "hi!")
        message = await asyncio.wait_for(reacted.get(), 5)
        assert fake.reactions_on(posted) == ["👋"]
        assert fake.message(posted["id"])["reactions"][0]["count"] == 1
        with pytest.raises(discord.HTTPException) as bad:
            await message.add_reaction("wave")
        assert bad.value.code == 10014


async def test_delete_after_deletes_the_message_without_the_test_sleeping(fake: FakeDiscord):
    bot = make_bot()

    @bot.listen()
    async def on_message(message: discord.Message) -> None:
        if not message.author.bot:
            await message.channel.send("only for a moment", delete_after=0.05)

    async with fake.running(bot):
        await fake.post_message(GENERAL_CHANNEL_ID, MEMBER_ID, "go")
        notice = await fake.wait_for_message(GENERAL_CHANNEL_ID)
        path = f"/channels/{GENERAL_CHANNEL_ID}/messages/{notice['id']}"
        deleted = await fake.wait_for_request("DELETE", path)
        assert deleted.status == 204
        assert notice["id"] not in {m["id"] for m in fake.messages}
        assert any(e.event == "MESSAGE_DELETE" for e in fake.dispatched)


async def test_interactions_in_a_thread_carry_the_thread(fake: FakeDiscord):
    bot = make_bot()
    channels: asyncio.Queue[object] = asyncio.Queue()

    @bot.tree.command(description="Where am I?")
    async def where(interaction: discord.Interaction) -> None:
        channels.put_nowait(interaction.channel)
        await interaction.response.send_message("here", ephemeral=True)

    async with fake.running(bot):
        await bot.tree.sync()
        thread, _ = await fake.create_forum_post(FORUM_CHANNEL_ID, MEMBER_ID, "Post", "Body")
        await fake.interact("where", user_id=MEMBER_ID, channel_id=int(thread["id"]))
        channel = await asyncio.wait_for(channels.get(), 5)
        assert isinstance(channel, discord.Thread) and channel.parent_id == FORUM_CHANNEL_ID
