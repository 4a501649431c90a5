"""What a decline says, in one line: why, and what the articles do answer instead.

Shared by every front end that prints an `Answer` as text (the command line; the bot renders
the same fields with markdown). Pure, so the wording is tested once.
"""

from __future__ import annotations

from collections.abc import Sequence

from index.lexicon import INSTITUTION_NAMES
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


def chatter_line(examples: Sequence[str] = ()) -> str:
    """The reply to chatter ("gm everyone, how's it going?"): nothing to quote, and what to ask."""
    tail = f", e.g. {_quoted(examples[:1])}" if examples else ""
    return f"That reads as chat, not a question, so there is nothing to quote. Ask me about the articles{tail}."


def place_name(name: str) -> str:
    """A place or name as read from a question, capitalised ("new york" -> "New York", "nato" -> "NATO")."""
    if name in INSTITUTION_NAMES:
        return INSTITUTION_NAMES[name]
    return " ".join(w if w in ("of", "and", "the") else w[:1].upper() + w[1:] for w in name.split())


def unmentioned_line(names: Sequence[str]) -> str:
    """Why a question naming places, names or elements no article mentions is declined."""
    return f"None of the articles mention {' or '.join(place_name(n) for n in names[:3])}."


# What each of `index.query.TOPICS` is, as a decline names it ("None of the articles says ...").
TOPIC_PHRASES = {
    "market": "how markets moved (stocks, shares or prices)",
    "legal": "whether the agreement is legally binding or what breaking it would cost",
    "party": "anyone's political party",
    "negotiation": "anything about the negotiations",
    "proposal": "who proposed it",
    "frequency": "how often that happens",
    "honour": "anything about gifts or prizes",
    "clock": "the time of day",
    "attire": "what anyone wore",
    "weather": "what the weather was",
    "press": "anything about press conferences or reporters' questions",
    "family": "anything about anyone's family",
    "meal": "what anyone ate",
    "leisure": "anything about golf or sightseeing",
    "opinion": "anything about polls or public opinion",
    "credibility": "how reliable or biased any source is",
    "origin": "where anyone was born or when anything was founded or built",
    "office": "when anyone took office",
    "schooling": "anything about anyone's schooling",
    "height": "anyone's height",
    "finances": "a company's revenue or profits",
    "distance": "any distances",
    "arithmetic": "the result of a sum (I only quote them)",
}


def untold_line(topics: Sequence[str]) -> str:
    """Why a question asking a kind of fact no article gives ("did stocks pop?") is declined."""
    said = [TOPIC_PHRASES.get(t, "that") for t in dict.fromkeys(topics)][:2]
    return f"None of the articles says {' or '.join(said)}."


_FIELD_WORDS = {
    "author": "doesn't name its author",
    "date": "doesn't give the date it was published",
    "outlet": "doesn't name the outlet that published it",
    "title": "has no headline",
    "credit": "doesn't credit a photo",
    "section": "doesn't print a section label",
    "dateline": "has no dateline",
    "cites": "doesn't list its sources",
    "related": "doesn't link to related stories",
    "link": "has no link recorded",
    "contact": "doesn't say whom to contact",
}


def unrecorded_line(source: Source, field: str) -> str:
    """Why a question about one article's byline, date, photo credit, ... is declined: it has none."""
    name = " ".join(source.title.split()) or " ".join(source.id.split()) or "the article"
    outlet = f" ({' '.join(source.outlet.split())})" if source.outlet and field != "outlet" else ""
    return f"“{name}”{outlet} {_FIELD_WORDS.get(field, 'does not record that')}."


def not_covered_line(
    examples: Sequence[str] = (),
    nearest: Sequence[Source] = (),
    unmentioned: Sequence[str] = (),
    untold: Sequence[str] = (),
) -> str:
    """The reply to a question the articles don't answer: why, and where they come closest."""
    if unmentioned:
        why = unmentioned_line(unmentioned)
    elif untold:
        why = untold_line(untold)
    else:
        why = "The articles don't cover that."
    if examples:
        return f"{why} They do answer e.g. {_quoted(examples[:2])}."
    if nearest:
        return f"{why[:-1]}; the closest is “{nearest[0].title}”."
    return why
