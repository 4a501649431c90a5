"""Turning delivered article files into clean, quotable text.

Everything here is a pure function over strings (or bytes), because what the bot quotes is only
as trustworthy as this step: a quote must never carry mojibake or page furniture, and the rules
must be general patterns, not the seed files' exact lines. The raw text is never modified on
disk; cleaning is recomputed from it at every build.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from index.chars import language_problem


class UndecodableError(ValueError):
    """The bytes are not article text (binary, or no encoding fits)."""


def _utf16_codec(data: bytes) -> str | None:
    """The codec of a UTF-16/32 file: by its byte-order mark, or by where its NUL bytes fall.

    Windows tools ("Unicode" in Notepad, PowerShell's `>`) write UTF-16. Without a BOM, text
    that is mostly ASCII still shows it: every other byte is NUL, the odd ones in little-endian.
    """
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return codec
    sample = data[:4096]
    if len(data) % 2 or len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd >= 0.3 * half and even <= 0.02 * half:
        return "utf-16-le"
    if even >= 0.3 * half and odd <= 0.02 * half:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes) -> str:
    """Decode an article file, refusing binary data instead of indexing garbage.

    UTF-8 (with or without BOM) is expected; UTF-16 (with a BOM, or recognised by its NUL bytes)
    and cp1252 are accepted because Windows tools and old exports still write them. Anything else
    with NUL bytes or mostly control characters is binary, and text whose "words" are not shaped
    like words of any language (random bytes that happen to decode as cp1252) is not text.
    """
    if not data.strip():
        return ""
    codec = _utf16_codec(data)
    if codec:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            raise UndecodableError(
                f"not valid {codec.upper()} text ({exc.reason} at byte {exc.start})"
            ) from exc
        text = text.removeprefix("\ufeff")
    elif b"\x00" in data:
        raise UndecodableError("binary data (NUL bytes)")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError as exc:
                raise UndecodableError(
                    f"not UTF-8 text ({exc.reason} at byte {exc.start})"
                ) from exc
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if controls > max(8, len(text) // 100):
        raise UndecodableError("binary data (control characters)")
    problem = language_problem(text) if text.strip() else ""
    # Mojibake ("æ—¥æœ¬" for 日本) is not word-shaped until it is repaired.
    if problem and language_problem(repair_mojibake(text)):
        raise UndecodableError(f"not text: {problem}")
    return text


# --- mojibake -------------------------------------------------------------------------------

# Single-byte code pages that UTF-8 text is commonly mis-decoded with. Undefined positions of a
# page fall back to cp1252, then to the Latin-1 control character, which is what "sloppy"
# decoders (browsers, Excel) produce.
_CODEPAGES = ("cp1252", "cp1257", "cp1250", "cp1251", "cp1253", "cp1254", "latin-1")
# Bytes no Windows code page can show: a decoder that met them usually dropped them.
_LOST_BYTES = (0x81, 0x8D, 0x8F, 0x90, 0x9D)
# When a lost byte must be guessed, prefer what such sequences most often were.
_GUESS_RANK = {"Pf": 0, "Pi": 1, "Pd": 2, "Mn": 3, "Lu": 4, "Ll": 4}
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


@cache
def _byte_candidates(codepage: str) -> dict[str, tuple[int, ...]]:
    """Which bytes each character may have been, most likely first.

    Sloppy decoders show 0x80-0x9F with cp1252's glyphs whatever the page, so a character can
    stand for more than one byte; the page's own mapping is tried first.
    """
    table: dict[str, list[int]] = {}
    for source in (codepage, "cp1252", "latin-1"):
        for byte in range(0x80, 0x100):
            if source == "latin-1" and byte >= 0xA0:
                continue  # only the C1 controls, as a last resort
            try:
                char = bytes([byte]).decode(source)
            except UnicodeDecodeError:
                continue
            if byte not in table.setdefault(char, []):
                table[char].append(byte)
    return {char: tuple(bytes_) for char, bytes_ in table.items()}


def _utf8_length(lead: int) -> int:
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


def _lost_byte_guess(seq: bytes, need: int) -> str | None:
    """The likeliest character for a UTF-8 sequence that lost one byte, or None."""
    guesses = []
    for lost in _LOST_BYTES:
        for pos in range(1, need):
            trial = seq[:pos] + bytes([lost]) + seq[pos:]
            try:
                char = trial.decode("utf-8")
            except UnicodeDecodeError:
                continue
            # VS16 (emoji presentation) is what usually follows a symbol like ⚠.
            rank = -1 if char == "\ufe0f" else _GUESS_RANK.get(unicodedata.category(char))
            if rank is not None:
                guesses.append((rank, char))
    return min(guesses)[1] if guesses else None


def _repair_run(run: str, codepage: str) -> str | None:
    """Re-decode one run of non-ASCII characters as UTF-8, or None if it was not mojibake."""
    table = _byte_candidates(codepage)
    # U+FFFD is what a strict decoder put for a byte it could not show ("â€�" for ”): the byte
    # is lost, which the decoder below already knows how to guess.
    run = run.replace("\ufffd", "")
    # A lone character ("Ö" in "Österreich", "É" in "Émile") is correct text, not a UTF-8
    # sequence that lost a byte: re-decoding it would only guess.
    if len(run) < 2 or len(run) > 64 or not all(ch in table for ch in run):
        return None

    def sequences(seq: bytes, i: int, need: int) -> list[tuple[bytes, int]]:
        # Every way to complete a UTF-8 sequence from run[i:], allowing one dropped byte.
        if len(seq) == need:
            return [(seq, i)]
        found = []
        if i < len(run):
            for byte in table[run[i]]:
                if 0x80 <= byte <= 0xBF:
                    found.extend(sequences(seq + bytes([byte]), i + 1, need))
        if len(seq) == need - 1:
            found.append((seq, i))
        return found

    def decode_from(i: int) -> str | None:
        if i == len(run):
            return ""
        for lead in table[run[i]]:
            need = _utf8_length(lead)
            if need == 0:
                continue
            for seq, j in sequences(bytes([lead]), i + 1, need):
                if len(seq) == need:
                    try:
                        char: str | None = seq.decode("utf-8")
                    except UnicodeDecodeError:
                        char = None
                else:
                    char = _lost_byte_guess(seq, need)
                if char is None:
                    continue
                rest = decode_from(j)
                if rest is not None:
                    return char + rest
        return None

    fixed = decode_from(0)
    return fixed if fixed and fixed != run else None


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was decoded with a Windows code page (`šŸ”´` → 🔴, `ā€œ` → “).

    Runs of non-ASCII characters are re-encoded with the code page that repairs the most of
    them, tolerating the bytes that such decoders silently drop. Correct non-ASCII text is left
    alone: it does not re-decode as UTF-8. (ftfy misses the Baltic page and turns a lost `”` into
    `†`, so it is not used.)
    """
    runs = set(_NON_ASCII_RUN.findall(text))
    if not runs:
        return text
    best: dict[str, str] = {}
    for codepage in _CODEPAGES:
        fixes = {run: fixed for run in runs if (fixed := _repair_run(run, codepage)) is not None}
        if len(fixes) > len(best):
            best = fixes
    if not best:
        return text
    return _NON_ASCII_RUN.sub(lambda m: best.get(m.group(0), m.group(0)), text)


def looks_like_mojibake(text: str) -> bool:
    """Whether some run of the text would still re-decode as UTF-8 (used by tests and checks)."""
    return any(
        _repair_run(run, cp) is not None
        for run in _NON_ASCII_RUN.findall(text)
        for cp in _CODEPAGES
    )


# --- page furniture -------------------------------------------------------------------------

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}})"
)
DATE_RE = re.compile(_DATE, re.IGNORECASE)  # a date as a page prints it: "Oct. 28, 2025", "2025-10-28"

