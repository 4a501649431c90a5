"""The fake Discord works with the real, unmodified discord.py client.

Each test runs a plain ``commands.Bot`` defined in the test against FakeDiscord and checks both
sides: what the bot saw (discord.py objects) and what the fake recorded (requests, messages).
"""

from __future__ import annotations

import asyncio
import io

import aiohttp
import discord
import pytest
from discord import app_commands
from discord.ext import commands

from .fake_discord import (
    APPLICATION_ID,
    BOT_CHANNEL_ID,
    BOT_USER_ID,
    DEFAULT_TOKEN,
    GENERAL_CHANNEL_ID,
    GUILD_ID,
    MEMBER_ID,
    MODERATOR_ID,
    MODERATOR_ROLE_ID,
    OTHER_BOT_ID,
    FakeDiscord,
)

MESSAGES_ROUTE = "/channels/{channel_id}/messages"


def make_bot(*, message_content: bool = True, members: bool = False) -> commands.Bot:
    intents = discord.Intents.default()
    intents.message_content = message_content
    intents.members = members
    # guild_ready_timeout: on_ready otherwise waits 2 s for more GUILD_CREATEs.
    return commands.Bot(
        command_prefix="!", intents=intents, guild_ready_timeout=0.05, help_command=None
    )


def add_ping(bot: commands.Bot) -> None:
    @bot.command()
    async def ping(ctx: commands.Context) -> None:
        await ctx.reply("pong")


def replies_to(message: dict):
    def check(candidate: dict) -> bool:
        return candidate.get("message_reference", {}).get("message_id") == message["id"]

    return check


@pytest.fixture
async def fake(fake_discord: FakeDiscord):
    with fake_discord.point_discord_py_here():
        yield fake_discord
    assert not fake_discord.unexpected_requests


async def test_bot_logs_in_and_sees_the_guild(fake: FakeDiscord):
    bot = make_bot()
    ready = asyncio.Event()

    @bot.event
    async def on_ready() -> None:
        ready.set()

    async with fake.running(bot):
        assert ready.is_set()
        assert bot.user.id == BOT_USER_ID
        assert bot.application_id == APPLICATION_ID
        guild = bot.get_guild(GUILD_ID)
        assert {c.id for c in guild.text_channels} == {GENERAL_CHANNEL_ID, BOT_CHANNEL_ID}
        assert guild.member_count == len(fake.world.members)
        assert guild.get_role(MODERATOR_ROLE_ID).permissions.manage_guild
        assert guild.me.id == BOT_USER_ID
        assert (await bot.application_info()).owner.id == fake.world.owner_id

    (identify,) = fake.identifies
    assert identify["intents"] == bot.intents.value
    assert identify["token"] == DEFAULT_TOKEN
    assert fake.connections[0].query["v"] == "10"
    login = fake.requests[0]
    assert (login.method, login.path, login.authorized) == ("GET", "/users/@me", True)
    assert "Authorization" not in login.headers


async def test_an_auto_sharded_bot_gets_its_shard_back_in_ready(fake: FakeDiscord):
    intents = discord.Intents.default()
    bot = commands.AutoShardedBot(
        command_prefix="!",
        intents=intents,
        guild_ready_timeout=0.05,
        help_command=None,
        shard_count=2,
        shard_ids=[1],
    )
    async with fake.running(bot):
        (identify,) = fake.identifies
        assert identify["shard"] == [1, 2]
        assert set(bot.shards) == {1}
        assert bot.get_guild(GUILD_ID).shard_id == 1


async def test_members_intent_does_not_stall_on_ready(fake: FakeDiscord):
    bot = make_bot(members=True)
    async with fake.running(bot, timeout=1):
        guild = bot.get_guild(GUILD_ID)
        assert guild.chunked
        assert guild.get_member(MODERATOR_ID).guild_permissions.manage_guild


async def test_slash_command_is_synced_and_answered(fake: FakeDiscord):
    bot = make_bot()

    @bot.tree.command(description="Ask the news a question")
    @app_commands.describe(question="What you want to know")
    async def ask(interaction: discord.Interaction, question: str) -> None:
        await interaction.response.send_message(f"You asked: {question}")

    async with fake.running(bot):
        (synced,) = await bot.tree.sync()
        command = fake.command("ask")
        assert synced.id == int(command["id"])
        assert command["options"][0]["name"] == "question"

        interaction = await fake.interact("ask", {"question": "why?"}, user_id=MEMBER_ID)
        assert interaction.data["id"] == command["id"]
        callback = await fake.wait_for_interaction_response(interaction, "callback")
        assert callback.json["type"] == 4
        assert callback.authorized is False  # interaction tokens stand in for the bot token
        message = await fake.wait_for_message(channel_id=GENERAL_CHANNEL_ID)
        assert message["content"] == "You asked: why?"
        assert message["id"] == interaction.original_message_id

        (resynced,) = await bot.tree.sync()
        assert resynced.id == synced.id
        with pytest.raises(ValueError, match="no options"):
            await fake.interact("ask", {"topic": "x"}, user_id=MEMBER_ID)
        with pytest.raises(ValueError, match="needs options"):
            await fake.interact("ask", user_id=MEMBER_ID)


