"""What the bot can quote from: `/sources` lists every article, `/source` shows one.

`/source` shows the article's opening from its cleaned text: whole sentences, without the
title (already the embed's title) or kickers above the first sentence.

Both answer privately: they are for the member looking, not for the channel.
"""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot import render
from bot.client import QuoteBot
from bot.paginator import Paginator
from bot.render_talk import opening_of
from index import SourceSummary

_CHOICE_LIMIT = 100  # Discord's limit on an autocomplete choice's name and value
_CHOICES = 25  # and on how many choices it shows


def choice_for(summary: SourceSummary) -> app_commands.Choice[str]:
    """An autocomplete choice: the title is shown, the id sent back (or the title, if too long)."""
    source = summary.source
    name = render.shorten(source.title.strip() or source.id, _CHOICE_LIMIT)
    value = source.id if len(source.id) <= _CHOICE_LIMIT else name
    return app_commands.Choice(name=name, value=value)


class Sources(commands.Cog):
    """The `/sources` and `/source` commands."""

    def __init__(self, bot: QuoteBot) -> None:
        self.bot = bot

    @app_commands.command(name="sources", description="List every article the bot quotes from.")
    async def sources(self, interaction: discord.Interaction[QuoteBot]) -> None:
        """Every source with its outlet, date, passages and link; paged with buttons if long."""
        pages = render.render_source_pages(self.bot.engine.sources())
        if len(pages) == 1:
            await interaction.response.send_message(
                embed=pages[0], ephemeral=True, allowed_mentions=render.NO_PINGS
            )
            return
        await Paginator(pages, owner_id=interaction.user.id).start(interaction, ephemeral=True)

    @app_commands.command(
        name="source", description="Show one article's details and opening lines."
    )
    @app_commands.describe(name="The article: start typing its title, outlet or id.")
    async def source(self, interaction: discord.Interaction[QuoteBot], name: str) -> None:
        """One source: details, link and the first lines of its text."""
        summary = render.find_source(self.bot.engine.sources(), name)
        if summary is None:
            text = render.unknown_source_text(name)
            await interaction.response.send_message(
                text, ephemeral=True, allowed_mentions=render.NO_PINGS
            )
            return
        text = self.bot.engine.source_text(summary.source.id)
        # Without the cleaned text (seeds folder unreadable), the index's stored opening, whose
        # last line may have been cut mid-word.
        opening = opening_of(text or summary.opening, summary.source.title, last_line_cut=not text)
        await interaction.response.send_message(
            embed=render.render_source(summary, opening),
            ephemeral=True,
            allowed_mentions=render.NO_PINGS,
        )

    @source.autocomplete("name")
    async def _complete_name(
        self, interaction: discord.Interaction[QuoteBot], current: str
    ) -> list[app_commands.Choice[str]]:
        matches = render.match_sources(self.bot.engine.sources(), current)
        return [choice_for(summary) for summary in matches[:_CHOICES]]


async def setup(bot: QuoteBot) -> None:
    """Extension entry point (`load_extension("bot.cogs.sources")`)."""
    await bot.add_cog(Sources(bot))