# Words of a share bar: the networks and the verbs around them.
_SHARE_WORDS = (
    r"share|tweet|pin|e-?mail|print|copy link|facebook|twitter|x|linkedin|whatsapp|reddit"
    r"|telegram|pinterest|tumblr|messenger|flipboard|bluesky|mastodon|threads|instagram"
    r"|youtube|tiktok|weibo|wechat|vk|viber|sms|copy|link"
)
# Image and photo credits ("Featured Image by Kevin Schwarz from Pixabay"): not the report, but
# the article's own answer to "who took the photo?", so kept in the text (see `segment`).
CREDIT_LINE = re.compile(
    r"^(?:(?:featured |lead |header |cover )?(?:image|photo|picture|illustration)s?"
    r"(?: credits?)?\s*(?::|by\b|via\b|courtesy\b|source\b|from\b).{0,120}"
    r"|(?:photo|image) credit.{0,120})$",
    re.IGNORECASE,
)
# Lines that are never article text, whatever the site.
_FURNITURE_LINES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^(leave|post|add|write) a (comment|reply|response)\.?$",
        r"^\d*\s*comments?\.?$",
        r"^(this site|this page|this form) is protected by (h|re)captcha\b.*",
        r".*\b(h|re)captcha\b.*\b(privacy policy|terms of service)\b.*",
        r"^(thanks|thank you) for (reading|putting in the effort|your (comment|feedback)|"
        r"subscribing|sharing)\b.{0,80}$",
        r"^(share|tweet|pin|email|print|share this( article)?)+\s*:?\s*$",
        # a share bar: network names and share verbs only ("Facebook Twitter LinkedIn")
        rf"^(?:(?:{_SHARE_WORDS})(?:\s+(?:on|via|to|this|article|story|post|page|link))*"
        r"[\s,|·•/:]*)+$",
        r"^(tweet|share|pin|email|print)+\s*" + _DATE + r"\s*$",
        r"^(last )?(updated|published|posted)( on)?\s*:?\s*" + _DATE + r".{0,20}$",
        r"^by\s*:?\s*$",
        r"^(advertisement|sponsored|subscribe( now)?|sign up for our newsletter.*)$",
        r"^(read more|continue reading|see also)\s*:?.{0,80}$",
        r"^(?!\|)[\W_]{1,40}$",  # separators: ⸻, ***, ---, lone emoji
    )
]
# Headers that open a trailing list of links to other articles.
RELATED_HEADER = re.compile(
    r"^(related( (topics|news|articles|posts|stories|reading|content))?|you (may|might) also like"
    r"|more (news|stories|from .{1,40})|recommended( for you)?|popular posts|trending)\s*:?$",
    re.IGNORECASE,
)
# Calls to action of the publisher (law firms, newsletters), not part of the report.
_CONTACT = re.compile(
    r"(do not|don't) hesitate to (contact|reach out)|feel free to (contact|reach out)"
    r"|please (contact|reach out to|get in touch)|contact (us|our (team|office|attorneys))"
    r"|for more information,? (please )?(contact|call|email|visit)",
    re.IGNORECASE,
)
CONTACT_CHARS = 400  # a call to action is a line of the page; longer, it is the story's prose


