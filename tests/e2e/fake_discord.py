"""A small fake Discord (REST + gateway) for end-to-end tests of discord.py bots.

Discord is unreachable from build and CI machines, so the e2e tests run the real, unmodified
discord.py client against this server, started inside the test process on 127.0.0.1 (a random
free port). It imitates what a bot touches (login, the gateway handshake and resumes, messages,
threads and forum posts, reactions, slash commands, message context menus, components, modals,
autocomplete, follow-ups, attachments, rate limits) closely
enough that discord.py cannot tell the difference, and it records everything the bot does so a
test can assert on it. The facts it relies on are in /work/shared/notes/discord-e2e.md.

Where real Discord enforces something a bot can get wrong, the fake enforces it too, so a test
fails here rather than in production: message and embed limits, the message-content intent,
double acknowledgement of an interaction, follow-ups before an acknowledgement, unknown routes.

Typical use (the bot under test reads the two URLs from its settings)::

    async with FakeDiscord() as fake, fake.running(bot):
        await fake.post_message(GENERAL_CHANNEL_ID, MEMBER_ID, "!ping")
        reply = await fake.wait_for_message(channel_id=GENERAL_CHANNEL_ID)
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import math
import mimetypes
import re
import secrets
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

import discord
import yarl
from aiohttp import WSMsgType, web

T = TypeVar("T")
ClientT = TypeVar("ClientT", bound=discord.Client)
Json = dict[str, Any]

API_VERSION = 10
API_PREFIX = f"/api/v{API_VERSION}"
DEFAULT_TOKEN = "fake-bot-token"
DEFAULT_TIMEOUT = 10.0
DISCORD_EPOCH_MS = 1_420_070_400_000

# --- The default world: ids a test can import ------------------------------------------------

GUILD_ID = 1_100_000_000_000_000_100
EVERYONE_ROLE_ID = GUILD_ID  # Discord gives @everyone the guild's id
MODERATOR_ROLE_ID = 1_100_000_000_000_000_201
GENERAL_CHANNEL_ID = 1_100_000_000_000_000_301
BOT_CHANNEL_ID = 1_100_000_000_000_000_302
FORUM_CHANNEL_ID = 1_100_000_000_000_000_303
OWNER_ID = 1_100_000_000_000_000_401
MODERATOR_ID = 1_100_000_000_000_000_402
MEMBER_ID = 1_100_000_000_000_000_403
OTHER_BOT_ID = 1_100_000_000_000_000_404
BOT_USER_ID = 1_100_000_000_000_000_500
APPLICATION_ID = BOT_USER_ID  # true of every bot created since 2019 or so

EVERYONE_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    create_public_threads=True,
    embed_links=True,
    attach_files=True,
    add_reactions=True,
    read_message_history=True,
    use_external_emojis=True,
    use_application_commands=True,
).value
MODERATOR_PERMISSIONS = discord.Permissions(
    manage_guild=True, manage_messages=True, kick_members=True, moderate_members=True
).value
ALL_PERMISSIONS = discord.Permissions.all().value
ADMINISTRATOR = discord.Permissions(administrator=True).value

# --- Protocol numbers ---------------------------------------------------------------------

INTENT_GUILD_MESSAGES = 1 << 9
INTENT_GUILD_MESSAGE_REACTIONS = 1 << 10
INTENT_MESSAGE_CONTENT = 1 << 15

FLAG_EPHEMERAL = 1 << 6
FLAG_LOADING = 1 << 7

INTERACTION_APPLICATION_COMMAND = 2
INTERACTION_COMPONENT = 3
INTERACTION_AUTOCOMPLETE = 4
INTERACTION_MODAL_SUBMIT = 5

CALLBACK_MESSAGE = 4
CALLBACK_DEFERRED_MESSAGE = 5
CALLBACK_DEFERRED_UPDATE = 6
CALLBACK_UPDATE_MESSAGE = 7
CALLBACK_AUTOCOMPLETE = 8
CALLBACK_MODAL = 9

# Which callback types Discord accepts for each interaction type.
CALLBACKS_FOR_INTERACTION = {
    INTERACTION_APPLICATION_COMMAND: {CALLBACK_MESSAGE, CALLBACK_DEFERRED_MESSAGE, CALLBACK_MODAL},
    INTERACTION_COMPONENT: {
        CALLBACK_MESSAGE,
        CALLBACK_DEFERRED_MESSAGE,
        CALLBACK_DEFERRED_UPDATE,
        CALLBACK_UPDATE_MESSAGE,
        CALLBACK_MODAL,
    },
    INTERACTION_AUTOCOMPLETE: {CALLBACK_AUTOCOMPLETE},
    INTERACTION_MODAL_SUBMIT: {
        CALLBACK_MESSAGE,
        CALLBACK_DEFERRED_MESSAGE,
        CALLBACK_DEFERRED_UPDATE,
        CALLBACK_UPDATE_MESSAGE,
    },
}

# Application command option types.
OPTION_SUB_COMMAND = 1
OPTION_SUB_COMMAND_GROUP = 2
OPTION_STRING = 3
OPTION_INTEGER = 4
OPTION_BOOLEAN = 5
OPTION_USER = 6
OPTION_CHANNEL = 7
OPTION_ROLE = 8
OPTION_MENTIONABLE = 9
OPTION_NUMBER = 10
OPTION_ATTACHMENT = 11

# Channel types.
CHANNEL_TEXT = 0
CHANNEL_PUBLIC_THREAD = 11
CHANNEL_PRIVATE_THREAD = 12
CHANNEL_FORUM = 15
THREAD_TYPES = (CHANNEL_PUBLIC_THREAD, CHANNEL_PRIVATE_THREAD)
THREAD_ARCHIVE_MINUTES = (60, 1440, 4320, 10080)

# Application command types.
COMMAND_CHAT_INPUT = 1
COMMAND_USER = 2
COMMAND_MESSAGE = 3

USER_MENTION = re.compile(r"<@!?(\d+)>")
ROLE_MENTION = re.compile(r"<@&(\d+)>")
COMMAND_NAME = re.compile(r"^[-_\w]{1,32}$")

# --- The world: who and what exists in the fake guild ------------------------------------


@dataclass(frozen=True)
class FakeUser:
    """A user who is a member of the fake guild (the fake has a single guild)."""

    id: int
    username: str
    bot: bool = False
    role_ids: tuple[int, ...] = ()
    global_name: str | None = None


@dataclass(frozen=True)
class FakeRole:
    """A guild role; its permissions are OR-ed with @everyone's to give a member's."""

    id: int
    name: str
    permissions: int
    position: int = 0


@dataclass(frozen=True)
class FakeChannel:
    """A guild text or forum channel (no overwrites, so permissions are guild-wide).

    ``type`` is CHANNEL_TEXT (0) or CHANNEL_FORUM (15). Threads are not part of the world: they
    are created while the fake runs (forum posts, threads started by users or the bot).
    """

    id: int
    name: str
    position: int = 0
    topic: str | None = None
    type: int = CHANNEL_TEXT


@dataclass(frozen=True)
class World:
    """Everything that exists in the fake Discord; immutable, so tests can share the default."""

    guild_id: int = GUILD_ID
    guild_name: str = "The Newsroom"
    owner_id: int = OWNER_ID
    application_id: int = APPLICATION_ID
    application_name: str = "Quotebot"
    bot_user: FakeUser = FakeUser(BOT_USER_ID, "quotebot", bot=True, global_name="Quotebot")
    roles: tuple[FakeRole, ...] = (
        FakeRole(EVERYONE_ROLE_ID, "@everyone", EVERYONE_PERMISSIONS),
        FakeRole(MODERATOR_ROLE_ID, "Moderator", MODERATOR_PERMISSIONS, position=1),
    )
    channels: tuple[FakeChannel, ...] = (
        FakeChannel(GENERAL_CHANNEL_ID, "general", 0, "Anything goes"),
        FakeChannel(BOT_CHANNEL_ID, "ask-the-news", 1, "Questions for the bot"),
        FakeChannel(FORUM_CHANNEL_ID, "news-help", 2, "One post per question", CHANNEL_FORUM),
    )
    people: tuple[FakeUser, ...] = (
        FakeUser(OWNER_ID, "owner", global_name="Guild Owner"),
        FakeUser(MODERATOR_ID, "moddy", role_ids=(MODERATOR_ROLE_ID,), global_name="Moddy"),
        FakeUser(MEMBER_ID, "reader", global_name="Plain Reader"),
        FakeUser(OTHER_BOT_ID, "otherbot", bot=True, global_name="Other Bot"),
    )

    def __post_init__(self) -> None:
        if not any(role.id == self.guild_id for role in self.roles):
            raise ValueError("World.roles needs an @everyone role whose id is the guild id")
        if self.owner_id not in {user.id for user in self.members}:
            raise ValueError("World.owner_id must be one of World.people")

    @property
    def members(self) -> tuple[FakeUser, ...]:
        """Every guild member, the bot included (GUILD_CREATE's member_count counts them)."""
        return (*self.people, self.bot_user)

    def user(self, user_id: int | str) -> FakeUser:
        """The member with this id; a KeyError names the known ids, to help a typo."""
        for user in self.members:
            if user.id == int(user_id):
                return user
        raise KeyError(
            f"no user {user_id} in the fake world; known: {[u.id for u in self.members]}"
        )

    def channel(self, channel_id: int | str) -> FakeChannel:
        """The channel with this id."""
        for channel in self.channels:
            if channel.id == int(channel_id):
                return channel
        known = [c.id for c in self.channels]
        raise KeyError(f"no channel {channel_id} in the fake world; known: {known}")

    def role(self, role_id: int | str) -> FakeRole:
        """The role with this id."""
        for role in self.roles:
            if role.id == int(role_id):
                return role
        raise KeyError(f"no role {role_id} in the fake world; known: {[r.id for r in self.roles]}")

    def permissions(self, user_id: int | str) -> int:
        """Computed permissions, as Discord puts them in an interaction's member payload."""
        user = self.user(user_id)
        if user.id == self.owner_id:
            return ALL_PERMISSIONS
        value = self.role(self.guild_id).permissions
        for role_id in user.role_ids:
            value |= self.role(role_id).permissions
        return ALL_PERMISSIONS if value & ADMINISTRATOR else value


# --- Records: what the bot did ---------------------------------------------------------------


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request (discord.py names them ``files[N]``)."""

    field: str
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class RecordedRequest:
    """One HTTP request the fake received, with the reply it gave.

    ``path`` and ``route`` are relative to the API base (``/channels/1/messages`` and
    ``/channels/{channel_id}/messages``; downloads from the fake CDN are ``/cdn/...``);
    ``route`` is "" for a route the fake does not know.
    ``json`` is the JSON body, or ``payload_json`` of a multipart body. The Authorization
    header's value is never kept, only whether it was sent (``authorized``).
    """

    tick: int
    method: str
    path: str
    route: str
    query: Mapping[str, str]
    json: Any
    files: tuple[UploadedFile, ...]
    headers: Mapping[str, str]
    authorized: bool
    status: int
    response: Any
    interaction_id: str | None = None

    @property
    def matched(self) -> bool:
        """Whether the fake knows this route (an unknown one got a 404)."""
        return bool(self.route)

    @property
    def ok(self) -> bool:
        """Whether the reply was a success (2xx)."""
        return 200 <= self.status < 300

    @property
    def kind(self) -> str | None:
        """For an interaction response: callback, followup, edit, get or delete."""
        if self.route.startswith("/interactions/"):
            return "callback"
        if not self.route.startswith("/webhooks/"):
            return None
        if self.method == "POST":
            return "followup"
        return {"PATCH": "edit", "GET": "get", "DELETE": "delete"}.get(self.method)

    def __str__(self) -> str:
        return f"#{self.tick} {self.method} {self.path} -> {self.status}"


@dataclass(frozen=True)
class GatewayConnection:
    """One websocket connection the client opened (the URL carries v, encoding, compress)."""

    number: int
    path: str
    query: Mapping[str, str]


@dataclass(frozen=True)
class GatewayFrame:
    """A frame the client sent over the gateway (IDENTIFY, RESUME, HEARTBEAT...)."""

    tick: int
    connection: int
    op: int | None
    data: Any


@dataclass(frozen=True)
class RecordedReaction:
    """A reaction the bot added to a message (``PUT .../reactions/{emoji}/@me``)."""

    tick: int
    channel_id: str
    message_id: str
    emoji: str  # a unicode emoji, or name:id for a custom one


@dataclass(frozen=True)
class DispatchedEvent:
    """A dispatch (op 0) the fake sent, with the data as it was then."""

    tick: int
    seq: int
    event: str
    data: Any


@dataclass
class FakeInteraction:
    """An interaction the fake dispatched, and what the bot did about it.

    The fake appends to ``responses`` (callback, follow-ups, edits) and sets ``callback_type``,
    ``original_message_id`` and ``modal`` as the bot answers.
    """

    id: str
    token: str
    type: int
    user_id: int
    channel_id: int
    payload: Json
    responses: list[RecordedRequest] = field(default_factory=list)
    callback_type: int | None = None
    original_message_id: str | None = None
    modal: Json | None = None

    @property
    def data(self) -> Json:
        """The interaction's ``data`` (name and options, or custom_id)."""
        return self.payload["data"]

    @property
    def name(self) -> str:
        """The command name, or the component's or modal's custom_id."""
        return self.data.get("name") or self.data["custom_id"]


@dataclass
class _StoredMessage:
    """A message as the fake holds it; ``payload`` is updated in place by edits."""

    tick: int
    payload: Json
    by_bot: bool
    interaction_id: str | None = None

    @property
    def flags(self) -> int:
        return self.payload.get("flags", 0)

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & FLAG_EPHEMERAL)

    @property
    def loading(self) -> bool:
        return bool(self.flags & FLAG_LOADING)


