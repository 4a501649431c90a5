"""`/ingest` and `/remove`: moderators add and remove articles without logging into the server.

The core does the real work (`Engine.ingest` validates everything before writing, writes in a
crash-safe order, reindexes, and undoes its writes if the rebuild fails; `Engine.remove` deletes
and reindexes). This cog only checks what it can without downloading (the size Discord declares),
fetches the upload, runs the core in the bot's rebuild thread, and tells the moderator what
changed.

Members keep getting answers meanwhile: the engine builds the new index beside the live one and
swaps it in at once, and the rebuild thread yields the CPU to answers (see `bot.workers`). Only
one rebuild runs at a time: a second moderator is told so at once.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import render, render_corpus
from bot.checks import moderator_only
from bot.client import QuoteBot
from bot.cogs.sources import choice_for
from bot.errors import describe, tell
from bot.progress import ProgressMessage
from index import (
    MAX_INGEST_BYTES,
    ArticleMeta,
    CorpusError,
    IndexWriteError,
    IngestError,
    IngestReport,
    ReindexBusy,
    ReindexReport,
    SourceSummary,
)

if TYPE_CHECKING:
    from bot.workers import Workers
    from index import Engine

log = logging.getLogger(__name__)

CONFIRM_TIMEOUT = 120.0  # seconds the Remove / Cancel buttons stay usable
_CHOICES = 25  # autocomplete choices Discord shows


def _failure(what: str, error: Exception) -> str:
    """The moderator's message for an expected failure of the core."""
    if isinstance(error, ReindexBusy):
        return f"{what}: {render_corpus.BUSY}"
    if isinstance(error, CorpusError):
        return render_corpus.refusal(
            what, f"{error} Questions are still answered from the previous index."
        )
    if isinstance(error, IndexWriteError):
        return f"{what}. {render.index_write_error_text(str(error))}"
    return render_corpus.refusal(what, str(error))


def _ingest(
    engine: Engine,
    data: bytes,
    name: str,
    meta: ArticleMeta,
    progress: ProgressMessage | None = None,
) -> tuple[IngestReport, SourceSummary | None]:
    """Add the article (worker thread: validation, disk writes and embedding are slow)."""
    added = engine.ingest(data, name, meta, progress)
    summary = next((s for s in engine.sources() if s.source.id == added.source.id), None)
    return added, summary


class ConfirmRemoval(discord.ui.View):
    """Remove / Cancel under `/remove`'s prompt, for the moderator who ran it only.

    Nothing is deleted until Remove is pressed; Cancel and the timeout leave everything as it was
    (the timeout disables the buttons, so none are left that would do nothing).
    """

    def __init__(
        self, engine: Engine, workers: Workers, summary: SourceSummary, owner_id: int
    ) -> None:
        super().__init__(timeout=CONFIRM_TIMEOUT)
        self.engine = engine
        self.workers = workers
        self.summary = summary
        self.owner_id = owner_id
        self.interaction: discord.Interaction[QuoteBot] | None = None

    async def start(self, interaction: discord.Interaction[QuoteBot]) -> None:
        """Ask, privately, as the response to the `/remove` command."""
        self.interaction = interaction
        await interaction.response.send_message(
            view=self,
            ephemeral=True,
            allowed_mentions=render.NO_PINGS,
            **render_corpus.removal_prompt(self.summary).send_kwargs(),
        )

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        """Only the moderator who ran `/remove` may answer it."""
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message(
            render_corpus.NOT_YOURS, ephemeral=True, allowed_mentions=render.NO_PINGS
        )
        return False

    def _disable(self) -> None:
        for item in self.children:
            if isinstance(item, discord.ui.Button):
                item.disabled = True

    @discord.ui.button(
        label="Remove", style=discord.ButtonStyle.danger, custom_id="corpus:remove:confirm"
    )
    async def confirm(
        self, interaction: discord.Interaction[QuoteBot], _: discord.ui.Button[Any]
    ) -> None:
        """Delete the article and reindex (in the rebuild thread), then show what is left."""
        self.stop()
        source = self.summary.source
        try:
            with self.workers.rebuild_slot.claim():
                await interaction.response.edit_message(
                    content=render_corpus.removing(self.summary), embed=None, view=None
                )
                progress = ProgressMessage(
                    asyncio.get_running_loop(),
                    lambda text: interaction.edit_original_response(content=text),
                )
                report: ReindexReport = await self.workers.rebuild(
                    self.engine.remove, source.id, progress
                )
        except ReindexBusy as error:
            log.info("removal of %s refused: %s", source.id, error)
            text = _failure("Not removed", error)
            if interaction.response.is_done():
                await interaction.edit_original_response(content=text)
            else:
                await interaction.response.edit_message(content=text, embed=None, view=None)
            return
        except (IngestError, CorpusError, IndexWriteError) as error:
            log.info("removal of %s refused: %s", source.id, error)
            await interaction.edit_original_response(content=_failure("Not removed", error))
            return
        log.info(
            "removed %s by %s: %d sources, %d passages, %.0f ms",
            source.id,
            interaction.user.id,
            report.sources,
            report.chunks,
            report.took_ms,
        )
        await progress.settle()
        await interaction.edit_original_response(
            content=None, embed=render_corpus.render_removed(self.summary, report)
        )

    @discord.ui.button(
        label="Cancel", style=discord.ButtonStyle.secondary, custom_id="corpus:remove:cancel"
    )
    async def cancel(
        self, interaction: discord.Interaction[QuoteBot], _: discord.ui.Button[Any]
    ) -> None:
        """Leave everything as it is."""
        self.stop()
        await interaction.response.edit_message(content=render_corpus.CANCELLED, view=None)

    async def on_timeout(self) -> None:
        """Disable the buttons and say nothing was removed."""
        if self.interaction is None:
            return
        self._disable()
        try:
            await self.interaction.edit_original_response(
                content=render_corpus.TIMED_OUT, view=self
            )
        except discord.HTTPException as exc:  # the message was dismissed, or the token expired
            log.debug("could not disable the removal buttons: %s", exc)

    async def on_error(
        self,
        interaction: discord.Interaction[Any],
        error: Exception,
        item: discord.ui.Item[Any],
        /,
    ) -> None:
        """Log a failed button like a failed command, and tell the moderator briefly."""
        log.error(
            "removal of %s by %s failed",
            self.summary.source.id,
            interaction.user.id,
            exc_info=error,
        )
        try:
            if interaction.response.is_done():
                await interaction.edit_original_response(content=render.APOLOGY, view=None)
            else:
                await interaction.response.edit_message(content=render.APOLOGY, view=None)
        except discord.HTTPException as exc:
            log.warning("could not tell the moderator: %s", exc)


