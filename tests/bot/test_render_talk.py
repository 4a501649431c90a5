"""Rendering /help, small talk, a quote in context and an article's opening: pure functions,
checked against Discord's limits with hostile sources and very long paragraphs."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from render_testkit import assert_fits, odd_source, odd_text

from bot import render, render_talk
from bot.render import CONTENT_LIMIT, DESCRIPTION_LIMIT, size
from bot.render_talk import (
    AskChannel,
    mark_paragraph,
    opening_of,
    render_context,
    render_help,
    sentences,
    small_talk_line,
    small_talk_reaction,
)
from index import Answer, Quote, QuoteContext, Source, SourceSummary, Talk

DEAL = Source(
    "001_deal",
    "U.S. and Japan Sign Rare Earths Supply Deal",
    outlet="Clash Report",
    published="2025-10-28",
)
LAW = Source(
    "004_law",
    "Japan in Critical Minerals Agreement with U.S.",
    outlet="Barnes, Richardson & Colburn, LLP",
    author="Chaney A. Finn",
    published="2025-10-28",
    url="https://example.com/law",
)
EXAMPLES = ("Who signed the framework?", "Why are rare earth elements important?", "Third?", "4?")


def summary(src: Source) -> SourceSummary:
    return SourceSummary(src, 3, 100, "Opening.")


# --- /help --------------------------------------------------------------------------------------


def fields(embed) -> dict[str, str]:
    return {f.name: f.value for f in embed.fields}


def test_help_lists_the_sources_how_to_ask_and_three_examples():
    embed = render_help([summary(DEAL), summary(LAW)], EXAMPLES, moderator=False)
    shown = fields(embed)
    assert shown["What I know (2 articles)"] == (
        "• U.S. and Japan Sign Rare Earths Supply Deal — Clash Report, 28 Oct 2025\n"
        "• Japan in Critical Minerals Agreement with U.S. — Barnes, Richardson & Colburn, LLP, "
        "28 Oct 2025"
    )
    how = shown["How to ask"]
    for way in ("Mention me", "Reply", "/ask", "Apps → Ask quotebot", "Context"):
        assert way in how
    assert shown["Try asking"].split("\n") == [
        "• “Who signed the framework?”",
        "• “Why are rare earth elements important?”",
        "• “Third?”",
    ]
    assert "For moderators" not in shown
    assert_fits(embed, titled=True)


def test_help_shows_moderator_commands_to_moderators_only():
    shown = fields(render_help([summary(DEAL)], EXAMPLES, moderator=True))
    for command in ("/reindex", "/ingest", "/remove", "/stats"):
        assert command in shown["For moderators"]


def test_help_names_ask_channels_forums_and_threads():
    channels = [AskChannel(11, forum=False), AskChannel(22, forum=True)]
    how = fields(render_help([], (), moderator=False, channels=channels, threads=True))[
        "How to ask"
    ]
    assert "In <#11>, just write your question: I answer each in its own thread" in how
    assert "In <#22>, open a post per question" in how
    empty = fields(render_help([], (), moderator=False))
    assert empty["Try asking"] == "Anything about the articles above."
    assert empty["What I know (0 articles)"] == "No articles yet."


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(odd_source(400), max_size=60),
    st.lists(odd_text(600), max_size=5),
    st.booleans(),
    st.lists(st.builds(AskChannel, st.integers(1, 10**19), st.booleans()), max_size=12),
)
def test_help_fits_whatever_the_sources_and_examples(sources, examples, moderator, channels):
    embed = render_help(
        [summary(s) for s in sources], examples, moderator=moderator, channels=channels
    )
    assert_fits(embed, titled=True)


# --- small talk ---------------------------------------------------------------------------------


def test_small_talk_reactions_and_lines():
    assert small_talk_reaction(Talk.GREETING) == "👋"
    assert small_talk_reaction(Talk.THANKS) == "👍"
    assert small_talk_reaction(Talk.LAUGH) is None
    assert small_talk_reaction(Talk.ACK) is None
    assert small_talk_line(Talk.GREETING, "Who *signed*?") == (
        "Hi! Ask me anything about the articles, e.g. “Who \\*signed\\*?”"
    )
    assert small_talk_line(Talk.THANKS).startswith("You're welcome!")
    for kind in Talk:
        line = small_talk_line(kind, "x" * 5000)
        assert 0 < size(line) <= 200 and "\n" not in line


# --- a quote in context -------------------------------------------------------------------------

PARAGRAPH = (
    "Rare earth elements such as neodymium are vital:\n"
    "- Neodymium magnets power electric vehicle motors.\n"
    "- Lithium is essential for rechargeable batteries.\n"
    "- Cerium is used in catalysts."
)


def test_the_quoted_part_is_bold_line_by_line_and_the_rest_escaped():
    start = PARAGRAPH.index("Lithium")
    end = PARAGRAPH.index("catalysts.") + len("catalysts.")
    shown = mark_paragraph(PARAGRAPH, start, end, 4000)
    assert shown == (
        "Rare earth elements such as neodymium are vital:\n"
        "\\- Neodymium magnets power electric vehicle motors.\n"
        "\\- **Lithium is essential for rechargeable batteries.**\n"
        "**\\- Cerium is used in catalysts.**"
    )


def test_a_long_paragraph_is_cut_around_the_quote():
    before = "Word " * 3000
    after = " More" * 3000
    paragraph = before + "THE QUOTE." + after
    shown = mark_paragraph(paragraph, len(before), len(before) + 10, 1000)
    assert size(shown) <= 1000
    assert "**THE QUOTE.**" in shown
    assert shown.startswith("… Word") and shown.endswith("…")


def test_the_context_card_has_the_source_details_and_how_to_follow_up():
    start = PARAGRAPH.index("Lithium")
    context = QuoteContext(LAW, PARAGRAPH, start, start + 49)
    embed = render_context(context, number=2)
    assert embed.title == "Japan in Critical Minerals Agreement with U.S."
    assert embed.url == "https://example.com/law"
    assert "**Lithium is essential for rechargeable batteries.**" in embed.description
    assert render_talk.FOLLOW_UP_HINT in embed.description
    assert fields(embed) == {
        "Outlet": "Barnes, Richardson & Colburn, LLP",
        "Author": "Chaney A. Finn",
        "Published": "28 Oct 2025",
        "Link": "[open the article](https://example.com/law)",
    }
    assert embed.footer.text == "Quote 2 in context · id: 004_law"  # footers show no markdown
    assert fields(render_context(QuoteContext(DEAL, "x", 0, 1)))["Link"] == "none recorded"
    assert_fits(embed, titled=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    odd_source(3000),
    st.one_of(odd_text(3000), st.text(min_size=1, max_size=30000)),
    st.data(),
)
def test_any_context_fits_discords_limits(src, paragraph, data):
    start = data.draw(st.integers(0, len(paragraph)))
    end = data.draw(st.integers(start, len(paragraph)))
    embed = render_context(QuoteContext(src, paragraph, start, end), number=3)
    assert_fits(embed, titled=True)
    assert embed.description


@given(st.text(max_size=5000), st.data(), st.integers(0, 4000))
def test_mark_paragraph_always_fits(paragraph, data, limit):
    start = data.draw(st.integers(0, len(paragraph)))
    end = data.draw(st.integers(start, len(paragraph)))
    assert size(mark_paragraph(paragraph, start, end, limit)) <= limit


# --- an article's opening -----------------------------------------------------------------------


def test_the_opening_skips_a_repeated_title_and_kickers_and_ends_at_a_sentence():
    text = (
        "Industry News\n"
        "Japan in Critical Minerals Agreement with U.S.\n"
        "In meetings prior to the summit the U.S. and Japan agreed to cooperate. The agreement "
        "comes while China restricts exports.\n"
        "Signed in Tokyo, it aligns the two. High-level key elements include:\n"
        "- Joint financing.\n"
    )
    opening = opening_of(text, "Japan in Critical Minerals Agreement with U.S.", limit=200)
    assert opening == (
        "In meetings prior to the summit the U.S. and Japan agreed to cooperate. The agreement "
        "comes while China restricts exports.\nSigned in Tokyo, it aligns the two."
    )


def test_an_opening_cut_short_keeps_only_whole_sentences():
    text = "Title\nThe deal was signed. It aims to raise defense spend"
    assert opening_of(text, "Title", last_line_cut=True) == "The deal was signed."


def test_sentences_keep_abbreviations():
    assert sentences("The U.S. President met Oct. 28 in Tokyo. Then he left! Yes.") == [
        "The U.S. President met Oct. 28 in Tokyo.",
        "Then he left!",
        "Yes.",
    ]


@given(st.text(max_size=3000), st.text(max_size=100), st.integers(0, 1500))
def test_an_opening_always_fits(text, title, limit):
    assert size(opening_of(text, title, limit)) <= limit


# --- answers: the question, a follow-up, an answer about the article itself ---------------------


def quote(text: str, kind: str = "passage") -> Quote:
    return Quote(text, DEAL, 0.8, 0, len(text), "c", kind=kind)


def test_an_answer_can_show_its_question_and_how_a_follow_up_was_read():
    answer = Answer(
        "who signed *it*?",
        True,
        (quote("Trump and Takaichi signed it."),),
        read_as="Where was the agreement signed? Who signed *it*?",
    )
    reply = render.render_answer(answer, show_question=True)
    assert reply.embed.title == "who signed \\*it\\*?"
    first_line = reply.embed.description.split("\n")[0]
    assert first_line == (
        "*Read with your earlier question:* Where was the agreement signed? Who signed \\*it\\*?"
    )
    assert render.render_answer(answer).embed.title is None  # a reply shows its question already


def test_an_answer_about_the_article_itself_is_a_card_not_a_quote():
    reply = render.render_answer(
        Answer("Who published it?", True, (quote("Clash Report", "source"),))
    )
    description = reply.embed.description
    assert description.startswith("**1.** **U.S. and Japan Sign")  # the article's card
    assert "Clash Report" in description
    assert "> " not in description


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(odd_text(3000), odd_text(3000), st.lists(odd_text(2000), min_size=1, max_size=4))
def test_answers_with_questions_and_follow_ups_fit(question, read_as, texts):
    answer = Answer(question, True, tuple(quote(t or "x") for t in texts), read_as=read_as)
    reply = render.render_answer(answer, show_question=True)
    assert_fits(reply.embed, titled=True)
    assert size(reply.embed.description) <= DESCRIPTION_LIMIT


@pytest.mark.parametrize("reason", ["not_covered", "not_english"])
def test_declines_stay_short(reason):
    content = render.render_answer(
        Answer("?", False, reason=reason, examples=EXAMPLES, suggestion="x " * 3000)
    ).content
    assert size(content) <= CONTENT_LIMIT and content.count("\n") <= 1