@dataclass
class _RateLimitRule:
    method: str
    route: str
    retry_after: float
    remaining: int
    is_global: bool


@dataclass
class _Session:
    """A gateway session: its sequence counter and every dispatch, for replay on RESUME."""

    id: str
    intents: int
    seq: int = 0
    sent: list[tuple[int, str]] = field(default_factory=list)


# --- Small helpers ---------------------------------------------------------------------------


def json_response(
    data: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> web.Response:
    """A JSON reply whose Content-Type is exactly ``application/json``.

    discord.py compares the header literally; aiohttp's ``web.json_response`` appends
    ``; charset=utf-8`` and discord.py would then hand the bot a str instead of a dict.
    """
    all_headers = {**(headers or {}), "Content-Type": "application/json"}
    return web.Response(status=status, body=json.dumps(data).encode(), headers=all_headers)


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _unique(ids: Iterable[int]) -> list[int]:
    return list(dict.fromkeys(ids))


def _walk_components(components: Iterable[Json]) -> Iterator[Json]:
    """Every component, nested ones (action rows, containers, labels) included."""
    for component in components:
        yield component
        yield from _walk_components(component.get("components", []))
        if "component" in component:
            yield from _walk_components([component["component"]])
        if "accessory" in component:
            yield from _walk_components([component["accessory"]])


class _Snowflakes:
    """Increasing, time-based snowflakes, like Discord's."""

    def __init__(self) -> None:
        self._last = 0

    def next(self) -> int:
        candidate = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22
        self._last = max(candidate, self._last + 1)
        return self._last


# --- Payloads (pure functions of the world) -----------------------------------------------


def user_payload(user: FakeUser) -> Json:
    """A user object as Discord sends it (``bot`` always present, for clarity)."""
    return {
        "id": str(user.id),
        "username": user.username,
        "discriminator": "0",
        "global_name": user.global_name,
        "avatar": None,
        "bot": user.bot,
        "public_flags": 0,
    }


def member_payload(world: World, user: FakeUser, *, with_user: bool = True) -> Json:
    """A guild member object; messages carry it without ``user``."""
    payload: Json = {
        "roles": [str(role_id) for role_id in user.role_ids],
        "nick": None,
        "avatar": None,
        "joined_at": "2024-01-01T00:00:00+00:00",
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "pending": False,
        "flags": 0,
        "communication_disabled_until": None,
    }
    if with_user:
        payload["user"] = user_payload(user)
    return payload


def role_payload(role: FakeRole) -> Json:
    """A role object."""
    return {
        "id": str(role.id),
        "name": role.name,
        "permissions": str(role.permissions),
        "position": role.position,
        "color": 0,
        "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
        "hoist": False,
        "managed": False,
        "mentionable": False,
        "icon": None,
        "unicode_emoji": None,
        "flags": 0,
    }


def channel_payload(world: World, channel: FakeChannel) -> Json:
    """A guild text or forum channel object."""
    payload: Json = {
        "id": str(channel.id),
        "type": channel.type,
        "guild_id": str(world.guild_id),
        "name": channel.name,
        "position": channel.position,
        "topic": channel.topic,
        "nsfw": False,
        "parent_id": None,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "permission_overwrites": [],
        "flags": 0,
    }
    if channel.type == CHANNEL_FORUM:
        payload.update(
            {
                "available_tags": [],
                "default_reaction_emoji": None,
                "default_thread_rate_limit_per_user": 0,
                "default_sort_order": None,
                "default_forum_layout": 0,
                "default_auto_archive_duration": 1440,
            }
        )
    return payload


def thread_payload(
    world: World,
    *,
    thread_id: int,
    parent_id: int,
    owner_id: int,
    name: str,
    kind: int = CHANNEL_PUBLIC_THREAD,
    auto_archive_duration: int = 1440,
) -> Json:
    """A thread channel object (a forum post is a public thread whose parent is the forum)."""
    now = _now()
    return {
        "id": str(thread_id),
        "type": kind,
        "guild_id": str(world.guild_id),
        "parent_id": str(parent_id),
        "owner_id": str(owner_id),
        "name": name,
        "last_message_id": None,
        "message_count": 0,
        "member_count": 1,
        "total_message_sent": 0,
        "rate_limit_per_user": 0,
        "flags": 0,
        "applied_tags": [],
        "thread_metadata": {
            "archived": False,
            "auto_archive_duration": auto_archive_duration,
            "archive_timestamp": now,
            "locked": False,
            "invitable": True,
            "create_timestamp": now,
        },
    }


def guild_payload(world: World, threads: Iterable[Json] = ()) -> Json:
    """A GUILD_CREATE payload: the whole guild, with channels, roles and every member.

    ``member_count`` equals the members sent, or discord.py (with the members intent) asks
    for member chunks and delays on_ready. ``threads`` are the active threads, as Discord
    sends them (so a bot that reconnects or restarts knows the threads it answers in).
    """
    return {
        "id": str(world.guild_id),
        "name": world.guild_name,
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "owner_id": str(world.owner_id),
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": "en-US",
        "system_channel_id": str(world.channels[0].id),
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "public_updates_channel_id": None,
        "application_id": None,
        "description": None,
        "features": [],
        "max_members": 500000,
        "joined_at": "2024-01-01T00:00:00+00:00",
        "large": False,
        "unavailable": False,
        "lazy": True,
        "member_count": len(world.members),
        "roles": [role_payload(role) for role in world.roles],
        "channels": [channel_payload(world, channel) for channel in world.channels],
        "members": [member_payload(world, user) for user in world.members],
        "threads": [dict(t) for t in threads],
        "presences": [],
        "voice_states": [],
        "emojis": [],
        "stickers": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
        "embedded_activities": [],
    }


# --- Validation: limits Discord enforces -----------------------------------------------------


def _too_long(limit: int) -> Json:
    return {
        "_errors": [
            {"code": "BASE_TYPE_MAX_LENGTH", "message": f"Must be {limit} or fewer in length."}
        ]
    }


def _embed_errors(embeds: list[Json]) -> tuple[Json, int]:
    """Per-embed length errors (keyed like Discord's) and the total character count."""
    errors: Json = {}
    total = 0
    for index, embed in enumerate(embeds):
        found: Json = {}
        texts = [
            ("title", embed.get("title"), 256),
            ("description", embed.get("description"), 4096),
        ]
        for name, text, limit in texts:
            if text is not None:
                total += len(text)
                if len(text) > limit:
                    found[name] = _too_long(limit)
        for name, key, limit in (("footer", "text", 2048), ("author", "name", 256)):
            text = (embed.get(name) or {}).get(key)
            if text is not None:
                total += len(text)
                if len(text) > limit:
                    found[name] = {key: _too_long(limit)}
        fields = embed.get("fields") or []
        if len(fields) > 25:
            found["fields"] = _too_long(25)
        field_errors: Json = {}
        for field_index, embed_field in enumerate(fields):
            name, value = embed_field.get("name", ""), embed_field.get("value", "")
            total += len(name) + len(value)
            this: Json = {}
            if len(name) > 256:
                this["name"] = _too_long(256)
            if len(value) > 1024:
                this["value"] = _too_long(1024)
            if this:
                field_errors[str(field_index)] = this
        if field_errors and "fields" not in found:
            found["fields"] = field_errors
        if found:
            errors[str(index)] = found
    return errors, total


def _component_errors(components: list[Json]) -> Json:
    errors: Json = {}
    rows = [c for c in components if c.get("type") == 1]
    if len(rows) > 5:
        return {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 5 or fewer."}]}
    for index, row in enumerate(rows):
        if len(row.get("components", [])) > 5:
            errors[str(index)] = {"components": _too_long(5)}
    for component in _walk_components(components):
        if len(component.get("custom_id") or "") > 100:
            errors["custom_id"] = _too_long(100)
        if len(component.get("label") or "") > 80:
            errors["label"] = _too_long(80)
    return errors


def message_errors(body: Mapping[str, Any], *, has_files: bool, creating: bool) -> Json | None:
    """The error body Discord would answer this message body with, or None if it is fine.

    Checks the hard limits (2000 content, 10 embeds, 256 title, 4096 description, 25 fields,
    256/1024 field name/value, 2048 footer, 6000 per message, 5x5 components) and, when
    ``creating``, refuses an empty message (code 50006).
    """
    errors: Json = {}
    content = body.get("content") or ""
    if len(content) > 2000:
        errors["content"] = _too_long(2000)
    embeds = body.get("embeds") or []
    if len(embeds) > 10:
        errors["embeds"] = _too_long(10)
    embed_errors, total = _embed_errors(embeds)
    if embed_errors:
        errors.setdefault("embeds", embed_errors)
    if total > 6000:
        errors.setdefault(
            "embeds",
            {
                "_errors": [
                    {
                        "code": "MAX_EMBED_SIZE_EXCEEDED",
                        "message": "Embed size exceeds maximum size of 6000",
                    }
                ]
            },
        )
    component_errors = _component_errors(body.get("components") or [])
    if component_errors:
        errors["components"] = component_errors
    if errors:
        return {"code": 50035, "message": "Invalid Form Body", "errors": errors}
    has_something = (
        content
        or embeds
        or has_files
        or body.get("components")
        or body.get("sticker_ids")
        or body.get("poll")
        or body.get("attachments")
    )
    if creating and not has_something:
        return {"code": 50006, "message": "Cannot send an empty message"}
    return None


def _command_errors(commands: list[Json]) -> Json | None:
    """Errors Discord would report for a bulk command overwrite (a few of its rules)."""
    errors: Json = {}
    names: set[tuple[str, int]] = set()
    for index, command in enumerate(commands):
        name, kind = command.get("name", ""), command.get("type", 1)
        found: Json = {}
        if kind == 1 and (not COMMAND_NAME.match(name) or name != name.lower()):
            found["name"] = {
                "_errors": [
                    {
                        "code": "APPLICATION_COMMAND_INVALID_NAME",
                        "message": "Command name is invalid",
                    }
                ]
            }
        if kind == 1 and not 1 <= len(command.get("description", "")) <= 100:
            found["description"] = _too_long(100)
        if len(command.get("options") or []) > 25:
            found["options"] = _too_long(25)
        if (name, kind) in names:
            found["name"] = {
                "_errors": [
                    {
                        "code": "APPLICATION_COMMANDS_DUPLICATE_NAME",
                        "message": "Application command names must be unique",
                    }
                ]
            }
        names.add((name, kind))
        if found:
            errors[str(index)] = found
    if errors:
        return {"code": 50035, "message": "Invalid Form Body", "errors": errors}
    return None


def _thread_errors(body: Mapping[str, Any]) -> Json | None:
    """Errors Discord reports for a thread's name and archive duration."""
    name = body.get("name")
    errors: Json = {}
    if not isinstance(name, str) or not 1 <= len(name) <= 100:
        errors["name"] = _too_long(100)
    archive = body.get("auto_archive_duration")
    if archive is not None and archive not in THREAD_ARCHIVE_MINUTES:
        errors["auto_archive_duration"] = {
            "_errors": [
                {
                    "code": "BASE_TYPE_CHOICES",
                    "message": "Value must be one of 60, 1440, 4320, 10080.",
                }
            ]
        }
    if errors:
        return {"code": 50035, "message": "Invalid Form Body", "errors": errors}
    return None


def _allowed_ids(allowed: Mapping[str, Any] | None, kind: str, ids: list[int]) -> list[int]:
    """The parsed mentions Discord keeps under ``allowed_mentions`` (absent: all of them)."""
    if allowed is None or kind in allowed.get("parse", []):
        return ids
    explicit = {int(x) for x in allowed.get(kind, [])}
    return [i for i in ids if i in explicit]


# --- HTTP plumbing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Reply:
    """What a REST handler answers; the endpoint wrapper records it and makes the response."""

    status: int = 200
    data: Any = None  # JSON body; None means no body (e.g. 204)
    headers: Mapping[str, str] = field(default_factory=dict)
    raw: bytes | None = None  # a non-JSON body (attachment downloads)
    content_type: str = "application/octet-stream"

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def to_response(self) -> web.Response:
        if self.raw is not None:
            headers = {**self.headers, "Content-Type": self.content_type}
            return web.Response(status=self.status, body=self.raw, headers=headers)
        if self.data is None:
            return web.Response(status=self.status, headers=self.headers)
        return json_response(self.data, self.status, self.headers)


def _error(status: int, code: int, message: str, errors: Json | None = None) -> _Reply:
    body: Json = {"code": code, "message": message}
    if errors:
        body["errors"] = errors
    return _Reply(status, body)


NO_CONTENT = _Reply(204)


@dataclass(frozen=True)
class _ApiCall:
    """A request as the handlers see it: body parsed, route template known."""

    method: str
    path: str
    route: str
    params: Mapping[str, str]
    query: Mapping[str, str]
    json: Any
    files: tuple[UploadedFile, ...]
    headers: Mapping[str, str]
    authorization: str | None
    api: bool  # under /api/v10 (else the fake CDN, or an unknown path)

    @property
    def needs_auth(self) -> bool:
        """API routes need ``Authorization: Bot <token>``, except GET /gateway and the
        interaction webhooks (the interaction token in the URL stands in for it).
        """
        if not self.api or self.path == "/gateway":
            return False
        return not self.path.startswith(("/webhooks/", "/interactions/"))

    @classmethod
    async def read(cls, request: web.Request) -> _ApiCall:
        body, files = await _read_body(request)
        resource = request.match_info.route.resource
        template = resource.canonical if resource is not None else ""
        path = request.path.removeprefix(API_PREFIX)
        route = "" if template == "/{tail}" else template.removeprefix(API_PREFIX)
        headers = {k: v for k, v in request.headers.items() if k.lower() != "authorization"}
        return cls(
            method=request.method,
            path=path,
            route=route,
            params=dict(request.match_info),
            query=dict(request.query),
            json=body,
            files=files,
            headers=headers,
            authorization=request.headers.get("Authorization"),
            api=request.path.startswith(API_PREFIX + "/"),
        )


async def _read_body(request: web.Request) -> tuple[Any, tuple[UploadedFile, ...]]:
    """The JSON body, or ``payload_json`` and the files of a multipart body."""
    if request.content_type == "multipart/form-data":
        form = await request.post()
        payload = form.get("payload_json")
        files = tuple(
            UploadedFile(name, part.filename, part.content_type, part.file.read())
            for name, part in form.items()
            if isinstance(part, web.FileField)
        )
        return (json.loads(payload) if isinstance(payload, str) else None), files
    raw = await request.read()
    if not raw:
        return None, ()
    if request.content_type == "application/json":
        return json.loads(raw), ()
    return raw.decode(errors="replace"), ()


class _Connection:
    """A gateway websocket; sends are serialised because tests and the reader both send."""

    def __init__(self, number: int, ws: web.WebSocketResponse) -> None:
        self.number = number
        self.ws = ws
        self._lock = asyncio.Lock()

    async def send(self, text: str) -> bool:
        async with self._lock:
            if self.ws.closed:
                return False
            try:
                await self.ws.send_str(text)
            except ConnectionResetError:
                return False
            return True


Handler = Callable[[_ApiCall], Awaitable[_Reply]]


# --- The fake ------------------------------------------------------------------------------


class FakeDiscord:
    """A fake Discord REST API and gateway, served by aiohttp inside the test process.

    Use as ``async with FakeDiscord() as fake:``. Point the bot at ``api_base`` and
    ``gateway_url`` (or use ``point_discord_py_here()``), start it with ``running()``, inject
    events with ``post_message``, ``create_forum_post``, ``start_thread``, ``interact``,
    ``context_menu``, ``click``, ``autocomplete`` and ``submit_modal``, then wait for what the bot did with the ``wait_for*`` methods.
    """

    def __init__(
        self,
        world: World | None = None,
        *,
        token: str = DEFAULT_TOKEN,
        heartbeat_interval_ms: int = 41_250,
        application_flags: int = (1 << 13) | (1 << 15) | (1 << 19),
        attachment_size_limit: int = 10 * 1024 * 1024,
    ) -> None:
        self.world = world or World()
        self.token = token
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.application_flags = application_flags
        self.attachment_size_limit = attachment_size_limit
        self.port = 0

        self.requests: list[RecordedRequest] = []
        self.connections: list[GatewayConnection] = []
        self.gateway_frames: list[GatewayFrame] = []
        self.dispatched: list[DispatchedEvent] = []
        self.interactions: list[FakeInteraction] = []
        self.commands: dict[int | None, list[Json]] = {}
        self.internal_errors: list[BaseException] = []
        self.reactions: list[RecordedReaction] = []

        self._messages: dict[str, _StoredMessage] = {}
        self._attachments: dict[str, tuple[Json, bytes]] = {}
        self._threads: dict[str, Json] = {}
        self._interactions_by_id: dict[str, FakeInteraction] = {}
        self._interactions_by_token: dict[str, FakeInteraction] = {}
        self._rate_limits: list[_RateLimitRule] = []
        self._session: _Session | None = None
        self._live: _Connection | None = None
        self._open: set[_Connection] = set()
        self._client_tasks: list[asyncio.Task[Any]] = []
        self._background: set[asyncio.Task[Any]] = set()
        self._dispatch_lock = asyncio.Lock()
        self._changed = asyncio.Condition()
        self._ids = _Snowflakes()
        self._tick = 0
        self._runner: web.AppRunner | None = None

    # -- lifecycle ------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_base(self) -> str:
        """What ``discord.http.Route.BASE`` must be."""
        return f"{self.base_url}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        """What ``DiscordWebSocket.DEFAULT_GATEWAY`` must be (as a ``yarl.URL``)."""
        return f"ws://127.0.0.1:{self.port}/gateway"

    @property
    def resume_gateway_url(self) -> str:
        """Sent in READY; a distinct path so tests can see the client resumed there."""
        return f"ws://127.0.0.1:{self.port}/gateway/resume"

    async def start(self) -> None:
        """Serve on a free port of 127.0.0.1."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        self._add_routes(app.router)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()

    async def stop(self) -> None:
        """Close gateway connections and the server; re-raise the fake's own errors."""
        for conn in list(self._open):
            await conn.ws.close(code=1001, message=b"fake discord shutting down")
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        for task in self._background:
            task.cancel()
        if self.internal_errors:
            raise RuntimeError("FakeDiscord itself failed") from self.internal_errors[0]

    async def __aenter__(self) -> FakeDiscord:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @contextlib.contextmanager
    def point_discord_py_here(self) -> Iterator[None]:
        """Point discord.py's REST base and gateway URL at this fake, and restore them after.

        For tests of a bare client; the project's bot sets both from its settings.
        """
        route, websocket = discord.http.Route, discord.gateway.DiscordWebSocket
        old_base, old_gateway = route.BASE, websocket.DEFAULT_GATEWAY
        route.BASE = self.api_base
        websocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)
        try:
            yield
        finally:
            route.BASE, websocket.DEFAULT_GATEWAY = old_base, old_gateway

    @contextlib.asynccontextmanager
    async def running(
        self, client: ClientT, token: str | None = None, *, timeout: float = DEFAULT_TIMEOUT
    ) -> AsyncIterator[ClientT]:
        """Log ``client`` in, connect it, wait for on_ready; close it on the way out.

        Login failures (``discord.LoginFailure``) propagate. The connect task is watched: if it
        crashes, every ``wait_for*`` raises its exception at once instead of timing out. Pass a
        small ``guild_ready_timeout`` to the client, or on_ready waits 2 s for more guilds.
        """
        connect: asyncio.Task[None] | None = None
        try:
            await client.login(self.token if token is None else token)
            connect = asyncio.create_task(client.connect(), name="fake-discord-client")
            self._client_tasks.append(connect)
            connect.add_done_callback(lambda _: self._notify_soon())
            ready = asyncio.create_task(client.wait_until_ready())
            done, _ = await asyncio.wait(
                {connect, ready}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
            )
            if ready not in done:
                ready.cancel()
                if connect in done:
                    connect.result()  # raises the reason the client stopped
                    raise RuntimeError("the client stopped before on_ready")
                raise TimeoutError(f"no on_ready within {timeout}s.\n{self.describe()}")
            yield client
        finally:
            await client.close()
            if connect is not None:
                await asyncio.wait_for(connect, timeout)

    # -- waiting --------------------------------------------------------------------------

    def mark(self) -> int:
        """The current tick: pass it as ``since=`` to wait only for what happens after now."""
        return self._tick

    async def wait_for(
        self,
        predicate: Callable[[RecordedRequest], bool],
        *,
        since: int = 0,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> RecordedRequest:
        """The first recorded request (past or future, after tick ``since``) matching."""

        def find() -> RecordedRequest | None:
            return next((r for r in self.requests if r.tick > since and predicate(r)), None)

        return await self._wait_until(find, timeout, "request matching the predicate")

    async def wait_for_request(
        self, method: str, route: str, *, since: int = 0, timeout: float = DEFAULT_TIMEOUT
    ) -> RecordedRequest:
        """The first successful request to ``route`` (a template or a concrete path)."""

        def matches(r: RecordedRequest) -> bool:
            return r.method == method and route in (r.route, r.path) and r.ok

        return await self.wait_for(matches, since=since, timeout=timeout)

    async def wait_for_message(
        self,
        channel_id: int | None = None,
        *,
        predicate: Callable[[Json], bool] | None = None,
        since: int = 0,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> Json:
        """The first message the bot created (channel message, interaction reply or follow-up).

        Ephemeral ones count; "thinking" placeholders do not until a follow-up fills them. The
        payload is live: later edits show in it.
        """

        def find() -> Json | None:
            for stored in self._messages.values():
                payload = stored.payload
                if (
                    stored.by_bot
                    and stored.tick > since
                    and not stored.loading
                    and (channel_id is None or payload["channel_id"] == str(channel_id))
                    and (predicate is None or predicate(payload))
                ):
                    return payload
            return None

        return await self._wait_until(find, timeout, f"bot message in channel {channel_id}")

    async def wait_for_interaction_response(
        self,
        interaction: FakeInteraction,
        kind: str | None = None,
        *,
        predicate: Callable[[RecordedRequest], bool] | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> RecordedRequest:
        """The first response of ``kind`` (callback, followup, edit, get, delete; None: any).

        Rejected responses count (check ``.status``), 429s do not: discord.py retries them.
        """

        def find() -> RecordedRequest | None:
            for response in interaction.responses:
                if (
                    response.status != 429
                    and (kind is None or response.kind == kind)
                    and (predicate is None or predicate(response))
                ):
                    return response
            return None

        return await self._wait_until(
            find, timeout, f"{kind or 'any'} response to {interaction.name}"
        )

    async def wait_for_gateway(
        self,
        predicate: Callable[[GatewayFrame], bool],
        *,
        since: int = 0,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> GatewayFrame:
        """The first frame the client sent (past or future) matching."""

        def find() -> GatewayFrame | None:
            return next((f for f in self.gateway_frames if f.tick > since and predicate(f)), None)

        return await self._wait_until(find, timeout, "gateway frame matching the predicate")

    async def wait_for_resume(self, *, since: int = 0, timeout: float = DEFAULT_TIMEOUT) -> Json:
        """The RESUME payload (op 6), once the fake has replayed missed events and said RESUMED."""

        def find() -> Json | None:
            for frame in self.gateway_frames:
                live = self._live
                if (
                    frame.op == 6
                    and frame.tick > since
                    and live
                    and live.number == frame.connection
                ):
                    return frame.data
            return None

        return await self._wait_until(find, timeout, "RESUME")

    @property
    def identifies(self) -> list[Json]:
        """IDENTIFY payloads (op 2), with ``intents``."""
        return [f.data for f in self.gateway_frames if f.op == 2]

    @property
    def resumes(self) -> list[Json]:
        """RESUME payloads (op 6): ``seq``, ``session_id``, ``token``."""
        return [f.data for f in self.gateway_frames if f.op == 6]

    @property
    def session_id(self) -> str | None:
        return self._session.id if self._session else None

    @property
    def sent_messages(self) -> list[Json]:
        """Messages the bot created, oldest first, as they are now."""
        return [m.payload for m in self._messages.values() if m.by_bot]

    @property
    def messages(self) -> list[Json]:
        """Every message, the users' included, oldest first."""
        return [m.payload for m in self._messages.values()]

    @property
    def unexpected_requests(self) -> list[RecordedRequest]:
        """Requests to routes the fake does not know (they got a 404)."""
        return [r for r in self.requests if not r.matched]

    def message(self, message_id: int | str) -> Json:
        """A message by id, as it is now."""
        return self._messages[str(message_id)].payload

    def command(
        self, name: str, *, guild_id: int | None = None, kind: int | None = None
    ) -> Json | None:
        """A synced command by name (and type): the guild's first, then global ones."""
        for scope in (guild_id or self.world.guild_id, None):
            for command in self.commands.get(scope, []):
                if command["name"] == name and kind in (None, command.get("type", 1)):
                    return command
        return None

    @property
    def threads(self) -> list[Json]:
        """Every thread created so far (forum posts included), oldest first, as they are now."""
        return list(self._threads.values())

    def thread(self, thread_id: int | str) -> Json:
        """A thread by id, as it is now."""
        return self._threads[str(thread_id)]

    def reactions_on(self, message: int | str | Json) -> list[str]:
        """The emojis the bot added to a message, in order."""
        message_id = str(message["id"] if isinstance(message, Mapping) else message)
        return [r.emoji for r in self.reactions if r.message_id == message_id]

    def describe(self, last: int = 25) -> str:
        """Recent requests and gateway traffic, for timeout messages."""
        lines = ["recent requests:"]
        lines += [f"  {r}" for r in self.requests[-last:]] or ["  (none)"]
        lines.append("recent gateway frames from the client:")
        lines += [f"  #{f.tick} conn {f.connection} op {f.op}" for f in self.gateway_frames[-last:]]
        lines.append("recent dispatches: " + ", ".join(e.event for e in self.dispatched[-last:]))
        return "\n".join(lines)

    async def _wait_until(self, find: Callable[[], T | None], timeout: float, what: str) -> T:
        async def check() -> T:
            async with self._changed:
                while True:
                    self._raise_if_broken()
                    found = find()
                    if found is not None:
                        return found
                    await self._changed.wait()

        try:
            return await asyncio.wait_for(check(), timeout)
        except TimeoutError:
            raise TimeoutError(
                f"FakeDiscord: no {what} within {timeout}s.\n{self.describe()}"
            ) from None

    def _raise_if_broken(self) -> None:
        """Fail fast when the fake or a client it runs has crashed, rather than time out."""
        if self.internal_errors:
            raise RuntimeError("FakeDiscord itself failed") from self.internal_errors[0]
        for task in self._client_tasks:
            if task.done() and not task.cancelled() and task.exception() is not None:
                raise RuntimeError("the discord.py client crashed") from task.exception()

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    def _notify_soon(self) -> None:
        task = asyncio.get_running_loop().create_task(self._notify())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    def _next_tick(self) -> int:
        self._tick += 1
        return self._tick

    # -- test controls --------------------------------------------------------------------

    def rate_limit(
        self,
        method: str,
        route: str,
        *,
        retry_after: float = 0.01,
        count: int = 1,
        is_global: bool = False,
    ) -> None:
        """Answer the next ``count`` requests to ``route`` with 429 (discord.py will retry).

        ``route`` is a template (``/channels/{channel_id}/messages``) or a concrete path. The
        reply carries a ``Via`` header and JSON ``retry_after``, without which discord.py
        takes the 429 for a Cloudflare ban and raises.
        """
        self._rate_limits.append(_RateLimitRule(method, route, retry_after, count, is_global))

    def add_attachment(
        self,
        filename: str,
        data: bytes,
        content_type: str | None = None,
        *,
        description: str | None = None,
    ) -> Json:
        """Host a file on the fake CDN; returns the attachment object (its url serves ``data``)."""
        attachment_id = str(self._ids.next())
        guessed = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        url = f"{self.base_url}/cdn/attachments/{attachment_id}/{filename}"
        attachment: Json = {
            "id": attachment_id,
            "filename": filename,
            "size": len(data),
            "url": url,
            "proxy_url": url,
            "content_type": content_type or guessed,
        }
        if description is not None:
            attachment["description"] = description
        self._attachments[attachment_id] = (attachment, data)
        return dict(attachment)

    async def dispatch(self, event: str, data: Json, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Send any gateway event (op 0) to the bot, for events without a helper here."""
        await self._emit(event, data, wait=timeout)

    async def reconnect(self, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Send op 7 RECONNECT, as Discord does before moving a session; the client resumes.

        Events dispatched from now until the RESUME are buffered and replayed after it, as
        Discord does. Follow with ``wait_for_resume(since=...)``.
        """
        conn = await self._wait_until(lambda: self._live, timeout, "connected gateway client")
        async with self._dispatch_lock:
            self._live = None
            await conn.send(json.dumps({"op": 7, "d": None}))

    async def drop_connection(self, code: int = 4000, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Close the client's websocket, as a network failure would; discord.py resumes."""
        conn = await self._wait_until(lambda: self._live, timeout, "connected gateway client")
        async with self._dispatch_lock:
            self._live = None
        await conn.ws.close(code=code, message=b"fake discord dropped the connection")

    # -- injecting events -----------------------------------------------------------------

    async def post_message(
        self,
        channel_id: int,
        author_id: int,
        content: str,
        *,
        mentions: Iterable[int] = (),
        reply_to: int | str | Json | None = None,
        mention_roles: Iterable[int] = (),
        mention_everyone: bool = False,
        attachments: Iterable[Json] = (),
        timeout: float = DEFAULT_TIMEOUT,
    ) -> Json:
        """A user posts a message: dispatch MESSAGE_CREATE and return the full payload.

        Mentions written in ``content`` (``<@id>``, ``<@&id>``, ``@everyone``) are found as
        Discord finds them; ``mentions`` etc. add more. A reply mentions the replied-to author,
        as the Discord client does by default. Without the message-content intent the bot
        receives empty content unless it is mentioned, as with real Discord.
        """
        channel = self._require_channel(channel_id)
        if channel["type"] == CHANNEL_FORUM:
            raise ValueError("a forum has no messages of its own: use create_forum_post")
        author = self.world.user(author_id)
        user_ids = _unique([*map(int, USER_MENTION.findall(content)), *map(int, mentions)])
        role_ids = _unique([*map(int, ROLE_MENTION.findall(content)), *map(int, mention_roles)])
        everyone = mention_everyone or "@everyone" in content or "@here" in content
        payload = self._message_payload(
            channel_id=channel_id,
            author=author,
            content=content,
            attachments=[dict(a) for a in attachments],
        )
        if reply_to is not None:
            referenced = self._referenced(reply_to)
            self._attach_reference(payload, referenced, channel_id)
            user_ids = _unique([*user_ids, int(referenced["author"]["id"])])
        self._set_mentions(payload, user_ids, role_ids, everyone)
        self._store(payload, by_bot=False)
        self._count_message(payload)
        await self._emit_message("MESSAGE_CREATE", payload, wait=timeout)
        return payload

    async def interact(
        self,
        name: str,
        options: Mapping[str, Any] | None = None,
        *,
        user_id: int,
        channel_id: int | None = None,
        subcommand: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> FakeInteraction:
        """A user runs slash command ``name``: dispatch INTERACTION_CREATE (type 2).

        ``options`` maps option names to values: str, int, float, bool, a user/channel/role id
        (for options the synced command declares as such), or an attachment from
        ``add_attachment``. ``subcommand`` is "sub" or "group sub". If the bot synced the
        command, its id is used and options are checked against its definition (unknown or
        missing required options raise ValueError, as the Discord client would not send them);
        unsynced, types are guessed from the values (so sync before passing user/role ids).
        ``channel_id`` defaults to the first channel of the world (#general).
        """
        data = self._command_data(name, options or {}, subcommand=subcommand, focused=None)
        return await self._create_interaction(
            INTERACTION_APPLICATION_COMMAND,
            data,
            user_id=user_id,
            channel_id=channel_id,
            timeout=timeout,
        )

    async def autocomplete(
        self,
        name: str,
        options: Mapping[str, Any],
        *,
        focused: str,
        user_id: int,
        channel_id: int | None = None,
        subcommand: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> FakeInteraction:
        """A user types into option ``focused`` of ``name``: dispatch an autocomplete (type 4).

        The bot's choices are in ``(await fake.wait_for_interaction_response(i, "callback"))
        .json["data"]["choices"]``.
        """
        if focused not in options:
            raise ValueError(f"focused option {focused!r} must be among the options given")
        data = self._command_data(name, options, subcommand=subcommand, focused=focused)
        return await self._create_interaction(
            INTERACTION_AUTOCOMPLETE, data, user_id=user_id, channel_id=channel_id, timeout=timeout
        )

    async def click(
        self,
        message: int | str | Json,
        custom_id: str,
        *,
        user_id: int,
        component_type: int = 2,
        values: Iterable[str] | None = None,
        forged: bool = False,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> FakeInteraction:
        """A user clicks a button (or picks ``values`` in a select) on ``message`` (type 3).

        The component must exist on the message, as a user can only click what is there;
        unless ``forged``: the interaction then claims the message carries a button with that
        custom id (what a hand-made request could say, whatever the message really holds).
        """
        message_id = str(message["id"] if isinstance(message, Mapping) else message)
        stored = self._messages.get(message_id)
        if stored is None:
            raise KeyError(f"no message {message_id} to click on")
        custom_ids = [c.get("custom_id") for c in _walk_components(stored.payload["components"])]
        if custom_id not in custom_ids and not forged:
            raise ValueError(
                f"message {stored.payload['id']} has no component {custom_id!r}; "
                f"it has {[c for c in custom_ids if c]}"
            )
        data: Json = {"custom_id": custom_id, "component_type": component_type}
        if values is not None:
            data["values"] = list(values)
        claimed = copy.deepcopy(stored.payload)
        if custom_id not in custom_ids:
            button = {"type": 2, "style": 2, "label": "Forged", "custom_id": custom_id}
            claimed["components"] = [*claimed["components"], {"type": 1, "components": [button]}]
        return await self._create_interaction(
            INTERACTION_COMPONENT,
            data,
            user_id=user_id,
            channel_id=int(stored.payload["channel_id"]),
            message=claimed,
            timeout=timeout,
        )

    async def submit_modal(
        self,
        interaction: FakeInteraction,
        values: Mapping[str, str],
        *,
        user_id: int | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> FakeInteraction:
        """A user submits the modal the bot answered ``interaction`` with (type 5).

        ``values`` maps text inputs' custom_ids to what the user typed.
        """
        if interaction.modal is None:
            raise ValueError(f"the bot did not answer {interaction.name!r} with a modal")
        known = {c.get("custom_id") for c in _walk_components(interaction.modal["components"])}
        unknown = set(values) - known
        if unknown:
            raise ValueError(
                f"modal has no inputs {sorted(unknown)}; it has {sorted(filter(None, known))}"
            )
        data = {
            "custom_id": interaction.modal["custom_id"],
            "components": _submitted_components(interaction.modal["components"], values),
        }
        message = interaction.payload.get("message")
        return await self._create_interaction(
            INTERACTION_MODAL_SUBMIT,
            data,
            user_id=interaction.user_id if user_id is None else user_id,
            channel_id=interaction.channel_id,
            message=message,
            timeout=timeout,
        )

    async def context_menu(
        self,
        name: str,
        message: int | str | Json,
        *,
        user_id: int,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> FakeInteraction:
        """A user picks message command ``name`` (Apps menu) on ``message``: type 2, data.type 3.

        Discord resolves the target message in full (its content included, whatever the bot's
        intents: context menus are exempt from the message-content intent).
        """
        message_id = str(message["id"] if isinstance(message, Mapping) else message)
        stored = self._messages.get(message_id)
        if stored is None or stored.ephemeral:
            raise KeyError(f"no message {message_id} to open a menu on")
        command = self.command(name, kind=COMMAND_MESSAGE)
        data: Json = {
            "id": command["id"] if command else str(self._ids.next()),
            "name": name,
            "type": COMMAND_MESSAGE,
            "target_id": message_id,
            "resolved": {"messages": {message_id: copy.deepcopy(stored.payload)}},
        }
        if command and command.get("guild_id"):
            data["guild_id"] = command["guild_id"]
        return await self._create_interaction(
            INTERACTION_APPLICATION_COMMAND,
            data,
            user_id=user_id,
            channel_id=int(stored.payload["channel_id"]),
            timeout=timeout,
        )

    async def create_forum_post(
        self,
        forum_id: int,
        author_id: int,
        title: str,
        content: str,
        *,
        mentions: Iterable[int] = (),
        timeout: float = DEFAULT_TIMEOUT,
    ) -> tuple[Json, Json]:
        """A user creates a post in a forum: THREAD_CREATE, then its starter message.

        As on Discord, the post is a public thread whose parent is the forum, and its starter
        message has the thread's id. Returns (thread, starter message).
        """
        forum = self._require_channel(forum_id)
        if forum["type"] != CHANNEL_FORUM:
            raise ValueError(f"channel {forum_id} is not a forum")
        author = self.world.user(author_id)
        thread_id = self._ids.next()
        thread = thread_payload(
            self.world, thread_id=thread_id, parent_id=forum_id, owner_id=author.id, name=title
        )
        self._threads[thread["id"]] = thread
        await self._emit("THREAD_CREATE", {**thread, "newly_created": True}, wait=timeout)
        payload = self._message_payload(channel_id=thread_id, author=author, content=content)
        payload["id"] = thread["id"]
        user_ids = _unique([*map(int, USER_MENTION.findall(content)), *map(int, mentions)])
        self._set_mentions(payload, user_ids, [], False)
        self._store(payload, by_bot=False)
        self._count_message(payload)
        await self._emit_message("MESSAGE_CREATE", payload, wait=timeout)
        return thread, payload

    async def start_thread(
        self,
        message: int | str | Json,
        author_id: int,
        name: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> Json:
        """A user starts a thread from a message (the thread takes the message's id)."""
        message_id = str(message["id"] if isinstance(message, Mapping) else message)
        stored = self._messages[message_id]
        thread = self._thread_from_message(stored, self.world.user(author_id).id, name, 1440)
        await self._emit("THREAD_CREATE", {**thread, "newly_created": True}, wait=timeout)
        return thread

    # -- building interactions ----------------------------------------------------------

    def _command_data(
        self, name: str, values: Mapping[str, Any], *, subcommand: str | None, focused: str | None
    ) -> Json:
        command = self.command(name)
        data: Json = {
            "id": command["id"] if command else str(self._ids.next()),
            "name": name,
            "type": 1,
        }
        if command and command.get("guild_id"):
            data["guild_id"] = command["guild_id"]
        schema = command.get("options", []) if command else None
        path = subcommand.split() if subcommand else []
        wrappers: list[tuple[str, int]] = []
        for depth, part in enumerate(path):
            kind = OPTION_SUB_COMMAND if depth == len(path) - 1 else OPTION_SUB_COMMAND_GROUP
            if schema is not None:
                found = next((o for o in schema if o["name"] == part and o["type"] in (1, 2)), None)
                if found is None:
                    raise ValueError(f"/{name} has no subcommand {part!r}")
                kind, schema = found["type"], found.get("options", [])
            wrappers.append((part, kind))
        resolved: Json = {}
        options = self._options(name, values, schema, focused, resolved)
        for part, kind in reversed(wrappers):
            options = [{"type": kind, "name": part, "options": options}]
        if options:
            data["options"] = options
        if resolved:
            data["resolved"] = resolved
        return data

    def _options(
        self,
        command: str,
        values: Mapping[str, Any],
        schema: list[Json] | None,
        focused: str | None,
        resolved: Json,
    ) -> list[Json]:
        declared = {o["name"]: o for o in schema} if schema is not None else None
        if declared is not None:
            unknown = set(values) - set(declared)
            if unknown:
                raise ValueError(
                    f"/{command} has no options {sorted(unknown)}; it has {sorted(declared)}"
                )
            missing = [n for n, o in declared.items() if o.get("required") and n not in values]
            if missing and focused is None:
                raise ValueError(f"/{command} needs options {missing}")
        options = []
        for name, value in values.items():
            kind = declared[name]["type"] if declared is not None else _infer_option_type(value)
            option: Json = {
                "name": name,
                "type": kind,
                "value": self._option_value(kind, value, resolved),
            }
            if name == focused:
                option["focused"] = True
                option["value"] = value if isinstance(value, str) else str(value)
            options.append(option)
        return options

    def _option_value(self, kind: int, value: Any, resolved: Json) -> Any:
        """The option's wire value, adding users, roles, channels, attachments to ``resolved``."""
        if kind == OPTION_ATTACHMENT:
            attachment_id = str(value["id"] if isinstance(value, Mapping) else value)
            attachment = self._attachments[attachment_id][0]
            resolved.setdefault("attachments", {})[attachment_id] = dict(attachment)
            return attachment_id
        if kind in (OPTION_USER, OPTION_MENTIONABLE) and _is_user(self.world, value):
            user = self.world.user(value)
            member = member_payload(self.world, user, with_user=False)
            member["permissions"] = str(self.world.permissions(user.id))
            resolved.setdefault("users", {})[str(user.id)] = user_payload(user)
            resolved.setdefault("members", {})[str(user.id)] = member
            return str(user.id)
        if kind in (OPTION_ROLE, OPTION_MENTIONABLE):
            role = self.world.role(value)
            resolved.setdefault("roles", {})[str(role.id)] = role_payload(role)
            return str(role.id)
        if kind == OPTION_CHANNEL:
            channel = self.world.channel(value)
            entry = channel_payload(self.world, channel)
            entry["permissions"] = str(ALL_PERMISSIONS)
            resolved.setdefault("channels", {})[str(channel.id)] = entry
            return str(channel.id)
        return value

    async def _create_interaction(
        self,
        kind: int,
        data: Json,
        *,
        user_id: int,
        channel_id: int | None,
        message: Json | None = None,
        timeout: float,
    ) -> FakeInteraction:
        world = self.world
        user = world.user(user_id)
        channel = self._require_channel(
            channel_id if channel_id is not None else world.channels[0].id
        )
        member = member_payload(world, user)
        member["permissions"] = str(world.permissions(user.id))
        interaction_id, token = str(self._ids.next()), f"fake-{secrets.token_urlsafe(32)}"
        payload: Json = {
            "id": interaction_id,
            "application_id": str(world.application_id),
            "type": kind,
            "data": data,
            "guild_id": str(world.guild_id),
            "guild": {"id": str(world.guild_id), "locale": "en-US", "features": []},
            "channel_id": channel["id"],
            "channel": {**channel, "permissions": str(world.permissions(user.id))},
            "member": member,
            "token": token,
            "version": 1,
            "app_permissions": str(world.permissions(world.bot_user.id)),
            "locale": "en-US",
            "guild_locale": "en-US",
            "entitlements": [],
            "entitlement_sku_ids": [],
            "authorizing_integration_owners": {"0": str(world.guild_id)},
            "context": 0,
            "attachment_size_limit": self.attachment_size_limit,
        }
        if message is not None:
            payload["message"] = message
        interaction = FakeInteraction(
            interaction_id, token, kind, user.id, int(channel["id"]), payload
        )
        self.interactions.append(interaction)
        self._interactions_by_id[interaction_id] = interaction
        self._interactions_by_token[token] = interaction
        await self._emit("INTERACTION_CREATE", payload, wait=timeout)
        return interaction

    # -- messages -------------------------------------------------------------------------

    def _message_payload(
        self,
        *,
        channel_id: int,
        author: FakeUser,
        content: str,
        embeds: list[Json] | None = None,
        components: list[Json] | None = None,
        attachments: list[Json] | None = None,
        flags: int = 0,
    ) -> Json:
        return {
            "id": str(self._ids.next()),
            "type": 0,
            "channel_id": str(channel_id),
            "guild_id": str(self.world.guild_id),
            "author": user_payload(author),
            "member": member_payload(self.world, author, with_user=False),
            "content": content,
            "timestamp": _now(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": attachments or [],
            "embeds": [{"type": "rich", **e} for e in embeds or []],
            "components": components or [],
            "pinned": False,
            "flags": flags,
        }

    def _set_mentions(
        self, payload: Json, user_ids: list[int], role_ids: list[int], everyone: bool
    ) -> None:
        mentions = []
        for user_id in user_ids:
            with contextlib.suppress(KeyError):
                user = self.world.user(user_id)
                mentions.append(
                    {
                        **user_payload(user),
                        "member": member_payload(self.world, user, with_user=False),
                    }
                )
        payload["mentions"] = mentions
        payload["mention_roles"] = [str(r) for r in role_ids]
        payload["mention_everyone"] = everyone

    def _referenced(self, reference: int | str | Json) -> Json:
        message_id = str(reference["id"] if isinstance(reference, Mapping) else reference)
        if message_id not in self._messages:
            raise KeyError(f"no message {message_id} to reply to")
        return self._messages[message_id].payload

    def _attach_reference(self, payload: Json, referenced: Json, channel_id: int) -> None:
        """Make ``payload`` a reply; Discord nests the referenced message one level deep."""
        payload["type"] = 19
        payload["message_reference"] = {
            "type": 0,
            "message_id": referenced["id"],
            "channel_id": str(channel_id),
            "guild_id": str(self.world.guild_id),
        }
        payload["referenced_message"] = {
            k: v for k, v in copy.deepcopy(referenced).items() if k != "referenced_message"
        }

    def _store(
        self, payload: Json, *, by_bot: bool, interaction_id: str | None = None
    ) -> _StoredMessage:
        stored = _StoredMessage(self._next_tick(), payload, by_bot, interaction_id)
        self._messages[payload["id"]] = stored
        return stored

    def _bot_message(
        self,
        channel_id: int,
        body: Json,
        files: tuple[UploadedFile, ...],
        *,
        interaction: FakeInteraction | None = None,
        flags: int = 0,
    ) -> Json:
        """The message Discord makes of a bot's message body (channel send or interaction)."""
        content = body.get("content") or ""
        payload = self._message_payload(
            channel_id=channel_id,
            author=self.world.bot_user,
            content=content,
            embeds=body.get("embeds") or [],
            components=body.get("components") or [],
            attachments=self._uploaded_attachments(body, files),
            flags=flags | ((body.get("flags") or 0) & ~FLAG_EPHEMERAL),
        )
        allowed = body.get("allowed_mentions")
        user_ids = _allowed_ids(allowed, "users", [int(i) for i in USER_MENTION.findall(content)])
        role_ids = _allowed_ids(allowed, "roles", [int(i) for i in ROLE_MENTION.findall(content)])
        everyone = ("@everyone" in content or "@here" in content) and (
            allowed is None or "everyone" in allowed.get("parse", [])
        )
        reference = body.get("message_reference")
        if reference and str(reference.get("message_id")) in self._messages:
            referenced = self._messages[str(reference["message_id"])].payload
            self._attach_reference(payload, referenced, channel_id)
            if allowed is None or allowed.get("replied_user", False):
                user_ids = _unique([*user_ids, int(referenced["author"]["id"])])
        self._set_mentions(payload, user_ids, role_ids, everyone)
        if interaction is not None:
            self._mark_interaction_message(payload, interaction)
        return payload

    def _mark_interaction_message(self, payload: Json, interaction: FakeInteraction) -> None:
        app_id = str(self.world.application_id)
        user = user_payload(self.world.user(interaction.user_id))
        payload["webhook_id"] = app_id
        payload["application_id"] = app_id
        if interaction.type == INTERACTION_APPLICATION_COMMAND and payload["type"] == 0:
            payload["type"] = 20
        payload["interaction_metadata"] = {
            "id": interaction.id,
            "type": interaction.type,
            "user": user,
            "authorizing_integration_owners": {"0": str(self.world.guild_id)},
        }
        if interaction.type == INTERACTION_APPLICATION_COMMAND:
            payload["interaction"] = {
                "id": interaction.id,
                "type": interaction.type,
                "name": interaction.name,
                "user": user,
            }

    def _uploaded_attachments(self, body: Json, files: tuple[UploadedFile, ...]) -> list[Json]:
        """Attachments of a message body: new uploads (``files[N]``) and kept existing ones."""
        by_field = {f.field: f for f in files}
        entries = body.get("attachments")
        if entries is None:
            entries = [{"id": i} for i in range(len(files))]
        result = []
        for entry in entries:
            upload = by_field.get(f"files[{entry.get('id')}]")
            if upload is not None:
                content_type = mimetypes.guess_type(upload.filename)[0] or upload.content_type
                result.append(
                    self.add_attachment(
                        entry.get("filename") or upload.filename,
                        upload.data,
                        content_type,
                        description=entry.get("description"),
                    )
                )
            elif str(entry.get("id")) in self._attachments:
                result.append(dict(self._attachments[str(entry["id"])][0]))
        return result

    def _apply_edit(
        self, stored: _StoredMessage, body: Json, files: tuple[UploadedFile, ...]
    ) -> None:
        """Apply a PATCH body to a stored message, keeping fields the body leaves out."""
        payload = stored.payload
        if "content" in body:
            payload["content"] = body["content"] or ""
        if "embeds" in body:
            payload["embeds"] = [{"type": "rich", **e} for e in body["embeds"] or []]
        if "components" in body:
            payload["components"] = body["components"] or []
        if "attachments" in body or files:
            payload["attachments"] = self._uploaded_attachments(body, files)
        if "flags" in body and body["flags"] is not None:
            keep = payload["flags"] & (FLAG_EPHEMERAL | FLAG_LOADING)
            payload["flags"] = keep | (body["flags"] & ~FLAG_EPHEMERAL)
        payload["edited_timestamp"] = _now()

    # -- gateway --------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        """A gateway connection: HELLO, then answer the client's frames until it closes."""
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        conn = _Connection(len(self.connections) + 1, ws)
        self.connections.append(GatewayConnection(conn.number, request.path, dict(request.query)))
        self._open.add(conn)
        try:
            hello = {"heartbeat_interval": self.heartbeat_interval_ms, "_trace": ["fake-discord"]}
            await conn.send(json.dumps({"op": 10, "d": hello, "s": None, "t": None}))
            async for msg in ws:
                if msg.type is WSMsgType.TEXT:
                    await self._on_frame(conn, json.loads(msg.data))
        except Exception as exc:
            self.internal_errors.append(exc)
        finally:
            self._open.discard(conn)
            if self._live is conn:
                self._live = None
            await self._notify()
        return ws

    async def _on_frame(self, conn: _Connection, frame: Json) -> None:
        op, data = frame.get("op"), frame.get("d")
        self.gateway_frames.append(GatewayFrame(self._next_tick(), conn.number, op, data))
        await self._notify()
        if op == 1:
            await conn.send(json.dumps({"op": 11, "d": None}))
        elif op == 2:
            await self._identify(conn, data)
        elif op == 6:
            await self._resume(conn, data)
        elif op == 8:
            await self._send_member_chunk(data)
        # Other ops (presence 3, voice 4...) are only recorded.

    async def _identify(self, conn: _Connection, data: Json) -> None:
        if data.get("token") != self.token:
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return
        world = self.world
        session = _Session(secrets.token_hex(16), int(data.get("intents", 0)))
        ready = {
            "v": API_VERSION,
            "user": {
                **user_payload(world.bot_user),
                "verified": True,
                "mfa_enabled": False,
                "flags": 0,
                "email": None,
            },
            "guilds": [{"id": str(world.guild_id), "unavailable": True}],
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": self.resume_gateway_url,
            "application": {"id": str(world.application_id), "flags": self.application_flags},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "user_settings": {},
            "auth": {},
            "_trace": ["fake-discord"],
        }
        if data.get("shard") is not None:
            # Discord echoes [shard_id, num_shards] to a sharded IDENTIFY; discord.py's
            # AutoShardedClient reads it. (The fake's one server goes to whichever shard asks.)
            ready["shard"] = data["shard"]
        async with self._dispatch_lock:
            self._session, self._live = session, None
            await self._send_dispatch(session, "READY", ready, conn)
            await self._send_dispatch(
                session, "GUILD_CREATE", guild_payload(world, self._threads.values()), conn
            )
            self._live = conn
        await self._notify()

    async def _resume(self, conn: _Connection, data: Json) -> None:
        session = self._session
        if (
            session is None
            or data.get("session_id") != session.id
            or data.get("token") != self.token
        ):
            await conn.send(json.dumps({"op": 9, "d": False}))  # invalid session: identify again
            return
        last = data.get("seq") or 0
        async with self._dispatch_lock:
            for seq, text in session.sent:
                if seq > last:
                    await conn.send(text)
            await self._send_dispatch(session, "RESUMED", {"_trace": ["fake-discord"]}, conn)
            self._live = conn
        await self._notify()

    async def _send_member_chunk(self, data: Json) -> None:
        wanted = {str(u) for u in data.get("user_ids") or []}
        query = data.get("query") or ""
        members = [
            member_payload(self.world, user)
            for user in self.world.members
            if (not wanted or str(user.id) in wanted) and user.username.startswith(query)
        ]
        chunk = {
            "guild_id": str(self.world.guild_id),
            "members": members,
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [],
            "nonce": data.get("nonce"),
        }
        await self._emit("GUILD_MEMBERS_CHUNK", chunk, wait=None)

    async def _send_dispatch(
        self, session: _Session, event: str, data: Json, conn: _Connection | None
    ) -> None:
        """Number and send a dispatch; the caller holds ``_dispatch_lock`` to keep order."""
        session.seq += 1
        text = json.dumps({"op": 0, "t": event, "s": session.seq, "d": data})
        session.sent.append((session.seq, text))
        self.dispatched.append(
            DispatchedEvent(self._next_tick(), session.seq, event, json.loads(text))
        )
        if conn is not None:
            await conn.send(text)

    async def _emit(self, event: str, data: Json, *, wait: float | None) -> None:
        """Dispatch to the session: sent now if connected, else replayed on RESUME.

        With ``wait`` (seconds), wait for a session first (tests injecting events); without,
        drop the event if no client ever identified (echoes of REST calls made before login).
        """
        if wait is not None:
            await self._wait_until(
                lambda: self._session, wait, "gateway session (did the bot connect?)"
            )
        session = self._session
        if session is None:
            return
        async with self._dispatch_lock:
            await self._send_dispatch(session, event, data, self._live)
        await self._notify()

    async def _emit_message(self, event: str, payload: Json, *, wait: float | None) -> None:
        """Dispatch a message event as the bot's intents let it see it."""
        if wait is not None:
            await self._wait_until(
                lambda: self._session, wait, "gateway session (did the bot connect?)"
            )
        if self._session is None:
            return
        visible = _as_seen_by_bot(payload, self._session.intents, self.world.bot_user.id)
        if visible is not None:
            await self._emit(event, visible, wait=None)

    # -- REST: routing and recording ------------------------------------------------------

    def _add_routes(self, router: web.UrlDispatcher) -> None:
        router.add_get("/gateway", self._gateway)
        router.add_get("/gateway/resume", self._gateway)
        router.add_get(
            "/cdn/attachments/{attachment_id}/{filename}", self._endpoint(self._download)
        )
        message = "/channels/{channel_id}/messages/{message_id}"
        webhook_message = "/webhooks/{application_id}/{token}/messages/{message_id}"
        routes: list[tuple[str, str, Handler]] = [
            ("GET", "/users/@me", self._get_current_user),
            ("GET", "/users/{user_id}", self._get_user),
            ("GET", "/oauth2/applications/@me", self._get_application),
            ("GET", "/gateway", self._get_gateway),
            ("GET", "/gateway/bot", self._get_gateway_bot),
            ("GET", "/applications/{application_id}/commands", self._get_commands),
            ("PUT", "/applications/{application_id}/commands", self._put_commands),
            (
                "GET",
                "/applications/{application_id}/guilds/{guild_id}/commands",
                self._get_commands,
            ),
            (
                "PUT",
                "/applications/{application_id}/guilds/{guild_id}/commands",
                self._put_commands,
            ),
            ("GET", "/guilds/{guild_id}", self._get_guild),
            ("GET", "/guilds/{guild_id}/members/{user_id}", self._get_member),
            ("GET", "/channels/{channel_id}", self._get_channel),
            ("GET", "/channels/{channel_id}/messages", self._get_messages),
            ("POST", "/channels/{channel_id}/messages", self._create_message),
            ("GET", message, self._get_message),
            ("PATCH", message, self._edit_message),
            ("DELETE", message, self._delete_message),
            ("PUT", message + "/reactions/{emoji}/@me", self._add_reaction),
            ("POST", message + "/threads", self._start_thread_from_message),
            ("POST", "/channels/{channel_id}/threads", self._start_thread),
            ("POST", "/channels/{channel_id}/typing", self._typing),
            ("POST", "/interactions/{interaction_id}/{token}/callback", self._callback),
            ("POST", "/webhooks/{application_id}/{token}", self._create_followup),
            ("GET", webhook_message, self._get_webhook_message),
            ("PATCH", webhook_message, self._edit_webhook_message),
            ("DELETE", webhook_message, self._delete_webhook_message),
        ]
        for method, template, handler in routes:
            router.add_route(method, API_PREFIX + template, self._endpoint(handler))
        router.add_route("*", "/{tail:.*}", self._endpoint(self._unknown_route))

    def _endpoint(self, handler: Handler) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        """Wrap a handler: parse, check auth and injected 429s, record, reply."""

        async def endpoint(request: web.Request) -> web.StreamResponse:
            call = await _ApiCall.read(request)
            try:
                reply = self._refusal(call) or await handler(call)
            except Exception as exc:  # a bug in the fake: fail the test loudly, soon
                self.internal_errors.append(exc)
                reply = _error(400, 0, f"FakeDiscord internal error: {exc!r}")
            self._record(call, reply)
            await self._notify()
            return reply.to_response()

        return endpoint

    def _refusal(self, call: _ApiCall) -> _Reply | None:
        if call.needs_auth and call.authorization != f"Bot {self.token}":
            return _error(401, 0, "401: Unauthorized")
        for rule in self._rate_limits:
            if (
                rule.remaining > 0
                and rule.method == call.method
                and rule.route in (call.route, call.path)
            ):
                rule.remaining -= 1
                headers = {
                    "Via": "1.1 google",
                    "Retry-After": str(math.ceil(rule.retry_after)),
                    "X-RateLimit-Scope": "global" if rule.is_global else "user",
                }
                if rule.is_global:
                    headers["X-RateLimit-Global"] = "true"
                body = {
                    "message": "You are being rate limited.",
                    "retry_after": rule.retry_after,
                    "global": rule.is_global,
                }
                return _Reply(429, body, headers)
        return None

    def _record(self, call: _ApiCall, reply: _Reply) -> None:
        interaction = self._interactions_by_id.get(call.params.get("interaction_id", ""))
        if interaction is None and call.route.startswith("/webhooks/"):
            interaction = self._interactions_by_token.get(call.params.get("token", ""))
        recorded = RecordedRequest(
            tick=self._next_tick(),
            method=call.method,
            path=call.path,
            route=call.route,
            query=call.query,
            json=call.json,
            files=call.files,
            headers=call.headers,
            authorized=call.authorization is not None,
            status=reply.status,
            response=reply.data,
            interaction_id=interaction.id if interaction else None,
        )
        self.requests.append(recorded)
        if interaction is not None:
            interaction.responses.append(recorded)

    async def _unknown_route(self, call: _ApiCall) -> _Reply:
        return _error(404, 0, f"404: Not Found (FakeDiscord has no {call.method} {call.path})")

    # -- REST: users, application, gateway, guild -----------------------------------------

    async def _get_current_user(self, call: _ApiCall) -> _Reply:
        return _Reply(
            200,
            {
                **user_payload(self.world.bot_user),
                "verified": True,
                "mfa_enabled": False,
                "flags": 0,
                "email": None,
                "locale": "en-US",
            },
        )

    async def _get_user(self, call: _ApiCall) -> _Reply:
        try:
            return _Reply(200, user_payload(self.world.user(call.params["user_id"])))
        except (KeyError, ValueError):
            return _error(404, 10013, "Unknown User")

    async def _get_application(self, call: _ApiCall) -> _Reply:
        world = self.world
        return _Reply(
            200,
            {
                "id": str(world.application_id),
                "name": world.application_name,
                "icon": None,
                "description": "A bot under test",
                "summary": "",
                "type": None,
                "bot_public": False,
                "bot_require_code_grant": False,
                "verify_key": "0" * 64,
                "flags": self.application_flags,
                "owner": user_payload(world.user(world.owner_id)),
                "team": None,
                "bot": user_payload(world.bot_user),
                "redirect_uris": [],
                "interactions_endpoint_url": None,
                "approximate_guild_count": 1,
            },
        )

    async def _get_gateway(self, call: _ApiCall) -> _Reply:
        return _Reply(200, {"url": self.gateway_url})

    async def _get_gateway_bot(self, call: _ApiCall) -> _Reply:
        limit = {"total": 1000, "remaining": 999, "reset_after": 14_400_000, "max_concurrency": 1}
        return _Reply(200, {"url": self.gateway_url, "shards": 1, "session_start_limit": limit})

    async def _get_guild(self, call: _ApiCall) -> _Reply:
        if call.params["guild_id"] != str(self.world.guild_id):
            return _error(404, 10004, "Unknown Guild")
        guild = guild_payload(self.world)
        for key in ("channels", "members", "threads", "presences", "voice_states"):
            del guild[key]
        return _Reply(200, guild)

    async def _get_member(self, call: _ApiCall) -> _Reply:
        try:
            user = self.world.user(call.params["user_id"])
        except (KeyError, ValueError):
            return _error(404, 10007, "Unknown Member")
        return _Reply(200, member_payload(self.world, user))

    # -- REST: application commands -------------------------------------------------------

    def _command_scope(self, call: _ApiCall) -> tuple[int | None, _Reply | None]:
        if call.params["application_id"] != str(self.world.application_id):
            return None, _error(403, 50001, "Missing Access")
        guild_id = call.params.get("guild_id")
        if guild_id is not None and guild_id != str(self.world.guild_id):
            return None, _error(403, 50001, "Missing Access")
        return (int(guild_id) if guild_id else None), None

    async def _get_commands(self, call: _ApiCall) -> _Reply:
        scope, refusal = self._command_scope(call)
        return refusal or _Reply(200, self.commands.get(scope, []))

    async def _put_commands(self, call: _ApiCall) -> _Reply:
        """Bulk overwrite; a command keeps its id across syncs, as on Discord."""
        scope, refusal = self._command_scope(call)
        if refusal:
            return refusal
        body = call.json or []
        errors = _command_errors(body)
        if errors:
            return _Reply(400, errors)
        previous = {(c["name"], c["type"]): c["id"] for c in self.commands.get(scope, [])}
        stored = []
        for command in body:
            kind = command.get("type", 1)
            entry = {
                "description": "",
                "options": [],
                "default_member_permissions": None,
                "nsfw": False,
                **command,
                "id": previous.get((command["name"], kind)) or str(self._ids.next()),
                "application_id": str(self.world.application_id),
                "version": str(self._ids.next()),
                "type": kind,
            }
            if entry["default_member_permissions"] is not None:  # discord.py sends an int
                entry["default_member_permissions"] = str(entry["default_member_permissions"])
            if scope is not None:
                entry["guild_id"] = str(scope)
            stored.append(entry)
        self.commands[scope] = stored
        return _Reply(200, stored)

    # -- REST: channels and messages ------------------------------------------------------

    def _channel_json(self, channel_id: int | str) -> Json | None:
        """A channel of the world or a thread created since, as Discord describes it."""
        thread = self._threads.get(str(channel_id))
        if thread is not None:
            return thread
        try:
            return channel_payload(self.world, self.world.channel(channel_id))
        except (KeyError, ValueError):
            return None

    def _require_channel(self, channel_id: int | str) -> Json:
        found = self._channel_json(channel_id)
        if found is None:
            known = [c.id for c in self.world.channels] + [int(t) for t in self._threads]
            raise KeyError(f"no channel or thread {channel_id}; known: {known}")
        return found

    def _count_message(self, payload: Json) -> None:
        """Keep a thread's counters as Discord does (discord.py reads them)."""
        thread = self._threads.get(payload["channel_id"])
        if thread is not None:
            thread["message_count"] += 1
            thread["total_message_sent"] += 1
            thread["last_message_id"] = payload["id"]

    def _thread_from_message(
        self, stored: _StoredMessage, owner_id: int, name: str, archive: int
    ) -> Json:
        parent = self._channel_json(stored.payload["channel_id"])
        assert parent is not None and parent["type"] == CHANNEL_TEXT
        thread = thread_payload(
            self.world,
            thread_id=int(stored.payload["id"]),
            parent_id=int(parent["id"]),
            owner_id=owner_id,
            name=name,
            auto_archive_duration=archive,
        )
        self._threads[thread["id"]] = thread
        stored.payload["thread"] = dict(thread)
        stored.payload["flags"] = stored.payload.get("flags", 0) | (1 << 5)  # HAS_THREAD
        return thread

    def _channel(self, call: _ApiCall) -> Json | None:
        return self._channel_json(call.params["channel_id"])

    def _channel_message(self, call: _ApiCall) -> _StoredMessage | None:
        stored = self._messages.get(call.params["message_id"])
        if (
            stored is None
            or stored.ephemeral
            or stored.payload["channel_id"] != call.params["channel_id"]
        ):
            return None
        return stored

    async def _get_channel(self, call: _ApiCall) -> _Reply:
        channel = self._channel(call)
        if channel is None:
            return _error(404, 10003, "Unknown Channel")
        return _Reply(200, channel)

    async def _get_messages(self, call: _ApiCall) -> _Reply:
        """Channel history, newest first, honouring ``limit``, ``before`` and ``after``."""
        if self._channel(call) is None:
            return _error(404, 10003, "Unknown Channel")
        limit = int(call.query.get("limit", 50))
        before, after = call.query.get("before"), call.query.get("after")
        found = [
            m.payload
            for m in self._messages.values()
            if m.payload["channel_id"] == call.params["channel_id"]
            and not m.ephemeral
            and (before is None or int(m.payload["id"]) < int(before))
            and (after is None or int(m.payload["id"]) > int(after))
        ]
        return _Reply(200, list(reversed(found))[:limit])

    async def _create_message(self, call: _ApiCall) -> _Reply:
        """Create, then echo it as MESSAGE_CREATE, as Discord does for every message."""
        channel = self._channel(call)
        if channel is None:
            return _error(404, 10003, "Unknown Channel")
        if channel["type"] == CHANNEL_FORUM:
            return _error(400, 50008, "Cannot send messages in a non-text channel")
        body = call.json or {}
        errors = message_errors(body, has_files=bool(call.files), creating=True)
        if errors:
            return _Reply(400, errors)
        reference = body.get("message_reference")
        if (
            reference
            and str(reference.get("message_id")) not in self._messages
            and reference.get("fail_if_not_exists", True)
        ):
            return _error(
                400,
                50035,
                "Invalid Form Body",
                {
                    "message_reference": {
                        "_errors": [
                            {
                                "code": "MESSAGE_REFERENCE_UNKNOWN_MESSAGE",
                                "message": "Unknown message",
                            }
                        ]
                    }
                },
            )
        payload = self._bot_message(int(channel["id"]), body, call.files)
        if body.get("nonce") is not None:
            payload["nonce"] = body["nonce"]
        self._store(payload, by_bot=True)
        self._count_message(payload)
        await self._emit_message("MESSAGE_CREATE", payload, wait=None)
        return _Reply(200, payload)

    async def _get_message(self, call: _ApiCall) -> _Reply:
        stored = self._channel_message(call)
        return _Reply(200, stored.payload) if stored else _error(404, 10008, "Unknown Message")

    async def _edit_message(self, call: _ApiCall) -> _Reply:
        stored = self._channel_message(call)
        if stored is None:
            return _error(404, 10008, "Unknown Message")
        if not stored.by_bot:
            return _error(403, 50005, "Cannot edit a message authored by another user")
        errors = message_errors(call.json or {}, has_files=bool(call.files), creating=False)
        if errors:
            return _Reply(400, errors)
        self._apply_edit(stored, call.json or {}, call.files)
        await self._emit_message("MESSAGE_UPDATE", stored.payload, wait=None)
        return _Reply(200, stored.payload)

    async def _delete_message(self, call: _ApiCall) -> _Reply:
        stored = self._channel_message(call)
        if stored is None:
            return _error(404, 10008, "Unknown Message")
        await self._delete(stored)
        return NO_CONTENT

    async def _delete(self, stored: _StoredMessage) -> None:
        payload = self._messages.pop(stored.payload["id"]).payload
        event = {
            "id": payload["id"],
            "channel_id": payload["channel_id"],
            "guild_id": payload["guild_id"],
        }
        if not stored.ephemeral:
            await self._emit_message("MESSAGE_DELETE", event, wait=None)

    async def _add_reaction(self, call: _ApiCall) -> _Reply:
        """Record the bot's reaction (a unicode emoji or name:id), counted on the message."""
        stored = self._channel_message(call)
        if stored is None:
            return _error(404, 10008, "Unknown Message")
        emoji = call.params["emoji"]  # aiohttp has already percent-decoded it
        if not emoji or any(c.isspace() for c in emoji) or (":" not in emoji and emoji.isascii()):
            return _error(400, 10014, "Unknown Emoji")
        reactions = stored.payload.setdefault("reactions", [])
        if not any(r["emoji"]["name"] == emoji for r in reactions):
            reactions.append({"emoji": {"id": None, "name": emoji}, "count": 1, "me": True})
            self.reactions.append(
                RecordedReaction(
                    self._next_tick(), call.params["channel_id"], stored.payload["id"], emoji
                )
            )
        return NO_CONTENT

    async def _start_thread_from_message(self, call: _ApiCall) -> _Reply:
        """A thread started from a message; it takes the message's id, as on Discord."""
        channel = self._channel(call)
        stored = self._channel_message(call)
        if channel is None or stored is None:
            return _error(404, 10008, "Unknown Message")
        if channel["type"] != CHANNEL_TEXT:
            return _error(400, 50024, "Cannot execute action on this channel type")
        if stored.payload["id"] in self._threads:
            return _error(400, 160004, "A thread has already been created for this message")
        body = call.json or {}
        errors = _thread_errors(body)
        if errors:
            return _Reply(400, errors)
        thread = self._thread_from_message(
            stored,
            self.world.bot_user.id,
            body["name"],
            body.get("auto_archive_duration") or 1440,
        )
        await self._emit("THREAD_CREATE", {**thread, "newly_created": True}, wait=None)
        return _Reply(201, thread)

    async def _start_thread(self, call: _ApiCall) -> _Reply:
        """A thread without a message (text channel), or a forum post with its first message."""
        channel = self._channel(call)
        if channel is None:
            return _error(404, 10003, "Unknown Channel")
        if channel["type"] not in (CHANNEL_TEXT, CHANNEL_FORUM):
            return _error(400, 50024, "Cannot execute action on this channel type")
        body = call.json or {}
        errors = _thread_errors(body)
        forum = channel["type"] == CHANNEL_FORUM
        starter = body.get("message") if forum else None
        if forum and not errors:
            errors = message_errors(starter or {}, has_files=bool(call.files), creating=True)
        if errors:
            return _Reply(400, errors)
        kind = CHANNEL_PUBLIC_THREAD if forum else body.get("type", CHANNEL_PRIVATE_THREAD)
        if kind not in THREAD_TYPES:
            return _error(400, 50035, "Invalid Form Body", {"type": _too_long(0)})
        thread_id = self._ids.next()
        thread = thread_payload(
            self.world,
            thread_id=thread_id,
            parent_id=int(channel["id"]),
            owner_id=self.world.bot_user.id,
            name=body["name"],
            kind=kind,
            auto_archive_duration=body.get("auto_archive_duration") or 1440,
        )
        self._threads[thread["id"]] = thread
        await self._emit("THREAD_CREATE", {**thread, "newly_created": True}, wait=None)
        reply = dict(thread)
        if starter is not None:
            payload = self._bot_message(thread_id, starter, call.files)
            payload["id"] = thread["id"]
            self._store(payload, by_bot=True)
            self._count_message(payload)
            await self._emit_message("MESSAGE_CREATE", payload, wait=None)
            reply["message"] = payload
        return _Reply(201, reply)

    async def _typing(self, call: _ApiCall) -> _Reply:
        return NO_CONTENT if self._channel(call) else _error(404, 10003, "Unknown Channel")

    async def _download(self, call: _ApiCall) -> _Reply:
        found = self._attachments.get(call.params["attachment_id"])
        if found is None or found[0]["filename"] != call.params["filename"]:
            return _Reply(404, None, raw=b"Not Found", content_type="text/plain")
        attachment, data = found
        return _Reply(200, None, raw=data, content_type=attachment["content_type"])

    # -- REST: interaction responses ------------------------------------------------------

    async def _callback(self, call: _ApiCall) -> _Reply:
        """The initial response (callback); only one is allowed, as on Discord."""
        interaction = self._interactions_by_id.get(call.params["interaction_id"])
        if interaction is None or interaction.token != call.params["token"]:
            return _error(404, 10062, "Unknown interaction")
        if interaction.callback_type is not None:
            return _error(400, 40060, "Interaction has already been acknowledged.")
        body = call.json or {}
        kind, data = body.get("type"), body.get("data") or {}
        if kind not in CALLBACKS_FOR_INTERACTION.get(interaction.type, set()):
            return _error(
                400, 50035, f"Invalid callback type {kind} for interaction type {interaction.type}"
            )
        reply = await self._answer(interaction, kind, data, call.files)
        if reply.ok:
            interaction.callback_type = kind
        return reply

    async def _answer(
        self, interaction: FakeInteraction, kind: int, data: Json, files: tuple[UploadedFile, ...]
    ) -> _Reply:
        if kind in (CALLBACK_MESSAGE, CALLBACK_DEFERRED_MESSAGE):
            if kind == CALLBACK_MESSAGE:
                errors = message_errors(data, has_files=bool(files), creating=True)
                if errors:
                    return _Reply(400, errors)
            ephemeral = (data.get("flags") or 0) & FLAG_EPHEMERAL
            loading = FLAG_LOADING if kind == CALLBACK_DEFERRED_MESSAGE else 0
            body = data if kind == CALLBACK_MESSAGE else {}
            payload = self._bot_message(
                interaction.channel_id,
                body,
                files,
                interaction=interaction,
                flags=ephemeral | loading,
            )
            self._store(payload, by_bot=True, interaction_id=interaction.id)
            interaction.original_message_id = payload["id"]
            if not ephemeral:
                await self._emit_message("MESSAGE_CREATE", payload, wait=None)
            return self._callback_reply(interaction, kind, payload)
        if kind in (CALLBACK_DEFERRED_UPDATE, CALLBACK_UPDATE_MESSAGE):
            source = interaction.payload.get("message")
            stored = self._messages.get(source["id"]) if source else None
            if stored is None:
                return _error(404, 10008, "Unknown Message")
            if kind == CALLBACK_UPDATE_MESSAGE:
                errors = message_errors(data, has_files=bool(files), creating=False)
                if errors:
                    return _Reply(400, errors)
                self._apply_edit(stored, data, files)
                if not stored.ephemeral:
                    await self._emit_message("MESSAGE_UPDATE", stored.payload, wait=None)
            interaction.original_message_id = stored.payload["id"]
            return self._callback_reply(interaction, kind, stored.payload)
        if kind == CALLBACK_AUTOCOMPLETE:
            choices = data.get("choices") or []
            if len(choices) > 25 or any(not 1 <= len(c.get("name", "")) <= 100 for c in choices):
                return _error(400, 50035, "Invalid Form Body", {"choices": _too_long(25)})
            return self._callback_reply(interaction, kind, None)
        # CALLBACK_MODAL
        if not data.get("custom_id") or len(data.get("title", "")) > 45:
            return _error(400, 50035, "Invalid Form Body", {"title": _too_long(45)})
        interaction.modal = data
        return self._callback_reply(interaction, kind, None)

    def _callback_reply(
        self, interaction: FakeInteraction, kind: int, message: Json | None
    ) -> _Reply:
        flags = message.get("flags", 0) if message else 0
        info: Json = {
            "id": interaction.id,
            "type": interaction.type,
            "response_message_loading": bool(flags & FLAG_LOADING),
            "response_message_ephemeral": bool(flags & FLAG_EPHEMERAL),
        }
        resource: Json = {"type": kind}
        if message is not None:
            info["response_message_id"] = message["id"]
            resource["message"] = message
        return _Reply(200, {"interaction": info, "resource": resource})

    def _webhook_interaction(self, call: _ApiCall) -> FakeInteraction | None:
        """The acknowledged interaction a webhook URL belongs to (else Unknown Webhook)."""
        interaction = self._interactions_by_token.get(call.params["token"])
        if (
            interaction is None
            or call.params["application_id"] != str(self.world.application_id)
            or interaction.callback_type is None
        ):
            return None
        return interaction

    def _webhook_message(
        self, call: _ApiCall, interaction: FakeInteraction
    ) -> _StoredMessage | None:
        message_id = call.params["message_id"]
        if message_id == "@original":
            message_id = interaction.original_message_id or ""
        stored = self._messages.get(message_id)
        if stored is None:
            return None
        own = (
            stored.interaction_id == interaction.id or message_id == interaction.original_message_id
        )
        return stored if own else None

    async def _create_followup(self, call: _ApiCall) -> _Reply:
        """A follow-up. The first one after a "thinking" defer fills that placeholder instead
        of making a new message, and it stays as ephemeral as the defer was (Discord's rule).
        """
        interaction = self._webhook_interaction(call)
        if interaction is None:
            return _error(404, 10015, "Unknown Webhook")
        body = call.json or {}
        errors = message_errors(body, has_files=bool(call.files), creating=True)
        if errors:
            return _Reply(400, errors)
        original = self._messages.get(interaction.original_message_id or "")
        if original is not None and original.loading:
            self._apply_edit(original, body, call.files)
            original.payload["flags"] &= ~FLAG_LOADING
            payload = original.payload
            event = "MESSAGE_UPDATE"
        else:
            flags = (body.get("flags") or 0) & FLAG_EPHEMERAL
            payload = self._bot_message(
                interaction.channel_id, body, call.files, interaction=interaction, flags=flags
            )
            original = self._store(payload, by_bot=True, interaction_id=interaction.id)
            event = "MESSAGE_CREATE"
        if not original.ephemeral:
            await self._emit_message(event, payload, wait=None)
        if call.query.get("wait", "false").lower() in ("1", "true"):
            return _Reply(200, payload)
        return NO_CONTENT

    async def _get_webhook_message(self, call: _ApiCall) -> _Reply:
        interaction = self._webhook_interaction(call)
        if interaction is None:
            return _error(404, 10015, "Unknown Webhook")
        stored = self._webhook_message(call, interaction)
        return _Reply(200, stored.payload) if stored else _error(404, 10008, "Unknown Message")

    async def _edit_webhook_message(self, call: _ApiCall) -> _Reply:
        interaction = self._webhook_interaction(call)
        if interaction is None:
            return _error(404, 10015, "Unknown Webhook")
        stored = self._webhook_message(call, interaction)
        if stored is None:
            return _error(404, 10008, "Unknown Message")
        errors = message_errors(call.json or {}, has_files=bool(call.files), creating=False)
        if errors:
            return _Reply(400, errors)
        self._apply_edit(stored, call.json or {}, call.files)
        stored.payload["flags"] &= ~FLAG_LOADING
        if not stored.ephemeral:
            await self._emit_message("MESSAGE_UPDATE", stored.payload, wait=None)
        return _Reply(200, stored.payload)

    async def _delete_webhook_message(self, call: _ApiCall) -> _Reply:
        interaction = self._webhook_interaction(call)
        if interaction is None:
            return _error(404, 10015, "Unknown Webhook")
        stored = self._webhook_message(call, interaction)
        if stored is None:
            return _error(404, 10008, "Unknown Message")
        await self._delete(stored)
        return NO_CONTENT


# --- Helpers that need no state ----------------------------------------------------------


def _infer_option_type(value: Any) -> int:
    """The option type for a value when the command was not synced (so no schema)."""
    if isinstance(value, bool):
        return OPTION_BOOLEAN
    if isinstance(value, int):
        return OPTION_INTEGER
    if isinstance(value, float):
        return OPTION_NUMBER
    if isinstance(value, Mapping) and "filename" in value:
        return OPTION_ATTACHMENT
    return OPTION_STRING


def _is_user(world: World, value: Any) -> bool:
    try:
        world.user(value)
    except (KeyError, ValueError, TypeError):
        return False
    return True


def _submitted_components(components: list[Json], values: Mapping[str, str]) -> list[Json]:
    """A modal's components as Discord sends them back on submit, filled with ``values``."""
    submitted = []
    for component in components:
        kind = component.get("type")
        if kind == 1:  # action row (legacy layout)
            submitted.append(
                {"type": 1, "components": _submitted_components(component["components"], values)}
            )
        elif kind == 18:  # label wrapping one input
            inner = _submitted_components([component["component"]], values)[0]
            submitted.append({"type": 18, "component": inner})
        elif kind == 4:  # text input
            custom_id = component["custom_id"]
            submitted.append(
                {
                    "type": 4,
                    "custom_id": custom_id,
                    "value": values.get(custom_id, component.get("value") or ""),
                }
            )
        elif kind in (3, 5, 6, 7, 8):  # selects
            custom_id = component["custom_id"]
            chosen = values.get(custom_id, [])
            submitted.append(
                {
                    "type": kind,
                    "custom_id": custom_id,
                    "values": [chosen] if isinstance(chosen, str) else list(chosen),
                }
            )
        else:
            submitted.append({"type": kind})
    return submitted


def _as_seen_by_bot(payload: Json, intents: int, bot_user_id: int) -> Json | None:
    """A guild message event as a bot with ``intents`` receives it, or None if it does not.

    Without GUILD_MESSAGES no guild message events arrive; without MESSAGE_CONTENT the
    content, embeds, attachments and components are empty unless the bot wrote the message
    or is mentioned in it.
    """
    if not intents & INTENT_GUILD_MESSAGES:
        return None
    if intents & INTENT_MESSAGE_CONTENT or "content" not in payload:
        return payload
    author = payload.get("author", {}).get("id")
    mentioned = any(m["id"] == str(bot_user_id) for m in payload.get("mentions", []))
    if author == str(bot_user_id) or mentioned:
        return payload
    return {**payload, "content": "", "embeds": [], "attachments": [], "components": []}
