"""Members' text at the boundary: lone surrogates and invisible characters never get further."""

from __future__ import annotations

import pytest

from bot.cogs.ask import question_in
from bot.member_text import visible_text


@pytest.mark.parametrize(
    ("text", "visible"),
    [
        ("Where was it signed?", "Where was it signed?"),
        ("Where\ud800 was it signed?", "Where was it signed?"),  # a lone high surrogate
        ("\udfffWho signed?", "Who signed?"),  # a lone low surrogate
        ("\u200b\u200d\ufeff\u2060", " "),  # zero-width space, joiner, BOM, word joiner
        ("rare\u00adearths", "rareearths"),  # a soft hyphen inside a word
        ("rare\u200bearths", "rare earths"),  # a zero-width space separates words
        ("\u202eSigned where?\u202c", "Signed where?"),  # a direction override
        ("line\nbreak\ttab\x00nul", "line break tab nul"),
        ("Tokyo 東京 — 90% ✓ 🎌", "Tokyo 東京 — 90% ✓ 🎌"),  # letters and symbols stay
    ],
)
def test_visible_text(text: str, visible: str) -> None:
    assert visible_text(text) == visible
    visible_text(text).encode("utf-8")  # always encodable: the tokenizer and SQLite need it


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("<@500> \u200b\u200b", ""),  # only invisible characters: an empty question
        ("<@500> \ud800", ""),
        ("<@500>\u200bWhere\ud83d was it signed?\u2060", "Where was it signed?"),
    ],
)
def test_a_question_of_only_invisible_characters_is_empty(text: str, question: str) -> None:
    assert question_in(text) == question
