"""`/reindex`: moderators rebuild the index after changing the seeds folder.

The rebuild runs in the bot's rebuild thread (at a lower CPU priority than answers); the engine
keeps answering from the old index until the new one is swapped in, so members can go on asking
meanwhile. While another rebuild (`/reindex`, `/ingest`, `/remove`) runs, the moderator is told
so at once.
"""

from __future__ import annotations

import asyncio
import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot import render
from bot.checks import moderator_only
from bot.client import QuoteBot
from bot.errors import describe, tell
from bot.progress import ProgressMessage
from index import CorpusError, IndexWriteError, ReindexBusy

log = logging.getLogger(__name__)

BUSY = "A rebuild is already running: its report will come to whoever started it. Try again after."


class Reindex(commands.Cog):
    """The `/reindex` command."""

    def __init__(self, bot: QuoteBot) -> None:
        self.bot = bot

    @app_commands.command(
        name="reindex", description="Rebuild the index from the seeds folder (moderators only)."
    )
    @app_commands.guild_only()
    @moderator_only()
    async def reindex(self, interaction: discord.Interaction[QuoteBot]) -> None:
        """Rebuild, then report what changed (privately: it is a moderator's chore)."""
        workers = self.bot.workers
        try:
            with workers.rebuild_slot.claim():
                await interaction.response.defer(ephemeral=True, thinking=True)
                progress = ProgressMessage(
                    asyncio.get_running_loop(),
                    lambda text: interaction.edit_original_response(content=text),
                )
                report = await workers.rebuild(self.bot.engine.reindex, progress)
        except ReindexBusy:  # at once, or (should another caller rebuild) from the engine
            await tell(interaction, BUSY)
            return
        except CorpusError as exc:
            log.warning("%s: the seeds folder cannot be indexed: %s", describe(interaction), exc)
            text = render.shorten(
                f"The index was not rebuilt: {exc}\nQuestions are still answered from the "
                "previous index.",
                render.CONTENT_LIMIT,
            )
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=render.NO_PINGS)
            return
        except IndexWriteError as exc:  # disk full, read-only data folder: nothing changed
            log.warning("%s: the index could not be written: %s", describe(interaction), exc)
            await interaction.followup.send(
                render.index_write_error_text(str(exc)),
                ephemeral=True,
                allowed_mentions=render.NO_PINGS,
            )
            return
        log.info(
            "reindexed: +%d -%d ~%d sources, %d passages, %d embedded, %.0f ms",
            len(report.added),
            len(report.removed),
            len(report.changed),
            report.chunks,
            report.embedded,
            report.took_ms,
        )
        embed = render.render_reindex(report)
        if await progress.settle():  # the progress line becomes the report
            await interaction.edit_original_response(content=None, embed=embed)
        else:
            await interaction.followup.send(
                embed=embed, ephemeral=True, allowed_mentions=render.NO_PINGS
            )


async def setup(bot: QuoteBot) -> None:
    """Extension entry point (`load_extension("bot.cogs.reindex")`)."""
    await bot.add_cog(Reindex(bot))
