"""`/stats [days]`: moderators see what members asked, how it went, and what the articles miss.

Figures come from the answer log for the moderator's own server only (never another server's
questions), read in the database pool, and are shown privately: they quote members' questions.
Answers still being logged in the background are waited for (briefly), so that a question asked
just before `/stats` is counted.
"""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot import render
from bot.checks import moderator_only
from bot.client import QuoteBot

DEFAULT_DAYS = 30
MAX_DAYS = 365
PENDING_WAIT = 5.0  # seconds /stats waits for answers still being logged (a locked database)


class StatsCog(commands.Cog, name="Stats"):
    """The `/stats` command."""

    def __init__(self, bot: QuoteBot) -> None:
        self.bot = bot

    @app_commands.command(
        name="stats", description="What members asked and how the answers went (moderators only)."
    )
    @app_commands.describe(
        days=f"How many days back to look, 1 to {MAX_DAYS} (default {DEFAULT_DAYS})."
    )
    @app_commands.guild_only()
    @moderator_only()
    async def stats(
        self,
        interaction: discord.Interaction[QuoteBot],
        days: app_commands.Range[int, 1, MAX_DAYS] = DEFAULT_DAYS,
    ) -> None:
        """Questions asked, share declined, votes, latency, and the most declined questions."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        await self.bot.answer_log.flush(PENDING_WAIT)
        stats = await self.bot.workers.database_call(
            self.bot.storage.stats, days, guild_id=interaction.guild_id
        )
        await interaction.followup.send(
            embed=render.render_stats(stats), ephemeral=True, allowed_mentions=render.NO_PINGS
        )


async def setup(bot: QuoteBot) -> None:
    """Extension entry point (`load_extension("bot.cogs.stats")`)."""
    await bot.add_cog(StatsCog(bot))