async def test_message_command_reply_is_echoed_back(fake: FakeDiscord):
    bot = make_bot()
    add_ping(bot)
    seen: asyncio.Queue[discord.Message] = asyncio.Queue()

    @bot.listen()
    async def on_message(message: discord.Message) -> None:
        seen.put_nowait(message)

    async with fake.running(bot):
        ignored = await fake.post_message(GENERAL_CHANNEL_ID, OTHER_BOT_ID, "!ping")
        question = await fake.post_message(GENERAL_CHANNEL_ID, MEMBER_ID, "!ping")
        reply = await fake.wait_for_message(GENERAL_CHANNEL_ID, predicate=replies_to(question))
        assert reply["content"] == "pong"
        assert reply["author"]["id"] == str(BOT_USER_ID)
        assert reply["referenced_message"]["content"] == "!ping"
        request = await fake.wait_for_request("POST", MESSAGES_ROUTE)
        assert str(request.json["message_reference"]["message_id"]) == question["id"]

        other_bot, member, own = [await asyncio.wait_for(seen.get(), 5) for _ in range(3)]
        assert (other_bot.id, other_bot.author.bot) == (int(ignored["id"]), True)
        assert member.author.id == MEMBER_ID
        assert own.author == bot.user
        assert own.reference.message_id == int(question["id"])

        answer = await fake.post_message(GENERAL_CHANNEL_ID, MEMBER_ID, "thanks", reply_to=reply)
        thanks = await asyncio.wait_for(seen.get(), 5)
        assert thanks.id == int(answer["id"])
        assert thanks.reference.resolved.content == "pong"
        assert bot.user in thanks.mentions  # replying pings the author by default

    # commands.Bot ignores bots: only the member's !ping got an answer
    assert [m["content"] for m in fake.sent_messages] == ["pong"]


async def test_message_content_intent_is_enforced(fake: FakeDiscord):
    bot = make_bot(message_content=False)
    seen: asyncio.Queue[discord.Message] = asyncio.Queue()

    @bot.listen()
    async def on_message(message: discord.Message) -> None:
        seen.put_nowait(message)

    async with fake.running(bot):
        await fake.post_message(GENERAL_CHANNEL_ID, MEMBER_ID, "what happened?")
        await fake.post_message(GENERAL_CHANNEL_ID, MEMBER_ID, f"<@{BOT_USER_ID}> what happened?")
        plain, mention = [await asyncio.wait_for(seen.get(), 5) for _ in range(2)]
    assert plain.content == ""
    assert mention.content == f"<@{BOT_USER_ID}> what happened?"
    assert mention.mentions == [bot.user]