class Corpus(commands.Cog):
    """The `/ingest` and `/remove` commands."""

    def __init__(self, bot: QuoteBot) -> None:
        self.bot = bot

    @app_commands.command(
        name="ingest", description="Add an article (.txt or .md) to the corpus (moderators only)."
    )
    @app_commands.describe(
        file="The article as a .txt or .md file, at most 1 MB of UTF-8 text.",
        title="The article's headline (the stored file is named after it).",
        outlet="Who published it, e.g. Reuters.",
        published="Publication date, written YYYY-MM-DD.",
        url="Link to the article (http:// or https://).",
        author="Who wrote it.",
    )
    @app_commands.guild_only()
    @moderator_only()
    async def ingest(
        self,
        interaction: discord.Interaction[QuoteBot],
        file: discord.Attachment,
        title: str,
        outlet: str = "",
        published: str = "",
        url: str = "",
        author: str = "",
    ) -> None:
        """Refuse an oversized file unread; otherwise defer, download, add, and report."""
        if file.size > MAX_INGEST_BYTES:
            log.info("refused %s: %d bytes declared", describe(interaction), file.size)
            await interaction.response.send_message(
                render_corpus.too_large(file.size, MAX_INGEST_BYTES),
                ephemeral=True,
                allowed_mentions=render.NO_PINGS,
            )
            return
        meta = ArticleMeta(title=title, outlet=outlet, author=author, published=published, url=url)
        name = render_corpus.upload_name(file.filename)
        workers = self.bot.workers
        try:
            # Claimed before the download, so that a /reindex meanwhile is told "busy" at once.
            with workers.rebuild_slot.claim():
                await interaction.response.defer(ephemeral=True, thinking=True)
                try:
                    data = await file.read()
                except discord.HTTPException as exc:
                    log.warning(
                        "%s: could not download the attachment: %s", describe(interaction), exc
                    )
                    await self._say(interaction, render_corpus.DOWNLOAD_FAILED)
                    return
                progress = ProgressMessage(
                    asyncio.get_running_loop(),
                    lambda text: interaction.edit_original_response(content=text),
                )
                added, summary = await workers.rebuild(
                    _ingest, self.bot.engine, data, name, meta, progress
                )
        except ReindexBusy as error:
            log.info("refused %s: %s", describe(interaction), error)
            await tell(interaction, _failure("Not added", error))
            return
        except (IngestError, CorpusError, IndexWriteError) as error:
            log.info("refused %s: %s", describe(interaction), error)
            await self._say(interaction, _failure("Not added", error))
            return
        log.info(
            "ingested %s by %s: %d sources, %d passages, %.0f ms",
            added.source.id,
            interaction.user.id,
            added.report.sources,
            added.report.chunks,
            added.report.took_ms,
        )
        embed = render_corpus.render_ingested(added, summary)
        if await progress.settle():  # the progress line becomes the report
            await interaction.edit_original_response(content=None, embed=embed)
        else:
            await interaction.followup.send(
                embed=embed, ephemeral=True, allowed_mentions=render.NO_PINGS
            )

    @app_commands.command(
        name="remove", description="Remove an article from the corpus (moderators only)."
    )
    @app_commands.describe(source="The article: start typing its title, outlet or id.")
    @app_commands.guild_only()
    @moderator_only()
    async def remove(self, interaction: discord.Interaction[QuoteBot], source: str) -> None:
        """Show the article and ask for confirmation; nothing changes until Remove is pressed."""
        summary = render.find_source(self.bot.engine.sources(), source)
        if summary is None:
            text = render.unknown_source_text(source)
            await interaction.response.send_message(
                text, ephemeral=True, allowed_mentions=render.NO_PINGS
            )
            return
        prompt = ConfirmRemoval(self.bot.engine, self.bot.workers, summary, interaction.user.id)
        await prompt.start(interaction)

    @remove.autocomplete("source")
    async def _complete_source(
        self, interaction: discord.Interaction[QuoteBot], current: str
    ) -> list[app_commands.Choice[str]]:
        matches = render.match_sources(self.bot.engine.sources(), current)
        return [choice_for(summary) for summary in matches[:_CHOICES]]

    async def _say(self, interaction: discord.Interaction[QuoteBot], text: str) -> None:
        await interaction.followup.send(text, ephemeral=True, allowed_mentions=render.NO_PINGS)


async def setup(bot: QuoteBot) -> None:
    """Extension entry point (`load_extension("bot.cogs.corpus")`)."""
    await bot.add_cog(Corpus(bot))
