"""Rendering `/stats` and vote acknowledgements: pure functions checked against Discord's limits.

Moderators see members' questions verbatim in `/stats`, so whatever a member typed (markdown,
mentions, newlines, emoji, thousands of characters), the embed must fit and must not format or
mention anything.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import discord
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from render_testkit import assert_fits

from bot.render import (
    render_stats,
    size,
    stats_question,
    vote_text,
    why_text,
)
from bot.storage import QuestionCount, Reason, ReasonCount, Stats, VoteResult, VoteStatus

SINCE = datetime(2025, 11, 1, 9, 30, tzinfo=UTC)
DECLINED = "**Most often declined (what the articles don't cover)**"


def stats(**overrides: object) -> Stats:
    values: dict[str, object] = {
        "days": 30,
        "since": SINCE,
        "guild_id": 1,
        "asked": 0,
        "declined": 0,
        "helpful": 0,
        "not_helpful": 0,
        "latency_p50_ms": None,
        "latency_p95_ms": None,
        "top_declined": (),
        "top_not_helpful": (),
    }
    values.update(overrides)
    return Stats(**values)  # type: ignore[arg-type]


def fields(embed: discord.Embed) -> dict[str, str]:
    return {str(field.name): str(field.value) for field in embed.fields}


# --- vote acknowledgements --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "helpful", "text"),
    [
        (VoteStatus.NEW, True, "Thanks — recorded as helpful."),
        (VoteStatus.NEW, False, "Thanks — recorded as not helpful."),
        (VoteStatus.CHANGED, False, "Thanks — changed to not helpful."),
        (VoteStatus.CHANGED, True, "Thanks — changed to helpful."),
        (VoteStatus.UNCHANGED, True, "Already recorded as helpful."),
        (VoteStatus.UNCHANGED, False, "Already recorded as not helpful."),
    ],
)
def test_vote_text_says_what_the_click_did(status, helpful, text):
    result = VoteResult(
        answer_id=7, helpful=helpful, status=status, helpful_count=3, not_helpful_count=1
    )
    assert vote_text(result) == text


# --- /stats -----------------------------------------------------------------------------------


def test_a_typical_month():
    embed = render_stats(
        stats(
            asked=120,
            declined=30,
            helpful=41,
            not_helpful=6,
            latency_p50_ms=184.2,
            latency_p95_ms=1260.0,
            top_declined=(
                QuestionCount("Who is the new ambassador?", 4),
                QuestionCount("When does the deal expire?", 2),
            ),
            top_not_helpful=(QuestionCount("Where was it signed?", 3),),
        )
    )
    assert embed.title == "Questions in the last 30 days"
    assert embed.description is None
    shown = fields(embed)
    assert shown["Asked"] == "120"
    assert shown["Answered"] == "90"
    assert shown["Declined"] == "30 (25%)"
    assert (shown["Helpful"], shown["Not helpful"]) == ("41", "6")
    assert shown["Latency p50 / p95"] == "184 ms / 1.3 s"
    assert shown["Most often declined (what the articles don't cover)"] == (
        "**4×** Who is the new ambassador?\n**2×** When does the deal expire?"
    )
    assert shown["Most often marked not helpful"] == "**3×** Where was it signed?"
    assert shown["Why not helpful"] == "No reasons given."
    assert embed.footer.text == (
        "This server · since 01 Nov 2025 09:30 UTC · votes count with the answer they rate"
    )
    assert_fits(embed)


def test_nothing_asked_says_so_rather_than_dividing_by_zero():
    embed = render_stats(stats(days=1, guild_id=None))
    assert embed.title == "Questions in the last 1 day"
    assert embed.description == "Nobody asked anything in this period."
    shown = fields(embed)
    assert shown["Declined"] == "0 (0%)"
    assert shown["Latency p50 / p95"] == "— / —"
    assert shown["Most often declined (what the articles don't cover)"] == "None declined."
    assert shown["Most often marked not helpful"] == "No answer was marked not helpful."
    assert str(embed.footer.text).startswith("All servers · ")
    assert_fits(embed)


@pytest.mark.parametrize(
    ("declined", "asked", "share"),
    [
        (1, 1000, "<1%"),
        (1, 200, "<1%"),
        (1, 199, "1%"),
        (2, 3, "67%"),
        (999, 1000, ">99%"),
        (5, 5, "100%"),
    ],
)
def test_a_small_declined_share_is_not_shown_as_zero(declined, asked, share):
    embed = render_stats(stats(asked=asked, declined=declined))
    assert fields(embed)["Declined"] == f"{declined:,} ({share})"


@pytest.mark.parametrize(
    ("question", "shown"),
    [
        ("What is *this*?", r"What is \*this\*?"),
        ("@everyone where?", "@\u200beveryone where?"),
        ("ask <@123456789012345678> why", "ask \\<@\u200b123456789012345678\\> why"),
        ("line one\n\n> line two", r"line one \> line two"),
        ("   ", "(empty)"),
    ],
)
def test_questions_show_as_plain_words_on_one_line(question, shown):
    assert stats_question(question) == shown


def test_a_long_question_is_cut():
    shown = stats_question("word " * 500)
    assert shown.endswith("…")
    assert size(shown) <= 180


MENTION = re.compile(r"<@[!&]?\d+>|@(everyone|here)")
# Any text, salted with what must never reach a moderator as markup or a mention.
odd_text = st.lists(
    st.text(max_size=200)
    | st.sampled_from(["@everyone", "@here", "<@12345678901234567>", "<@&1234>", "**", "\n", "😀"]),
    max_size=40,
).map("".join)
counts = st.integers(min_value=1, max_value=10**12)
question_counts = st.lists(st.builds(QuestionCount, odd_text, counts), max_size=25)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    asked=st.integers(min_value=0, max_value=10**12),
    declined_part=st.floats(min_value=0, max_value=1),
    votes=st.tuples(counts, counts),
    latencies=st.tuples(
        st.none() | st.floats(min_value=0, max_value=1e9), st.none() | st.floats(0, 1e9)
    ),
    days=st.integers(min_value=1, max_value=365),
    top_declined=question_counts,
    top_not_helpful=question_counts,
)
def test_any_stats_fit_discords_limits_and_mention_nobody(
    asked, declined_part, votes, latencies, days, top_declined, top_not_helpful
):
    embed = render_stats(
        stats(
            days=days,
            asked=asked,
            declined=int(asked * declined_part),
            helpful=votes[0],
            not_helpful=votes[1],
            latency_p50_ms=latencies[0],
            latency_p95_ms=latencies[1],
            top_declined=tuple(top_declined),
            top_not_helpful=tuple(top_not_helpful),
        )
    )
    assert_fits(embed)
    for field in embed.fields[6:8]:
        value = str(field.value)
        assert MENTION.search(value) is None
        lines = value.split("\n")
        # One line per question (or an "and N more" on the last): a question never breaks lines.
        listed = top_declined if field.name.startswith("Most often declined") else top_not_helpful
        if listed:
            assert len(lines) <= len(listed)
            assert all(line.startswith("**") or "(too long to list)" in line for line in lines)


# --- why "Not helpful" -----------------------------------------------------------------------


def test_reasons_are_counted_and_the_latest_notes_shown_inert():
    embed = render_stats(
        stats(
            not_helpful=6,
            reasons=(
                ReasonCount(Reason.WRONG_QUOTE, 3),
                ReasonCount(Reason.MISSING, 1),
                ReasonCount(Reason.OUTDATED, 0),
                ReasonCount(Reason.OTHER, 1),
            ),
            comments=("It quotes the *July* deal @everyone", "no figures\nat all"),
        )
    )
    assert fields(embed)["Why not helpful"].split("\n") == [
        "Wrong quote 3 · Missing information 1 · Outdated 0 · Other 1",
        "“It quotes the \\*July\\* deal @\u200beveryone”",
        "“no figures at all”",
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(0, 10**12), min_size=4, max_size=4), st.lists(odd_text, max_size=3))
def test_any_reasons_fit_and_mention_nobody(numbers, comments):
    embed = render_stats(
        stats(
            reasons=tuple(ReasonCount(r, n) for r, n in zip(Reason, numbers, strict=True)),
            comments=tuple(comments),
        )
    )
    assert_fits(embed)
    value = fields(embed)["Why not helpful"]
    assert MENTION.search(value) is None
    assert len(value.split("\n")) <= 1 + len(comments)


@pytest.mark.parametrize(
    ("reason", "comment", "text"),
    [
        (
            Reason.WRONG_QUOTE,
            "",
            "Thanks — recorded as not helpful. Noted for the moderators: wrong quote.",
        ),
        (None, "x", "Thanks — recorded as not helpful. Noted for the moderators: your note."),
        (
            Reason.OUTDATED,
            "x",
            "Thanks — recorded as not helpful. Noted for the moderators: outdated and your note.",
        ),
        (None, "", "Thanks — recorded as not helpful."),
    ],
)
def test_the_form_is_acknowledged_with_the_clicks_vote(reason, comment, text):
    clicked = VoteResult(7, False, VoteStatus.NEW, 0, 1)
    explained = VoteResult(7, False, VoteStatus.UNCHANGED, 0, 1, reason=reason, comment=comment)
    assert why_text(clicked, explained) == text
