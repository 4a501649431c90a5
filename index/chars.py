"""Character-level facts about text from outside: what is visible, what misleads, what is words.

Questions, titles and article files arrive from members, moderators and operators. Some of it is
not text a person can read: zero-width characters that make a "question" look empty to people but
not to code, bidirectional controls that make a title display reversed (`‮txt.exe`), lone
surrogates that cannot even be encoded, and bytes that happen to decode as Windows-1252 but form
no words. These pure functions say which is which, so every entry point refuses the same things.
"""

from __future__ import annotations

import unicodedata
from functools import cache

# Characters that change how the text around them is displayed: embeddings, overrides and
# isolates (U+202A–U+202E, U+2066–U+2069). In a title they can make it read backwards or hide
# part of it; nothing legitimate in a headline needs them.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

# Format characters that only ever get in the way of matching words and show nothing: zero-width
# space, word joiner, byte-order mark, soft hyphen, invisible maths operators, the Mongolian vowel
# separator, and the directional marks and controls. The zero-width (non-)joiners are kept: they
# are part of emoji sequences and of spelling in Persian and Indic scripts.
_DROPPABLE = (
    frozenset("\u200b\u2060\ufeff\u00ad\u2061\u2062\u2063\u2064\u180e\u200e\u200f\u061c")
    | BIDI_CONTROLS
)

# "Letters" and symbols that render as nothing: the Hangul fillers and the blank braille cell,
# which spammers use as invisible text.
_BLANK_GLYPHS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def is_visible(ch: str) -> bool:
    """Whether a character shows something by itself: a letter, number, punctuation or symbol.

    Spaces, controls, format characters (zero-width, bidi, tags), and combining marks or
    variation selectors without a base character show nothing.
    """
    return unicodedata.category(ch)[0] in "LNPS" and ch not in _BLANK_GLYPHS


def has_visible(text: str) -> bool:
    """Whether the text shows anything at all (zero-width-only text counts as empty)."""
    return any(is_visible(ch) for ch in text)


def pair_surrogates(text: str) -> str | None:
    r"""The text with surrogate pairs joined into their characters, or None if one is alone.

    A lone surrogate (from invalid UTF-8 read with `surrogateescape`, or a JSON `"\ud800"`) is
    not a character: it cannot be encoded, searched or shown, so such text must be refused.
    """
    if not any("\ud800" <= ch <= "\udfff" for ch in text):
        return text
    try:
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    except UnicodeDecodeError:
        return None


def drop_invisible(text: str) -> str:
    """The text without zero-width and directional format characters; blank glyphs as spaces.

    Controls other than line breaks and tabs become spaces too, so a stray NUL cannot join two
    words or reach a terminal.
    """
    out = []
    for ch in text:
        if ch in _DROPPABLE:
            continue
        if ch in _BLANK_GLYPHS or (unicodedata.category(ch) == "Cc" and ch not in "\n\t"):
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def bidi_controls_in(text: str) -> list[str]:
    """The bidirectional embedding/override/isolate characters in the text, as U+XXXX."""
    return sorted({f"U+{ord(ch):04X}" for ch in text if ch in BIDI_CONTROLS})


# --- is this language? -----------------------------------------------------------------------

# Scripts written without spaces between words: a run of them can be a whole sentence. Japanese
# mixes kanji, hiragana and katakana in one word, so they count as one script here.
_UNSPACED = frozenset({"CJK", "THAI", "LAO", "KHMER", "MYANMAR", "TIBETAN"})
_SCRIPT_ALIASES = {
    "HIRAGANA": "CJK",
    "KATAKANA": "CJK",
    "KATAKANA-HIRAGANA": "CJK",
    "IDEOGRAPHIC": "CJK",
    "HALFWIDTH": "CJK",
    "FULLWIDTH": "CJK",
}
# A word of a spaced script longer than this is not a word (German compounds stay well below).
_MAX_WORD_LETTERS = 40
# Share of letters that must sit in words of a plausible shape for the text to be language.
_MIN_PLAUSIBLE_SHARE = 0.5
# In text written in the Latin script, most letters are ASCII in every language (Vietnamese, the
# extreme, is about a third accented); text whose Latin letters are mostly accented is another
# encoding read as Windows-1252 (Cyrillic cp1251 shows as "Ïðåçèäåíò").
_MAX_ACCENTED_LATIN_SHARE = 0.6
# Enough of the text to judge it by, taken from its start, middle and end.
_SAMPLE_CHARS = 20_000


