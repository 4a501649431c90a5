"""Follow-up questions: when a question leans on the one before it, and how to read the two.

In a conversation people ask "who signed it?", "why?", "how much?" or "and what about
batteries?": on its own such a question names nothing to search for, and the articles would be
searched for "signed" or "batteries" alone. These pure functions decide whether a question is
elliptical in that sense and, if so, how to read it together with the previous question:

- a *frame* follow-up ("who signed it?", "why?", "how much?", "and for how long?") keeps the
  previous question's topic and asks something new about it: both count equally;
- a *switch* follow-up ("and cerium?", "what about Japan?", "and what about batteries?") keeps
  the previous question's frame and names a new topic: the new words must dominate, or the
  search finds the previous answer again.

The decision is deliberately conservative: a question that names what it is about ("Where was
the agreement signed?") always stands alone, whatever came before. The vector arithmetic that
blends the two readings is a pure function too (`blend`), so the embedding model is not needed
to test it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

import numpy as np


def _word_set(words: str) -> frozenset[str]:
    """A set of words written as one string (easier to read and edit than a list)."""
    return frozenset(words.split())


class Kind(StrEnum):
    """How a question relates to the previous one."""

    ALONE = "alone"  # self-contained: answered on its own
    FRAME = "frame"  # asks something new about the previous question's topic
    SWITCH = "switch"  # asks the previous question about a new topic


# How much the previous question weighs in the blended query vector, per kind.
FRAME_WEIGHT = 1.0
SWITCH_WEIGHT = 0.35

_WORD = re.compile(r"[\w'’.-]+")
# Openings that hand the rest of the question over to the previous one.
_CONNECTIVES = (
    "and what about",
    "and how about",
    "but what about",
    "what about",
    "how about",
    "what of",
    "same for",
    "same question for",
    "and also",
    "and",
    "but",
    "also",
    "or",
)
_WH = _word_set(
    "who whom whose what which when where why how whats what's hows how's wheres where's whos "
    "who's whens when's whys"
)
_AUX = _word_set("""is are was were be been do does did can could will would should shall may might must
    has have had isn't aren't wasn't weren't doesn't didn't don't can't won't""")
# Words that point back to something said before.
_ANAPHORA = _word_set("""it its it's they them their theirs this that these those he him his she her there then
    such""")
# Words carrying no topic of their own (question words, auxiliaries, pronouns, function words,
# and the vague verbs of follow-ups: "who did it", "how much does it cost").
_EMPTY = (
    _WH
    | _AUX
    | _ANAPHORA
    | _word_set("""a an the of to in on at by for from with about into over under after before since
        until during and or but so also too else more most much many long far often exactly
        really actually just only again then now yet any anything something some i me my we
        our you your one ones thing things please tell say said mean means meant happen happened
        happens get got go going come came make made do done doing cost costs take took kind
        sort way ok okay ?""")
)
# Short replies that are whole follow-ups on their own ("why?", "how so?").
_BARE = _word_set("""why how when where who what which whom whose really how-so more details example
    examples""")


@dataclass(frozen=True)
class Reading:
    """How a question is to be searched: alone, or with the previous question.

    `text` is what lexical matching reads; `weight` how much the previous question's vector
    counts in the blend (0 when alone); `read_as` the combined question shown to the member.
    """

    kind: Kind
    text: str
    read_as: str = ""
    weight: float = 0.0

    @property
    def combined(self) -> bool:
        """Whether the previous question is part of the reading."""
        return self.kind is not Kind.ALONE


def _words(text: str) -> list[str]:
    return [
        w.strip(".'’-").replace("’", "'") for w in _WORD.findall(text.lower()) if w.strip(".'’-")
    ]


def _content(words: list[str]) -> list[str]:
    """The words that name a topic (not question words, pronouns or function words)."""
    return [w for w in words if w not in _EMPTY and not w.isdigit()]


def _strip_connective(words: list[str]) -> tuple[list[str], bool]:
    """The words after an opening connective ("and", "what about"), and whether one was there."""
    for phrase in _CONNECTIVES:
        lead = phrase.split()
        if words[: len(lead)] == lead:
            return words[len(lead) :], True
    return words, False


