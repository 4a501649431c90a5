"""Checking a question at the boundary, before anything heavy or shared sees it.

Questions come from Discord members and from the command line, so they may hold anything: text
that only looks empty (zero-width spaces, a byte-order mark, directional marks), lone surrogates
from invalid UTF-8 that cannot even be encoded, control characters. Every entry point calls
`validate_question`, so each is refused the same way, with a message meant for the person who
asked, and what reaches the engine is plain, searchable text.
"""

from __future__ import annotations

from index.chars import drop_invisible, has_visible, pair_surrogates
from index.records import MAX_QUESTION_CHARS, QuestionError

EMPTY_MESSAGE = "Ask a question about the articles, e.g. “Who signed the agreement?”"
INVALID_MESSAGE = (
    "That question contains characters that are not valid text (invalid UTF-8 or a lone "
    "surrogate); please type it again."
)


def validate_question(question: str) -> str:
    """The question, tidied, or a QuestionError whose message can be shown to the user.

    Zero-width and directional format characters are dropped (they only split words for the
    search, and a question made of them alone is empty); surrogate pairs are joined; a lone
    surrogate is refused; whitespace runs become one space.
    """
    if not isinstance(question, str):
        raise QuestionError(EMPTY_MESSAGE)
    paired = pair_surrogates(question)
    if paired is None:
        raise QuestionError(INVALID_MESSAGE)
    text = " ".join(drop_invisible(paired).split())
    if not has_visible(text):
        raise QuestionError(EMPTY_MESSAGE)
    if len(text) > MAX_QUESTION_CHARS:
        raise QuestionError(
            f"That question is {len(text):,} characters long; please keep it under "
            f"{MAX_QUESTION_CHARS:,}."
        )
    return text
