"""Who may run `/reindex`: the rule behind both Discord's default and the run-time check."""

from __future__ import annotations

import discord
import pytest

from bot.checks import is_moderator

MANAGER = discord.Permissions(manage_guild=True)
ADMIN = discord.Permissions(administrator=True)
MEMBER = discord.Permissions(send_messages=True, read_message_history=True)
ROLE = 42


@pytest.mark.parametrize(
    ("permissions", "roles", "role_setting", "allowed"),
    [
        (MANAGER, set(), None, True),
        (MEMBER, set(), None, False),
        (MEMBER, {ROLE}, None, False),  # a role means nothing until configured
        (ADMIN, set(), None, True),
        (MEMBER, {ROLE}, ROLE, True),
        (MEMBER, {7}, ROLE, False),
        (MANAGER, set(), ROLE, False),  # once a role is configured, it decides
        (ADMIN, set(), ROLE, True),  # administrators always may
    ],
)
def test_is_moderator(permissions, roles, role_setting, allowed):
    assert is_moderator(permissions, roles, role_setting) is allowed


def test_the_command_is_hidden_from_members_by_default():
    from bot.cogs.reindex import Reindex

    command = Reindex.reindex
    assert command.default_permissions == discord.Permissions(manage_guild=True)
    assert command.guild_only
    assert len(command.checks) == 1
