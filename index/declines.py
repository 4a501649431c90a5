"""What a decline says, in one line: why, and what the articles do answer instead.

Shared by every front end that prints an `Answer` as text (the command line; the bot renders
the same fields with markdown). Pure, so the wording is tested once.
"""

from __future__ import annotations

from collections.abc import Sequence

from index.records import Source


def _quoted(questions: Sequence[str]) -> str:
    return " or ".join(f"“{q}”" for q in questions)


def not_english_line(language: str, examples: Sequence[str] = ()) -> str:
    """The reply to a question in another language: honest about why, with an example."""
    seen = f"That looks like {language}. " if language else ""
    tail = f", e.g. {_quoted(examples[:1])}" if examples else ""
    return (
        f"{seen}I can only read questions in English (the articles are in English), so please "
        f"ask again in English{tail}."
    )


def not_covered_line(examples: Sequence[str] = (), nearest: Sequence[Source] = ()) -> str:
    """The reply to a question the articles don't answer: where they come closest."""
    if examples:
        return f"The articles don't cover that. They do answer e.g. {_quoted(examples[:2])}."
    if nearest:
        return f"The articles don't cover that; the closest is “{nearest[0].title}”."
    return "The articles don't cover that."