def _leans_back(words: list[str]) -> bool:
    """A question that names at most one topic word and points back, or is a bare "why?".

    "who signed it?" and "is it binding?" lean back; "cerium and lanthanum, what are those
    for?" names its topic, so it stands alone even though it says "those".
    """
    if not words:
        return False
    content = _content(words)
    if len(words) <= 3 and all(w in _BARE or w in _EMPTY for w in words):
        return True  # "why?", "how much?", "from where?", "since when?", "how long?"
    return bool(_ANAPHORA.intersection(words)) and len(content) <= 1


def classify(question: str) -> Kind:
    """Whether `question` stands alone or leans on the previous question (and how).

    Conservative: only short questions that name (almost) nothing, point back with a pronoun,
    or open with "and"/"what about" followed by a short noun phrase are follow-ups.
    """
    words = _words(question)
    if not words or len(words) > 12:
        return Kind.ALONE
    rest, connected = _strip_connective(words)
    if connected:
        if not rest:
            return Kind.ALONE
        if rest[0] in _WH or rest[0] in _AUX:
            # "and who signed it?": a question of its own after the "and"
            return Kind.FRAME if _leans_back(rest) else Kind.ALONE
        if rest[0] in ("for", "since", "from", "until", "in", "by") and _leans_back(rest):
            return Kind.FRAME  # "and for how long?", "and since when?"
        # "and cerium?", "what about the United States?": a new topic for the old question
        return Kind.SWITCH if 1 <= len(_content(rest)) <= 4 else Kind.ALONE
    return Kind.FRAME if _leans_back(words) else Kind.ALONE


def is_follow_up(question: str) -> bool:
    """Whether the question would be read with the previous one, if there was one.

    Cheap and pure: the bot asks this before it spends a request finding the earlier question.
    """
    return classify(question) is not Kind.ALONE


def _join(previous: str, question: str) -> str:
    """The two questions as one readable line: "Where was it signed? Who signed it?"."""
    previous = " ".join(previous.split())
    question = " ".join(question.split())
    if previous and previous[-1] not in ".?!":
        previous += "?"
    return f"{previous} {question[:1].upper()}{question[1:]}"


def without_names(question: str) -> str:
    """The question less the names in it (capitalised words after the first, acronyms).

    What a *switch* follow-up replaces is usually the previous question's subject ("Who are the
    EU's partners?" then "and China?"): searching for the old name as well finds the old answer.
    """
    words = question.split()
    return " ".join(words[:1] + [w for w in words[1:] if not w[:1].isupper()])


def read(question: str, previous: str | None) -> Reading:
    """How to search for `question`, given the previous question of the conversation (or None).

    A self-contained question, or one with no previous question, is read alone.
    """
    kind = classify(question)
    previous = " ".join((previous or "").split())
    if kind is Kind.ALONE or not previous or previous.casefold() == question.casefold():
        return Reading(Kind.ALONE, question)
    joined = _join(previous, question)
    if kind is Kind.FRAME:
        return Reading(kind, joined, read_as=joined, weight=FRAME_WEIGHT)
    text = f"{without_names(previous)} {question}"
    return Reading(kind, text, read_as=joined, weight=SWITCH_WEIGHT)


def blend(question_vec: np.ndarray, previous_vec: np.ndarray, weight: float) -> np.ndarray:
    """The query vector of a follow-up: its own vector plus `weight` times the previous one.

    Both are unit vectors; the result is normalized again, so scores stay cosines and the
    abstention threshold keeps its meaning. With weight 0 it is the question's own vector.
    """
    mixed = np.asarray(question_vec, dtype=np.float32) + np.float32(weight) * np.asarray(
        previous_vec, dtype=np.float32
    )
    norm = float(np.linalg.norm(mixed))
    if norm == 0.0:  # opposite vectors at weight 1: fall back on the question itself
        return np.asarray(question_vec, dtype=np.float32)
    return (mixed / norm).astype(np.float32)
