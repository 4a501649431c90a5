r"""Members' text made safe to search, log and store: no lone surrogates, no invisible characters.

Discord hands the bot JSON strings, and JSON can carry a lone UTF-16 surrogate (`"\ud800"`):
Python keeps it as a character that cannot be encoded, so the tokenizer, the answer log and the
reply all failed on it with a traceback. Invisible format characters (zero-width spaces, joiners,
byte-order marks, bidirectional controls) made a question that looks empty count as asked.
Both are taken out here, at the boundary, so the rest of the bot only ever sees plain text; a
question that is empty afterwards is refused like any empty question.
"""

from __future__ import annotations

import unicodedata

# Invisible characters that separate words: they become a space, the others disappear.
_WORD_BREAKS = frozenset("\u200b\u2028\u2029\u180e")


def visible_text(text: str) -> str:
    r"""`text` without lone surrogates and invisible format characters (pure).

    Control characters (tabs, newlines...) and zero-width spaces become spaces; other format
    characters (joiners, soft hyphens, byte-order marks, direction overrides, tags) are removed,
    so "rare\u00adearths" stays one word. Letters, digits, punctuation and symbols are kept
    (an emoji sequence held together by zero-width joiners falls apart into its emoji).
    """
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category == "Cs":  # a surrogate alone: a valid pair is already one character
            continue
        if category == "Cc" or char in _WORD_BREAKS:
            kept.append(" ")
        elif category != "Cf":
            kept.append(char)
    return "".join(kept)
