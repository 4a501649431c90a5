"""A long rebuild's progress in the moderator's reply: what it says, and how often it is edited."""

from __future__ import annotations

import asyncio

from hypothesis import given
from hypothesis import strategies as st
from render_testkit import assert_fits, odd_source

from bot import render
from bot.progress import ProgressMessage
from index import Answer, Quote, Source


def test_progress_says_the_step_how_far_and_the_time_left() -> None:
    text = render.progress_text("embedding", 250, 1000, 20.0)
    assert text.startswith("Indexing… embedding passages: 250 of 1,000 (25 %), about 60 s left")
    assert "still answered" in text
    assert "left" not in render.progress_text("embedding", 1000, 1000, 30.0)


@given(st.text(), st.integers(-5, 10**7), st.integers(-5, 10**7), st.floats(0, 1e7))
def test_progress_is_one_short_line_whatever_it_is_given(stage, done, total, elapsed) -> None:
    text = render.progress_text(stage[:40], done, total, elapsed)
    assert "\n" not in text and render.size(text) <= render.CONTENT_LIMIT


async def test_edits_are_throttled_and_short_builds_show_nothing() -> None:
    now = [0.0]
    sent: list[str] = []

    async def edit(text: str) -> None:
        sent.append(text)

    progress = ProgressMessage(asyncio.get_running_loop(), edit, every=3.0, clock=lambda: now[0])
    progress("embedding", 5, 20)  # a short build: nothing shown
    for second in range(10):
        now[0] = float(second)
        progress("embedding", second * 10, 100)
    await asyncio.sleep(0)  # let the scheduled edits run (no timing involved)
    await asyncio.sleep(0)
    assert len(sent) == 4  # at 0, 3, 6 and 9 s
    assert sent[-1].startswith("Indexing… embedding passages: 90 of 100")


def test_a_full_disk_is_said_plainly() -> None:
    text = render.index_write_error_text("disk full while writing the index; the index in use is unchanged")
    assert "disk full" in text and "still answered" in text


@given(st.lists(odd_source(3000), min_size=1, max_size=10))
def test_a_metadata_answer_is_a_source_card_not_a_quote(sources: list[Source]) -> None:
    quotes = tuple(
        Quote(text="card", source=s, score=1.0, start=0, end=0, chunk_id="", kind="source")
        for s in sources
    )
    embed = render.render_answer(Answer("who wrote it?", True, quotes)).embed
    assert embed is not None
    assert_fits(embed)
    assert not embed.description.lstrip().startswith(">")  # no quote marks: it is metadata


def test_a_source_card_names_the_author() -> None:
    source = Source(id="x", title="Japan in Critical Minerals Agreement", outlet="A Law Firm", author="Chaney A. Finn")
    card = render.source_card(source, 1, 500)
    assert "Chaney A. Finn" in card and "A Law Firm" in card and not card.startswith(">")