async def test_deferred_command_gets_an_ephemeral_followup(fake: FakeDiscord):
    bot = make_bot()

    @bot.tree.command(description="A slow answer")
    async def slow(interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        await interaction.followup.send("here you go", ephemeral=True)

    async with fake.running(bot):
        interaction = await fake.interact("slow", user_id=MEMBER_ID)
        callback = await fake.wait_for_interaction_response(interaction, "callback")
        assert callback.json == {"type": 5, "data": {"flags": 64}}
        assert callback.response["interaction"]["response_message_loading"] is True
        followup = await fake.wait_for_interaction_response(interaction, "followup")
        assert followup.json["flags"] == 64
        assert followup.query["wait"] == "1"
        message = followup.response
        assert message["id"] == interaction.original_message_id  # the placeholder, filled
        assert message["flags"] == 64
        assert message["content"] == "here you go"
    created = [e.data["id"] for e in fake.dispatched if e.event == "MESSAGE_CREATE"]
    assert message["id"] not in created  # ephemeral messages never reach the gateway


async def test_permissions_come_from_roles(fake: FakeDiscord):
    bot = make_bot()

    @bot.tree.command(description="Rebuild the index")
    @app_commands.default_permissions(manage_guild=True)
    async def reindex(interaction: discord.Interaction) -> None:
        if not interaction.permissions.manage_guild:
            await interaction.response.send_message("Moderators only.", ephemeral=True)
            return
        await interaction.response.send_message("Reindexing.")

    async with fake.running(bot):
        await bot.tree.sync()
        assert fake.command("reindex")["default_member_permissions"] == str(1 << 5)
        moderator = await fake.interact("reindex", user_id=MODERATOR_ID)
        member = await fake.interact("reindex", user_id=MEMBER_ID)
        allowed = await fake.wait_for_interaction_response(moderator, "callback")
        refused = await fake.wait_for_interaction_response(member, "callback")
    assert allowed.json["data"]["content"] == "Reindexing."
    assert (refused.json["data"]["content"], refused.json["data"]["flags"]) == (
        "Moderators only.",
        64,
    )


class MoreQuotes(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="More", custom_id="quotes:more")
    async def more(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.edit_message(content="More quotes coming", view=None)


async def test_button_on_a_persistent_view_survives_a_restart(fake: FakeDiscord):
    async with fake.running(make_bot()) as first_run:
        sent = await first_run.get_channel(BOT_CHANNEL_ID).send("A quote", view=MoreQuotes())

    class Bot(commands.Bot):
        async def setup_hook(self) -> None:
            self.add_view(MoreQuotes())

    second = Bot(command_prefix="!", intents=discord.Intents.default(), guild_ready_timeout=0.05)
    async with fake.running(second):
        click = await fake.click(sent.id, "quotes:more", user_id=MEMBER_ID)
        callback = await fake.wait_for_interaction_response(click, "callback")
    assert callback.json["type"] == 7
    assert fake.message(sent.id)["content"] == "More quotes coming"
    assert fake.message(sent.id)["components"] == []
    assert len(fake.identifies) == 2


async def test_autocomplete_offers_choices(fake: FakeDiscord):
    bot = make_bot()
    topics = ["climate", "climbing", "elections"]

    @bot.tree.command(description="Search the archive")
    @app_commands.describe(topic="A topic")
    async def search(interaction: discord.Interaction, topic: str) -> None:
        await interaction.response.send_message(topic)

    @search.autocomplete("topic")
    async def complete_topic(interaction: discord.Interaction, current: str):
        return [app_commands.Choice(name=t, value=t) for t in topics if t.startswith(current)]

    async with fake.running(bot):
        await bot.tree.sync()
        typing = await fake.autocomplete(
            "search", {"topic": "cli"}, focused="topic", user_id=MEMBER_ID
        )
        callback = await fake.wait_for_interaction_response(typing, "callback")
    assert callback.json["type"] == 8
    assert [c["value"] for c in callback.json["data"]["choices"]] == ["climate", "climbing"]


async def test_attachments_in_and_out(fake: FakeDiscord):
    bot = make_bot()

    @bot.tree.command(description="Measure a file")
    async def measure(interaction: discord.Interaction, file: discord.Attachment) -> None:
        data = await file.read()
        report = discord.File(io.BytesIO(data.upper()), filename="shout.txt")
        await interaction.response.send_message(f"{file.filename}: {len(data)} bytes", file=report)

    async with fake.running(bot):
        bot.tree.copy_global_to(guild=discord.Object(GUILD_ID))
        await bot.tree.sync(guild=discord.Object(GUILD_ID))  # a guild command this time
        attachment = fake.add_attachment("article.txt", b"Hello world", "text/plain")
        interaction = await fake.interact("measure", {"file": attachment}, user_id=MEMBER_ID)
        assert interaction.data["guild_id"] == str(GUILD_ID)
        callback = await fake.wait_for_interaction_response(interaction, "callback")
        download = await fake.wait_for_request("GET", "/cdn/attachments/{attachment_id}/{filename}")
    assert download.path.endswith("/article.txt")
    assert callback.json["data"]["content"] == "article.txt: 11 bytes"
    assert [(f.filename, f.data) for f in callback.files] == [("shout.txt", b"HELLO WORLD")]
    (uploaded,) = fake.message(interaction.original_message_id)["attachments"]
    async with aiohttp.ClientSession() as session, session.get(uploaded["url"]) as response:
        assert await response.read() == b"HELLO WORLD"
        assert response.content_type == "text/plain"


async def test_modal_is_shown_and_submitted(fake: FakeDiscord):
    bot = make_bot()

    class AskForm(discord.ui.Modal, title="Ask the news"):
        question = discord.ui.TextInput(label="Question", custom_id="question")

        async def on_submit(self, interaction: discord.Interaction) -> None:
            await interaction.response.send_message(f"Got: {self.question.value}", ephemeral=True)

    @bot.tree.command(description="Ask with a form")
    async def form(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(AskForm())

    async with fake.running(bot):
        opened = await fake.interact("form", user_id=MEMBER_ID)
        shown = await fake.wait_for_interaction_response(opened, "callback")
        assert shown.json["type"] == 9
        submitted = await fake.submit_modal(opened, {"question": "Who won?"})
        answer = await fake.wait_for_interaction_response(submitted, "callback")
    assert (answer.json["data"]["content"], answer.json["data"]["flags"]) == ("Got: Who won?", 64)


async def test_bot_resumes_after_reconnect_and_keeps_answering(fake: FakeDiscord):
    bot = make_bot()
    add_ping(bot)
    resumed = asyncio.Event()

    @bot.listen()
    async def on_resumed() -> None:
        resumed.set()

    async with fake.running(bot):
        session_id, mark = fake.session_id, fake.mark()
        await fake.reconnect()
        missed = await fake.post_message(GENERAL_CHANNEL_ID, MEMBER_ID, "!ping")  # while away
        resume = await fake.wait_for_resume(since=mark)
        assert resume["session_id"] == session_id
        assert resume["token"] == DEFAULT_TOKEN
        assert fake.connections[-1].path == "/gateway/resume"
        await fake.wait_for_message(GENERAL_CHANNEL_ID, predicate=replies_to(missed))
        later = await fake.post_message(GENERAL_CHANNEL_ID, MEMBER_ID, "!ping")
        await fake.wait_for_message(GENERAL_CHANNEL_ID, predicate=replies_to(later))
        await asyncio.wait_for(resumed.wait(), 5)
    assert len(fake.identifies) == 1


async def test_bot_resumes_after_a_dropped_connection(fake: FakeDiscord):
    bot = make_bot()
    add_ping(bot)
    async with fake.running(bot):
        mark = fake.mark()
        await fake.drop_connection()
        await fake.wait_for_resume(since=mark)
        question = await fake.post_message(GENERAL_CHANNEL_ID, MEMBER_ID, "!ping")
        await fake.wait_for_message(GENERAL_CHANNEL_ID, predicate=replies_to(question))
    assert len(fake.identifies) == 1


async def test_wrong_token_fails_login(fake: FakeDiscord):
    bot = make_bot()
    with pytest.raises(discord.LoginFailure):
        async with fake.running(bot, token="not-the-token"):
            pytest.fail("logged in with a wrong token")
    (login,) = fake.requests
    assert (login.path, login.status, login.authorized) == ("/users/@me", 401, True)


async def test_rate_limited_request_is_retried(fake: FakeDiscord):
    fake.rate_limit("POST", MESSAGES_ROUTE, retry_after=0.05)
    bot = make_bot()
    async with fake.running(bot):
        sent = await bot.get_channel(GENERAL_CHANNEL_ID).send("after a 429")
    posts = [r for r in fake.requests if r.route == MESSAGES_ROUTE]
    assert [r.status for r in posts] == [429, 200]
    assert posts[0].response["retry_after"] == 0.05
    assert fake.sent_messages[0]["id"] == str(sent.id)


async def test_discord_limits_are_enforced(fake: FakeDiscord):
    bot = make_bot()
    async with fake.running(bot):
        channel = bot.get_channel(GENERAL_CHANNEL_ID)
        with pytest.raises(discord.HTTPException) as too_long:
            await channel.send("x" * 2001)
        with pytest.raises(discord.HTTPException) as big_embed:
            await channel.send(embed=discord.Embed(description="x" * 4097))
        with pytest.raises(discord.HTTPException) as empty:
            await channel.send(embed=None)
    assert (too_long.value.status, too_long.value.code) == (400, 50035)
    assert "2000 or fewer" in too_long.value.text
    assert "4096 or fewer" in big_embed.value.text
    assert empty.value.code == 50006
    assert fake.sent_messages == []


async def test_waiting_sees_the_past_and_the_future(fake: FakeDiscord):
    bot = make_bot()
    async with fake.running(bot):
        past = await fake.wait_for(lambda r: r.path == "/users/@me")
        assert past.tick == 1
        future = asyncio.create_task(fake.wait_for_request("POST", "/channels/{channel_id}/typing"))
        await bot.get_channel(GENERAL_CHANNEL_ID).typing()
        assert (await future).status == 204
        with pytest.raises(TimeoutError, match="recent requests"):
            await fake.wait_for(lambda r: False, timeout=0.05)


async def test_unknown_routes_get_404_and_are_recorded(fake_discord: FakeDiscord):
    bot = make_bot()
    with fake_discord.point_discord_py_here():
        async with fake_discord.running(bot):
            with pytest.raises(discord.NotFound):
                await bot.fetch_guild_preview(GUILD_ID)
    (unexpected,) = fake_discord.unexpected_requests
    assert (unexpected.method, unexpected.path) == ("GET", f"/guilds/{GUILD_ID}/preview")
