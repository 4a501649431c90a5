"""Who may run moderator commands, decided once, for Discord and at run time.

Discord hides a command from members without its `default_member_permissions`, but server admins
can change that under Integrations, and a client can still send the interaction: so the same rule
is also checked when the command runs. `moderator_only()` applies both, as one decorator.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, TypeVar

import discord
from discord import app_commands

if TYPE_CHECKING:
    from bot.client import QuoteBot

T = TypeVar("T")

REFUSAL = "Only moderators can use this command."


class NotModerator(app_commands.CheckFailure):
    """The member may not run a moderator command; the message is for them."""


def is_moderator(
    permissions: discord.Permissions,
    role_ids: Collection[int],
    moderator_role_id: int | None,
) -> bool:
    """Whether a member counts as a moderator.

    With `MODERATOR_ROLE_ID` set, moderators are the members holding that role; otherwise those
    with the Manage Server permission. Administrators always are: they could grant either anyway.
    """
    if permissions.administrator:
        return True
    if moderator_role_id is not None:
        return moderator_role_id in role_ids
    return permissions.manage_guild


def member_role_ids(user: discord.User | discord.Member) -> frozenset[int]:
    """The role ids of whoever invoked a command (none outside a server)."""
    if isinstance(user, discord.Member):
        return frozenset(role.id for role in user.roles)
    return frozenset()


def moderator_only() -> Callable[[T], T]:
    """Hide the command from non-moderators in Discord, and refuse them when it runs."""

    async def predicate(interaction: discord.Interaction[QuoteBot]) -> bool:
        settings = interaction.client.settings
        allowed = is_moderator(
            interaction.permissions, member_role_ids(interaction.user), settings.moderator_role_id
        )
        if not allowed:
            raise NotModerator(REFUSAL)
        return True

    def decorator(command: T) -> T:
        command = app_commands.default_permissions(manage_guild=True)(command)
        return app_commands.check(predicate)(command)

    return decorator
