"""`/help`: what the bot knows, how to ask it, and three questions the articles answer.

Shown privately. Moderators also see the moderator commands; everyone else never learns of
them here (Discord hides those commands from them as well).
"""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot import render
from bot.checks import is_moderator, member_role_ids
from bot.client import QuoteBot
from bot.conversation import ask_channels, example_questions
from bot.render_talk import render_help


async def help_embed(bot: QuoteBot, guild_id: int | None, *, moderator: bool) -> discord.Embed:
    """The help embed for one server (its ask channels, its members' examples)."""
    examples = await example_questions(bot, guild_id, 3)
    return render_help(
        bot.engine.sources(),
        examples,
        moderator=moderator,
        channels=ask_channels(bot, guild_id),
        threads=bot.settings.ask_threads,
    )


class Help(commands.Cog):
    """The `/help` command."""

    def __init__(self, bot: QuoteBot) -> None:
        self.bot = bot

    @app_commands.command(
        name="help", description="What the bot knows, how to ask it, and questions to try."
    )
    async def help(self, interaction: discord.Interaction[QuoteBot]) -> None:
        """Deferred first: right after a rebuild, finding examples takes a moment."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        moderator = interaction.guild_id is not None and is_moderator(
            interaction.permissions,
            member_role_ids(interaction.user),
            self.bot.settings.moderator_role_id,
        )
        embed = await help_embed(self.bot, interaction.guild_id, moderator=moderator)
        await interaction.followup.send(
            embed=embed, ephemeral=True, allowed_mentions=render.NO_PINGS
        )


async def setup(bot: QuoteBot) -> None:
    """Extension entry point (`load_extension("bot.cogs.help")`)."""
    await bot.add_cog(Help(bot))