def is_contact_line(line: str) -> bool:
    """Whether a line is the publisher's call to contact it ("do not hesitate to contact ...").

    Cleaning takes such lines out of the story; questions about whom to contact are answered
    from the same lines (`about.contact_lines`), so one test says what they are.
    """
    return bool(_CONTACT.search(line)) and len(line) < CONTACT_CHARS


_BYLINE = re.compile(r"^(?i:by)\s*:?\s+(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4})\s*$")
_NAME = re.compile(r"^[A-Z][\w'’-]*\.?(?:\s+[A-Z][\w'’-]*\.?){1,4}$")


@dataclass(frozen=True)
class Cleaned:
    """Cleaned text, what was removed (so nothing is lost silently), and metadata found."""

    text: str
    removed: tuple[str, ...] = ()
    author: str = ""
    date_text: str = ""


def _is_prose(line: str) -> bool:
    return len(line) > 100 and line.rstrip()[-1:] in '.!?"”’)'


def _leading_dateline(line: str) -> bool:
    """A short line that is a date glued to a site name ("October 28, 2025Clash Report")."""
    match = DATE_RE.match(line)
    if not match:
        return False
    rest = line[match.end() :].strip(" |·-–—,")
    return not rest or (len(rest.split()) <= 4 and not rest.endswith((".", "?", "!")))


