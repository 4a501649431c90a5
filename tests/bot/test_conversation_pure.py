"""The pure parts of talking to the bot: context buttons' custom ids, the buttons under an
answer, and reading back the question an answer shows, a forum post's question, thread names."""

from __future__ import annotations

import discord
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import render
from bot.cogs.expand import (
    CUSTOM_ID,
    answer_view,
    context_buttons,
    context_custom_id,
    find_source_id,
    parse_context_custom_id,
    source_key,
)
from bot.conversation import forum_question, question_in, question_shown, thread_name
from bot.render_talk import question_field, render_context
from index import Answer, Quote, QuoteContext, Source, SourceSummary

DEAL = Source("001_bd96c734c061e8b4", "U.S. and Japan Sign Rare Earths Supply Deal")


def quote(start: int = 10, end: int = 60, src: Source = DEAL, kind: str = "passage") -> Quote:
    return Quote("Words.", src, 0.8, start, end, "c", kind=kind)


# --- context buttons --------------------------------------------------------------------------


def test_a_context_id_round_trips():
    custom_id = context_custom_id(2, quote())
    assert custom_id == "qx:v1:2:001_bd96c734c061e8b4:10:60"
    assert parse_context_custom_id(custom_id) == (2, "001_bd96c734c061e8b4", 10, 60)


@given(st.text(min_size=1, max_size=300), st.integers(0, 10**9 - 2), st.integers(1, 9))
def test_any_source_and_span_fit_discords_limit_and_find_their_source(source_id, start, number):
    src = Source(source_id, "t")
    custom_id = context_custom_id(number, quote(start, start + 1, src))
    assert custom_id is not None and len(custom_id) <= 100
    assert CUSTOM_ID.fullmatch(custom_id)
    parsed = parse_context_custom_id(custom_id)
    assert parsed == (number, source_key(source_id), start, start + 1)
    summaries = [SourceSummary(Source("other", "o"), 1, 1, ""), SourceSummary(src, 1, 1, "")]
    assert find_source_id(summaries, parsed[1]) == source_id


@pytest.mark.parametrize(
    "custom_id",
    [
        "qx:v1:0:a:1:2",
        "qx:v1:1:a:2:2",
        "qx:v1:1:a:5:2",
        "qx:v1:1:a b:1:2",
        "qx:v2:1:a:1:2",
        "qx:v1:1:~zz:1:2",
        "fb:v1:1:up",
        "qx:v1:1:a:1:2:extra",
        "qx:v1:1:a:1234567890:1234567891",
    ],
)
def test_anything_else_is_not_a_context_id(custom_id):
    assert parse_context_custom_id(custom_id) is None


def test_answers_get_a_context_button_per_passage_and_declines_none():
    answered = Answer("q", True, (quote(), quote(70, 90), quote(kind="source"), quote(1, 2)))
    labels = [b.item.label for b in context_buttons(answered)]
    assert labels == ["Context 1", "Context 2"]  # the metadata answer has no paragraph
    assert context_buttons(Answer("q", False)) == []
    assert answer_view(None, Answer("q", False)) is None
    view = answer_view(7, answered)
    assert [item.custom_id for item in view.children][:2] == ["fb:v1:7:up", "fb:v1:7:down"]
    assert len(view.children) == 4
    unlogged = answer_view(None, answered)  # the log failed: context buttons all the same
    assert [item.custom_id for item in unlogged.children] == [
        "qx:v1:1:001_bd96c734c061e8b4:10:60",
        "qx:v1:2:001_bd96c734c061e8b4:70:90",
    ]


# --- reading back the question an answer answered ---------------------------------------------


def answer_embed(question: str, read_as: str = "") -> discord.Embed:
    answer = Answer(question, True, (quote(),), read_as=read_as)
    embed = render.render_answer(answer, show_question=True).embed
    assert embed is not None
    return embed


@given(st.text(min_size=1, max_size=200).filter(lambda t: " ".join(t.split())))
def test_the_title_gives_back_the_question(question):
    shown = question_shown([answer_embed(question)])
    line = " ".join(question.split())
    assert shown == line or line.startswith(shown.removesuffix("…").removesuffix(" "))


def test_a_follow_up_answer_gives_back_the_question_as_understood():
    embed = answer_embed("how *much*?", read_as="When will JERA import? How *much*?")
    assert question_shown([embed]) == "When will JERA import? How *much*?"


def test_only_answers_are_read():
    assert question_shown([discord.Embed(title="Sources")]) == ""
    untitled = render.render_answer(Answer("q", True, (quote(),))).embed
    assert question_shown([untitled]) == ""  # a reply: its question is the message it replies to


def test_a_context_card_carries_the_question_it_was_opened_from():
    card = render_context(QuoteContext(DEAL, "Words.", 0, 6), question="Where *was* it signed?")
    assert question_field([card]) == "Where *was* it signed?"
    assert question_field([render_context(QuoteContext(DEAL, "Words.", 0, 6))]) == ""


# --- forum posts, threads, mentions ----------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "body", "question"),
    [
        ("JERA LNG deal", "How much LNG will JERA import?", "How much LNG will JERA import?"),
        ("Who signed it?", "I saw the news.", "Who signed it?"),
        ("Who signed?", "And where was it?", "Who signed? And where was it?"),
        ("Lithium", "what is it used for", "Lithium what is it used for"),
        ("Where was it signed?", "Where was it signed? Thanks", "Where was it signed? Thanks"),
        ("Ask", f"<@123> {'x'}", "Ask x"),
    ],
)
def test_a_forum_post_asks_its_question(title, body, question):
    assert forum_question(title, body) == question


def test_thread_names_fit_discord():
    assert thread_name("Where was the agreement signed?") == "Where was the agreement signed?"
    assert len(thread_name("word " * 100)) <= 100
    assert thread_name("   ") == "Question"


def test_mentions_are_not_part_of_the_question():
    assert question_in("<@1> <@!2> <@&3> <#4> @everyone @here what   now?") == "what now?"


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("Yo Quotebot what minerals are in the deal", "what minerals are in the deal"),
        ("quotebot, when was it signed", "when was it signed"),
        ("hey @QuoteBot: how much is japan investing", "how much is japan investing"),
        ("when was it signed, quotebot?", "when was it signed?"),
        # not an address: a question about the bot, or a word that only begins with its name
        ("what is quotebot", "what is quotebot"),
        ("quotebotics is what", "quotebotics is what"),
    ],
)
def test_the_bots_own_name_addressing_a_message_is_not_part_of_the_question(text: str, question: str) -> None:
    assert question_in(text, ["QuoteBot"]) == question
