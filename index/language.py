"""Is a question in English? The embedding model and the articles are English only.

A question in Japanese or Russian gets near-random similarities, so the honest reply is not
"the articles don't cover that" but "I only read English". These pure functions tell, with no
model: by the script of the letters (most letters outside the Latin script), and, for Latin
script, by function words of a few common languages when no English one is present. Both are
conservative: a mostly-English question with a foreign name or term ("What is 希土類?") is English.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache


def _word_set(words: str) -> frozenset[str]:
    """A set of words written as one string (easier to read and edit than a list)."""
    return frozenset(words.split())


# Scripts named the way a reader knows them; others are called "<Script> script".
_LANGUAGE_OF_SCRIPT = {
    "HIRAGANA": "Japanese",
    "KATAKANA": "Japanese",
    "CJK": "Chinese",
    "HANGUL": "Korean",
    "THAI": "Thai",
}
# Words that are not English and are common in questions of each language. Words that are
# also English ("was", "die", "me", "son", "come") or common in names ("de", "la", "van") are
# left out, so that a name in an English question never tips it.
_FUNCTION_WORDS = {
    "Spanish": "el los las del qué que cómo dónde cuándo quién quiénes cuál cuánto cuántos por "
    "para es está fue firmó una uno sobre entre según acuerdo tierras raras",
    "French": "le les des est où quand qui pourquoi comment quel quelle quels combien une "
    "sont été avec pour dans sur accord signé entre",
    "German": "der das und ist wer wo wann warum wie welche welcher wurde wurden nicht ein "
    "eine mit für über zwischen abkommen unterzeichnet",
    "Portuguese": "os as onde quando quem porquê porque como qual quanto uma são foi acordo "
    "assinado com sobre entre não",
    "Italian": "il gli dove quando chi perché come quale quanto una sono stato accordo firmato "
    "tra sulla della",
}
_ENGLISH = _word_set("""the an is are was were what who whom whose where when why how which of and to in on
    for with did does do can will would could should has have had about from by this that it
    its they their there be been""")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@cache
def _script(char: str) -> str:
    """The Unicode script of a letter, from its name ("CYRILLIC SMALL LETTER A" -> CYRILLIC)."""
    try:
        name = unicodedata.name(char)
    except ValueError:
        return ""
    first = name.split(" ", 1)[0]
    return "CJK" if first == "CJK" else first


def _label(script: str) -> str:
    language = _LANGUAGE_OF_SCRIPT.get(script)
    if language:
        return language
    return f"{script.title()} script"


def foreign_script(text: str) -> str:
    """The language or script most of the question's letters are in, if not Latin ("" if Latin).

    Japanese is told by its kana (kanji alone read as Chinese); other scripts are named as
    scripts ("Cyrillic script"), since one script serves many languages.
    """
    scripts: Counter[str] = Counter()
    for char in text:
        if unicodedata.category(char).startswith("L"):
            scripts[_script(char)] += 1
    letters = sum(scripts.values())
    latin = scripts.pop("LATIN", 0)
    if letters < 2 or latin * 2 >= letters:
        return ""
    if scripts.get("HIRAGANA") or scripts.get("KATAKANA"):
        return "Japanese"
    script, _ = scripts.most_common(1)[0]
    return _label(script)


@cache
def _function_words() -> dict[str, frozenset[str]]:
    return {language: frozenset(words.split()) for language, words in _FUNCTION_WORDS.items()}


def foreign_latin(text: str) -> str:
    """The language of a Latin-script question with no English function word ("" if English).

    Needs at least two of that language's function words and none of English's, so that a
    name or a borrowed word never turns an English question away.
    """
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) < 3 or _ENGLISH.intersection(words):
        return ""
    hits = {
        language: sum(1 for w in words if w in vocabulary)
        for language, vocabulary in _function_words().items()
    }
    language, count = max(hits.items(), key=lambda item: item[1])
    if count >= 2 or (count >= 1 and "¿" in text):
        return language
    return ""


def not_english(text: str) -> str:
    """What the question is written in when it is not English ("" when it is, or may be)."""
    return foreign_script(text) or foreign_latin(text)