def same_name(a: str, b: str) -> bool:
    """Whether two names are the same but for case, spaces and punctuation ("" matches nothing)."""
    norm = re.compile(r"[\W_]+")
    return bool(a) and norm.sub("", a).lower() == norm.sub("", b).lower()


def normalize_whitespace(text: str) -> str:
    """Unify line ends and spaces so spans and hashes do not depend on the exporter."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\xa0", " ").replace("\u200b", "").replace("\ufeff", "")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip("\n")


def clean_text(raw: str, *, outlet: str = "") -> Cleaned:
    """Repair the encoding and drop page furniture, keeping paragraphs, lists and tables.

    Furniture is recognised by general patterns (comment prompts, captcha notices, share
    widgets, bylines, datelines, "related" link lists, publisher calls to action). Image credits
    stay: they answer "who took the photo?" (`segment` keeps them out of quotes).
    The byline and dateline are returned as metadata rather than thrown away.
    """
    text = normalize_whitespace(repair_mojibake(raw))
    lines = text.split("\n")
    kept: list[str] = []
    removed: list[str] = []
    author = ""
    date_text = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            kept.append("")
            i += 1
            continue
        if RELATED_HEADER.match(stripped):
            # Drop the header and the link list under it: short, unpunctuated lines.
            j = i + 1
            while j < len(lines) and not _is_prose(lines[j]):
                j += 1
            removed.extend(x for x in lines[i:j] if x.strip())
            i = j
            continue
        if (
            re.match(r"^by\s*:?\s*$", stripped, re.IGNORECASE)
            and i + 1 < len(lines)
            and _NAME.match(lines[i + 1].strip())
        ):
            author = author or lines[i + 1].strip()
            removed.extend([line, lines[i + 1]])
            i += 2
            continue
        byline = _BYLINE.match(stripped)
        if byline and len(stripped) < 60:
            author = author or byline.group("name")
            removed.append(line)
            i += 1
            continue
        date_match = DATE_RE.search(stripped)
        if any(p.match(stripped) for p in _FURNITURE_LINES) or _leading_dateline(stripped):
            if date_match and not date_text:
                date_text = date_match.group(0)
            removed.append(line)
            i += 1
            continue
        if same_name(outlet, stripped) or (
            outlet and len(stripped) < 40 and same_name(outlet.replace(" ", ""), stripped)
        ):
            removed.append(line)
            i += 1
            continue
        if is_contact_line(stripped):
            removed.append(line)
            i += 1
            continue
        kept.append(line)
        i += 1
    cleaned = normalize_whitespace("\n".join(kept))
    return Cleaned(text=cleaned, removed=tuple(removed), author=author, date_text=date_text)


def parse_date(text: str) -> str:
    """An ISO date (YYYY-MM-DD) from a date as articles write it, or "" if there is none."""
    from datetime import datetime

    match = DATE_RE.search(text)
    if not match:
        return ""
    value = re.sub(r"\s+", " ", match.group(0).replace(",", "")).strip()
    # "October"/"Oct." -> "Oct" wherever the month stands ("28 October 2025"); digits untouched
    value = re.sub(r"\b([A-Za-z]{3})[A-Za-z]*\.?", lambda m: m.group(1), value)
    for fmt in ("%b %d %Y", "%Y-%m-%d", "%d %b %Y"):
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    return ""
