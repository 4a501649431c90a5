"""Buttons to page through embeds, for whoever asked for them."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import discord

from bot.render import NO_PINGS

log = logging.getLogger(__name__)

Button = discord.ui.Button[Any]


class Paginator(discord.ui.View):
    """Previous / page n of N / Next over a fixed list of embeds.

    Only the member who ran the command can turn the pages (others are told so, privately), and
    the buttons are removed when the view times out, so none are left that do nothing.
    """

    def __init__(
        self, pages: Sequence[discord.Embed], owner_id: int, *, timeout: float = 300
    ) -> None:
        super().__init__(timeout=timeout)
        self.pages = list(pages)
        self.owner_id = owner_id
        self.index = 0
        self.interaction: discord.Interaction[Any] | None = None
        self._update_buttons()

    async def start(self, interaction: discord.Interaction[Any], *, ephemeral: bool) -> None:
        """Send the first page with the buttons, as the response to `interaction`."""
        self.interaction = interaction
        await interaction.response.send_message(
            embed=self.pages[0],
            view=self,
            ephemeral=ephemeral,
            allowed_mentions=NO_PINGS,
        )

    def _update_buttons(self) -> None:
        self.previous.disabled = self.index == 0
        self.next.disabled = self.index == len(self.pages) - 1
        self.counter.label = f"{self.index + 1} / {len(self.pages)}"

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        """Only the member who asked may turn the pages."""
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message(
            "These pages belong to someone else: run the command yourself.",
            ephemeral=True,
            allowed_mentions=NO_PINGS,
        )
        return False

    async def _show(self, interaction: discord.Interaction[Any], index: int) -> None:
        self.index = max(0, min(index, len(self.pages) - 1))
        self._update_buttons()
        await interaction.response.edit_message(embed=self.pages[self.index], view=self)

    @discord.ui.button(
        label="Previous", style=discord.ButtonStyle.secondary, custom_id="page:previous"
    )
    async def previous(self, interaction: discord.Interaction[Any], _: Button) -> None:
        """Show the page before."""
        await self._show(interaction, self.index - 1)

    @discord.ui.button(
        label="1 / 1", style=discord.ButtonStyle.secondary, disabled=True, custom_id="page:counter"
    )
    async def counter(self, interaction: discord.Interaction[Any], _: Button) -> None:
        """Not clickable: shows where we are."""

    @discord.ui.button(label="Next", style=discord.ButtonStyle.primary, custom_id="page:next")
    async def next(self, interaction: discord.Interaction[Any], _: Button) -> None:
        """Show the page after."""
        await self._show(interaction, self.index + 1)

    async def on_timeout(self) -> None:
        """Drop the buttons once nobody can use them any more."""
        if self.interaction is None:
            return
        try:
            await self.interaction.edit_original_response(view=None)
        except discord.HTTPException as exc:  # the message was deleted, or the token expired
            log.debug("could not remove page buttons: %s", exc)
