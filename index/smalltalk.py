"""Telling small talk ("hi!", "thanks, that's useful!", "lol", "👍") from questions.

In an ask channel every message reaches the bot; answering "lol" with "the articles don't cover
that" is noise for the channel and pollutes `/stats` with non-questions. The classifier is pure
and deliberately conservative: a message is small talk only if *every* word in it is a word of
greeting, thanks, acknowledgement, laughter or farewell (or it has no words at all, only emoji
or punctuation). A question word, or any word about something, makes it a question, so a real
question is never mistaken for chatter. "help" and "what can you do" are asks for `/help`.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum


class Talk(StrEnum):
    """What a non-question message is."""

    GREETING = "greeting"
    THANKS = "thanks"
    FAREWELL = "farewell"
    LAUGH = "laugh"
    ACK = "ack"  # "ok", "got it", "makes sense"
    EMOJI = "emoji"  # no words at all: emoji, ":)", "!!!"
    HELP = "help"  # "help", "what can you do?": show /help


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_GREETING = _word_set(
    "hi hii hiii hello hello hey heya hiya howdy yo sup gm gn morning evening afternoon night "
    "greetings hallo hola bonjour o/"
)
_THANKS = _word_set("thanks thank thx ty tysm tyvm cheers appreciated appreciate kudos thankyou")
_FAREWELL = _word_set("bye goodbye byebye cya later ttyl farewell")
_LAUGH = _word_set("lol lmao lmfao rofl haha hahaha hahahaha hehe heh xd lul kek")
_ACK = _word_set(
    "ok okay okk k kk got it sure alright right yes yeah yep yup no nope nah fine understood "
    "noted see makes sense cool nice great awesome perfect amazing wow neat interesting good "
    "useful helpful true agreed indeed oh ah hmm hm"
)
# Words that only glue the above together ("thanks a lot", "that's so useful", "good one").
_GLUE = _word_set(
    "a an the you u so very really much lot lots that that's thats this is was it's its one "
    "and for all man guys everyone bot quotebot again too as well i i'll we there"
)
# Allowed after a thank-you only: "thanks for the answer".
_THANKS_FOR = _word_set("for the your answer answers help info information reply quotes quote work")
_HELP_PHRASES = frozenset(
    [
        "help",
        "help me",
        "help please",
        "please help",
        "commands",
        "what can you do",
        "what do you do",
        "what are you",
        "who are you",
        "how do i use you",
        "how do i use this",
        "how does this work",
        "how do you work",
        "what can i ask",
        "what can i ask you",
        "what do you know",
    ]
)
# Greetings that are questions in form only ("how's it going?", "what's up everyone"): taken
# out before the words are read, so what is left decides ("how's it going with the deal?" is
# a question: "deal" is about something).
_GREETING_QUESTIONS = re.compile(
    r"\b(how(?:'?s| is) (?:it|everyone|everybody|everything) (?:going|goin)|how are (?:you|u|ya|y'?all|we|"
    r"everyone|things)|how r (?:u|you|ya)|how(?:'?s| is) (?:everyone|everybody|everything|life)|"
    r"how (?:you|ya|u) doin'?g?|what'?s up|wh?at'?s good|wass?up|whaddup)\b"
)
_CUSTOM_EMOJI = re.compile(r"<a?:\w+:\d+>")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_MAX_WORDS = 8


def _words(text: str) -> list[str]:
    return [w.replace("’", "'") for w in _WORD.findall(text.casefold())]


def _known(word: str, vocabulary: frozenset[str]) -> bool:
    """Whether `word` is in `vocabulary`, stretched or not ("hiiii", "thaaanks", "looool")."""
    return (
        word in vocabulary
        or re.sub(r"(.)\1{2,}", r"\1\1", word) in vocabulary
        or re.sub(r"(.)\1+", r"\1", word) in vocabulary
    )


def small_talk(text: str) -> Talk | None:
    """What kind of small talk `text` is, or None when it is (or may be) a question.

    `text` is the message without mentions. Only short messages made entirely of small-talk
    words (or of no words) are small talk; anything else is left to the articles.
    """
    stripped = _CUSTOM_EMOJI.sub(" ", text).strip()
    words = _words(stripped)
    if _GREETING_QUESTIONS.search(" ".join(words)):
        words = [*_words(_GREETING_QUESTIONS.sub(" ", " ".join(words))), "hi"]
    if not stripped:
        return Talk.EMOJI if text.strip() else None
    if not any(unicodedata.category(c)[0] not in "CZ" for c in stripped):
        return None  # only invisible or broken characters: the question check refuses it
    if not words:
        return Talk.EMOJI  # emoji, punctuation, ":)" and the like
    phrase = " ".join(words).replace("'", "")
    if phrase in {p.replace("'", "") for p in _HELP_PHRASES}:
        return Talk.HELP
    if len(words) > _MAX_WORDS or any(ch.isdigit() for ch in stripped):
        return None
    found: list[Talk] = []
    unknown: list[str] = []
    for word in words:
        for kind, vocabulary in (
            (Talk.THANKS, _THANKS),
            (Talk.GREETING, _GREETING),
            (Talk.FAREWELL, _FAREWELL),
            (Talk.LAUGH, _LAUGH),
            (Talk.ACK, _ACK),
        ):
            if _known(word, vocabulary):
                found.append(kind)
                break
        else:
            if word not in _GLUE:
                unknown.append(word)
    if unknown and not (Talk.THANKS in found and all(w in _THANKS_FOR for w in unknown)):
        return None  # a word about something: a question, or may be one
    if not found:
        return None  # only glue words ("is that so"): better asked than ignored
    if "?" in stripped and any(kind is not Talk.GREETING for kind in found):
        return None  # "is that true?", "ok?": asked, so answered (or declined) as a question
    # The most telling kind wins: thanks over greetings over the rest ("ok thanks!").
    for kind in (Talk.THANKS, Talk.GREETING, Talk.FAREWELL, Talk.LAUGH, Talk.ACK):
        if kind in found:
            return kind
    return None  # pragma: no cover - found is never empty here
