"""The one place slash-command failures end up.

Expected refusals (not a moderator, wrong place) are told to the member and logged quietly.
Anything else is a bug: it is logged once with the command, the member and the channel, and the
member gets a short apology, never a traceback.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.checks import NotModerator
from bot.render import APOLOGY, NO_PINGS

if TYPE_CHECKING:
    from bot.client import QuoteBot

log = logging.getLogger(__name__)


def describe(interaction: discord.Interaction[QuoteBot]) -> str:
    """Who ran what, where: for log lines (ids, so they can be looked up; no message text)."""
    command = interaction.command.qualified_name if interaction.command else "?"
    return (
        f"/{command} by {interaction.user} ({interaction.user.id}) "
        f"in channel {interaction.channel_id} of server {interaction.guild_id}"
    )


async def tell(interaction: discord.Interaction[QuoteBot], text: str) -> None:
    """Say something only the member sees, whether or not the interaction was answered yet."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_PINGS)
        else:
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_PINGS)
    except discord.HTTPException as exc:
        # The interaction may have expired (15 min) or been deleted: nothing more to tell.
        log.warning("could not reply to %s: %s", describe(interaction), exc)


async def on_app_command_error(
    interaction: discord.Interaction[QuoteBot], error: app_commands.AppCommandError
) -> None:
    """Dispatch a failed slash command by error type."""
    if isinstance(error, NotModerator):
        log.info("refused %s: not a moderator", describe(interaction))
        await tell(interaction, str(error))
    elif isinstance(error, app_commands.NoPrivateMessage):
        await tell(interaction, "This command only works in a server.")
    elif isinstance(error, app_commands.CheckFailure):
        log.info("refused %s: %s", describe(interaction), error)
        await tell(interaction, "You can't use this command here.")
    else:
        cause = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        log.error("%s failed", describe(interaction), exc_info=cause)
        await tell(interaction, APOLOGY)
