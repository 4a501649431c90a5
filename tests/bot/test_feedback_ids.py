"""The vote buttons' custom ids: the only state a button carries across restarts.

Any client can forge a click with any custom id, so the parser must accept exactly what the bot
writes and nothing else; and whatever it writes must fit Discord's 100-character limit.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.cogs.feedback import (
    CUSTOM_ID,
    FeedbackButton,
    feedback_custom_id,
    feedback_view,
    parse_feedback_custom_id,
)

LARGEST_ID = 2**63 - 1  # a database BIGINT


def test_the_format():
    assert feedback_custom_id(42, True) == "fb:v1:42:up"
    assert feedback_custom_id(42, False) == "fb:v1:42:down"
    assert parse_feedback_custom_id("fb:v1:42:up") == (42, True)
    assert parse_feedback_custom_id("fb:v1:42:down") == (42, False)


@given(st.integers(min_value=1, max_value=LARGEST_ID), st.booleans())
def test_every_answer_id_round_trips_within_discords_limit(answer_id, helpful):
    custom_id = feedback_custom_id(answer_id, helpful)
    assert len(custom_id) <= 100
    assert parse_feedback_custom_id(custom_id) == (answer_id, helpful)


@pytest.mark.parametrize(
    "custom_id",
    [
        "",
        "page:next",
        "fb:v1:42",
        "fb:v1:42:up:extra",
        "fb:v1:42:UP",
        "fb:v1:42:sideways",
        "fb:v2:42:up",  # a future format is not read as this one
        "fb:v1:0:up",  # ids start at 1
        "fb:v1:042:up",  # one id, one spelling
        "fb:v1:-1:up",
        "fb:v1:+1:up",
        "fb:v1: 42:up",
        "fb:v1:42:up\n",
        "fb:v1:４２:up",  # int() would take full-width digits; the parser must not
        "fb:v1:" + "9" * 20 + ":up",  # longer than any BIGINT
        "xfb:v1:42:up",
    ],
)
def test_anything_else_is_not_a_vote(custom_id):
    assert parse_feedback_custom_id(custom_id) is None


@pytest.mark.parametrize("answer_id", [0, -1, 10**19, True])
def test_only_answer_ids_are_written(answer_id):
    with pytest.raises(ValueError, match="not an answer id"):
        feedback_custom_id(answer_id, True)


async def test_the_view_holds_both_buttons_of_one_answer():
    view = feedback_view(7)
    assert view.timeout is None
    buttons = [item for item in view.children if isinstance(item, FeedbackButton)]
    assert [(b.item.label, b.custom_id) for b in buttons] == [
        ("Helpful", "fb:v1:7:up"),
        ("Not helpful", "fb:v1:7:down"),
    ]
    assert len(view.children) == 2


async def test_a_click_rebuilds_the_button_it_was_made_from():
    # discord.py matches the registered template, then asks the class to rebuild the item.
    template = FeedbackButton.__discord_ui_compiled_template__
    assert template is CUSTOM_ID
    match = template.fullmatch("fb:v1:123456789:down")
    assert match is not None
    original = FeedbackButton(123456789, helpful=False)
    rebuilt = await FeedbackButton.from_custom_id(None, original.item, match)  # type: ignore[arg-type]
    assert (rebuilt.answer_id, rebuilt.helpful) == (123456789, False)
    assert rebuilt.custom_id == original.custom_id