@cache
def script_of(ch: str) -> str:
    """The script of a letter, approximated by the first word of its Unicode name ("LATIN")."""
    word = unicodedata.name(ch, "UNKNOWN").split(" ", 1)[0]
    return _SCRIPT_ALIASES.get(word, word)


def _word_letters(core: str) -> tuple[int, bool, str]:
    """Letters in one word, whether the word is shaped like one, and its script.

    A plausible word has letters of one script, no symbols inside, a usual case pattern (lower,
    Title, UPPER, or at most two inner capitals as in "iPhone", "McDonald") and, in a spaced
    script, a plausible length. Digits, marks and inner punctuation ("U.S.", "COVID-19", "l'État")
    are allowed.
    """
    letters = 0
    scripts: set[str] = set()
    inner_capitals = 0
    lower = upper = 0
    symbol = False
    for i, ch in enumerate(core):
        cat = unicodedata.category(ch)
        if cat[0] == "L":
            if cat == "Lm":
                continue  # modifier letters (ʼ, ー, 々) belong to whatever script surrounds them
            letters += 1
            scripts.add(script_of(ch))
            if cat == "Lu" or cat == "Lt":
                upper += 1
                if i > 0 and unicodedata.category(core[i - 1])[0] == "L":
                    inner_capitals += 1
            elif cat == "Ll":
                lower += 1
        elif cat[0] == "S" or cat in ("Co", "Cn", "Cs"):
            symbol = True
    script = next(iter(scripts)) if len(scripts) == 1 else "MIXED"
    shaped = (
        letters > 0
        and len(scripts) == 1
        and not symbol
        and (lower == 0 or inner_capitals <= 2)
        and (script in _UNSPACED or letters <= _MAX_WORD_LETTERS)
    )
    return letters, shaped, script


def _sample(text: str) -> str:
    if len(text) <= 3 * _SAMPLE_CHARS:
        return text
    middle = len(text) // 2 - _SAMPLE_CHARS // 2
    return " ".join(
        (text[:_SAMPLE_CHARS], text[middle : middle + _SAMPLE_CHARS], text[-_SAMPLE_CHARS:])
    )


def language_problem(text: str) -> str:
    """Why the text is not written language ("" when it is), judged by the shape of its words.

    Bytes that are not text but happen to decode (random or compressed data read as
    Windows-1252, any file read as UTF-16) give "words" that mix scripts, upper and lower case
    and symbols, hundreds of letters long. Real text in any language is mostly words of one
    script and a usual case pattern. Text with no letters at all has nothing to quote.
    """
    total = plausible = latin = accented = 0
    for token in _sample(text).split():
        core = token.strip("".join(ch for ch in token if unicodedata.category(ch)[0] != "L"))
        if not core:
            continue
        letters, shaped, script = _word_letters(core)
        total += letters
        if shaped:
            plausible += letters
            if script == "LATIN":
                latin += letters
                accented += sum(1 for ch in core if ch > "\x7f" and ch.isalpha())
    if total == 0:
        return "no letters at all"
    if plausible < _MIN_PLAUSIBLE_SHARE * total:
        return f"only {plausible / total:.0%} of its letters form words"
    if latin and accented > _MAX_ACCENTED_LATIN_SHARE * latin:
        return "mostly accented letters: another encoding read as Windows-1252"
    return ""
