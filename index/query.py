"""Reading a member's question before searching: typos, slang, short forms, answer type.

A typo in the key word ("stockpiel", "takachi") makes the lexical retriever miss and the
embedding model wander, so words the corpus does not know are corrected to the closest word it
does know — but only when the word is not ordinary English (a corpus without "jobs" must not
turn "jobs" into "jobe"): general word frequencies from `wordfreq` tell the two apart, and
`rapidfuzz` finds the closest corpus word. Then short forms and capital cities are expanded
(index.lexicon), and what is left unknown to the corpus is kept as an abstention signal: a
question about a name no article mentions is rarely answered by them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

import jellyfish
from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel

from index.answer_types import (
    AMOUNTS,
    CAUSE_FRAME,
    EXACT_DATE_ASKED,
    MONTHS_PATTERN,
    NUMBER_WORD,
    PURPOSE_ADJECTIVES,
    AnswerType,
    asks_agency,
    asks_company,
    describes_org,
    expected_type,
)
from index.lexical import STOPWORDS, surface_words, tokenize
from index.lexicon import (
    ALIASES,
    CAPITALS,
    DEAL_NOUNS,
    DEMONYMS,
    FILLER,
    IDIOMS,
    INSTITUTIONS,
    LIST_WORDS,
    TABLE_NOUNS,
    TABLE_WORDS,
    TRADE_WORDS,
    city_names,
    element_names,
    names_a_text,
    place_names,
    region_names,
)
from index.segment import sentences

COMMON_ZIPF = 3.2  # wordfreq's Zipf scale: >= this is an everyday English word
# Hedging adverbs among the filler words, as search terms: "exactly" is searched as "exact",
# which the word itself never matches ("when exactly did they sign" had matched "exact
# investment amounts"); "already" as "alreadi" ("does japan already know how to pull minerals
# out of old electronics" had matched "We've already received large new orders").
_FILLER_TERMS = frozenset(
    t
    for word in ("exactly", "actually", "really", "basically", "literally", "apparently", "already")
    for t in tokenize(word)
)
# The words setting something aside ("besides minerals", "apart from japan"): no topic.
_SETTING_ASIDE = frozenset(tokenize("besides apart aside except"))
# A three-letter word is corrected only if rarer than this: "lgn" (1.6, from chat logs) meant
# LNG, while "abt" and "rly" (above 2) are chat forms that an edit would turn into other words.
TYPO_ZIPF_3 = 2.0
RARE_ZIPF = 3.8  # an unknown word rarer than this is probably a name or a specific term


@cache
def english_words() -> frozenset[str]:
    """A spell checker's English word list (symspellpy's, from Google Books and SCOWL).

    Word frequencies alone cannot tell a rare word from a typo: wordfreq counts "levers",
    "fission" and "roped" about as often as "goverment", "recieve" and "seperate" (Zipf 2.6-3.2),
    because people type the misspellings too. A spell checker's list has the words only.
    """
    from importlib.resources import files

    text = (files("symspellpy") / "frequency_dictionary_en_82_765.txt").read_text(encoding="utf-8")
    return frozenset(line.split(" ", 1)[0] for line in text.splitlines() if line)


@cache
def zipf(word: str) -> float:
    """How common a word is in English (Zipf scale, 0 for unknown words)."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


@cache
def common_english(least: float = 3.0) -> frozenset[str]:
    """English words at least this common (Zipf), for looking up many strings at once.

    Typo candidates go through this set, not `zipf`, whose cache would keep every string tried.
    """
    from wordfreq import get_frequency_dict

    floor = 10 ** (least - 9)  # Zipf is log10 of frequency per billion words
    return frozenset(w for w, f in get_frequency_dict("en").items() if f >= floor)


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def one_edit(word: str, letters: str = _LETTERS) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion from a word.

    Looking these up costs the same whatever the corpus's size (a few hundred set look-ups),
    where comparing with each word of a 100,000-passage vocabulary would not.
    """
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return (
        {a + b[1:] for a, b in splits if b}
        | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
        | {a + c + b[1:] for a, b in splits if b for c in letters}
        | {a + c + b for a, b in splits for c in letters}
    ) - {word}  # not the word itself: a neighbour-only word read as unknown is no typo of itself


# Where each letter sits on a QWERTY keyboard (rows staggered as on the keys), to tell a slip
# of the finger from a letter typed in place of a far one.
_KEY_AT = {
    ch: (row, col + (0.0, 0.25, 0.75)[row])
    for row, keys in enumerate(("qwertyuiop", "asdfghjkl", "zxcvbnm"))
    for col, ch in enumerate(keys)
}


def far_substitution(word: str, cand: str) -> bool:
    """Whether `cand` is `word` with one letter swapped for one far from it on the keyboard.

    Typing drops or doubles a letter, swaps two, or hits the key beside the one meant; it
    seldom puts "c" for "t". So "wich" meant "which" (a letter dropped), not "with", though
    both are one edit away and "with" is the commoner word.
    """
    if len(word) != len(cand):
        return False
    diff = [(a, b) for a, b in zip(word, cand, strict=True) if a != b]
    if len(diff) != 1:
        return False
    a, b = (_KEY_AT.get(c) for c in diff[0])
    return a is None or b is None or (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2 > 2.0


# Letters at least of each half of a word run together and misspelt (`Vocabulary.split`).
SPLIT_TYPO_HALF = 4
# A word spelt as it sounds ("coalishun", "tarrif") is read as the corpus word that sounds the
# same (one Metaphone key) when no word is within `correct`'s edits: of six letters or more, a
# key of three sounds or more, and still this alike letter by letter (normalised Indel
# similarity), so "lowkey" is not "like", nor the five-letter name "lynas" "loans".
PHONETIC_LENGTH = 6
PHONETIC_KEY = 3
PHONETIC_SIMILARITY = 0.65
# Corpus words keyed by sound: four letters or more, the word meant being at most two letters
# shorter than the six or more typed (shorter still, too little is left to match by sound).
SOUNDED_LENGTH = 4
MISSPELT_LENGTH = 6  # letters of a word read as a corpus word misspelt two edits away (see `near`)


@dataclass(frozen=True)
class Vocabulary:
    """The corpus's words as written (lower-cased), with how many passages use each."""

    counts: Mapping[str, int]
    # Words by (length, first letter): a typo two edits away is only looked for among words
    # sharing its first letter, so a look-up reads a sliver of a big corpus's vocabulary.
    by_start: Mapping[tuple[int, str], tuple[str, ...]] = field(default_factory=dict)
    letters: str = ""  # every character the words use, for the strings one edit away
    # Longer words by Metaphone key, for a word spelt as it sounds (`PHONETIC_LENGTH`).
    by_sound: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, counts: Mapping[str, int]) -> Vocabulary:
        """Index the words by length and first letter, and by sound, for fast typo look-ups."""
        buckets: dict[tuple[int, str], list[str]] = {}
        sounds: dict[str, list[str]] = {}
        for word in counts:
            if word:
                buckets.setdefault((len(word), word[0]), []).append(word)
            if len(word) >= SOUNDED_LENGTH and word.isalpha():
                sounds.setdefault(jellyfish.metaphone(word), []).append(word)
        letters = "".join(sorted({c for word in counts for c in word}))
        return cls(
            counts,
            {k: tuple(ws) for k, ws in buckets.items()},
            letters,
            {k: tuple(ws) for k, ws in sounds.items()},
        )

    def __contains__(self, word: object) -> bool:
        return word in self.counts

    def correct(self, word: str) -> str | None:
        """The corpus word a misspelt word most likely meant, or None.

        Only words of 4+ letters that are neither in the corpus nor everyday English nor any
        English word at all are corrected ("fission" is not a typo of "fusion", nor "levers" of
        "levels"); within one edit (two for 7+ letters, transpositions counting as one), the
        candidate used by most passages wins, one sharing the first letter is preferred, and
        a letter swapped for a far key is the last reading (`far_substitution`).
        A word two edits away must share the first letter, so only those words are compared;
        words one edit away are looked up, not searched for. With none that near, a word of six
        letters or more spelt as it sounds ("coalishun") is the corpus word sounding the same
        (`_sounds_like`), looked up by its Metaphone key.
        """
        if not word.isalpha() or word in self.counts or zipf(word) >= COMMON_ZIPF:
            return None
        if word in english_words() or word in place_names():
            return None  # a word, or a place ("chiba" is not "china" misspelt)
        if len(word) < 3 or (len(word) == 3 and zipf(word) >= TYPO_ZIPF_3):
            return None  # three letters: only non-words ("lgn"), to a word of the same initial
        limit = 1 if len(word) < 7 else 2
        found = {cand: 1 for cand in one_edit(word, self.letters) if cand in self.counts}
        if limit == 2:
            for cand, d in self._within_two_edits(word):
                found.setdefault(cand, d)
        best: tuple[int, bool, int, int, str] | None = None
        for cand, d in found.items():
            if cand[0] != word[0] and (len(word) <= 3 or (d == limit and limit > 1)):
                continue
            key = (d, far_substitution(word, cand), 0 if cand[0] == word[0] else 1, -self.counts[cand], cand)
            if best is None or key < best:
                best = key
        if best is None and len(word) >= PHONETIC_LENGTH:
            return self._sounds_like(word)
        return best[4] if best else None

    def _sounds_like(self, word: str) -> str | None:
        """The corpus word spelt as the word sounds, the one most passages use; None if none."""
        key = jellyfish.metaphone(word)
        if len(key) < PHONETIC_KEY:
            return None
        alike = [
            cand
            for cand in self.by_sound.get(key, ())
            if Indel.normalized_similarity(word, cand) >= PHONETIC_SIMILARITY
        ]
        return max(alike, key=lambda c: (self.counts[c], c)) if alike else None

    def near(self, word: str) -> bool:
        """Whether a six-letter word is two edits at most from a corpus word of its initial.

        Not a correction (`correct` keeps one edit below 7 letters, so "levers" stays itself),
        but enough to say a word may be a misspelling rather than a name: "emprer" is two edits
        from "emperor", and a question about the emperor is not about something no article has.
        Longer words are `correct`'s, with its guards ("akazawa" is a minister, not "akasaka").
        """
        if len(word) != MISSPELT_LENGTH or not word.isalpha():
            return False
        # Not the word itself or its possessive ("sojitz's"): a neighbouring story's word is in
        # the vocabulary, unknown when the main story answers.
        return any(not cand.startswith(word) for cand, _ in self._within_two_edits(word))

    def _within_two_edits(self, word: str) -> Iterator[tuple[str, int]]:
        """Corpus words sharing the word's initial, two edits away at most (OSA), with the count.

        Only the buckets of lengths within two of the word's are compared, so a look-up reads a
        sliver of a big corpus's vocabulary.
        """
        for n in range(len(word) - 2, len(word) + 3):
            bucket = self.by_start.get((n, word[0]), ())
            for cand, d, _ in process.extract(word, bucket, scorer=OSA.distance, score_cutoff=2, limit=None):
                yield cand, int(d)

    def split(self, word: str) -> str | None:
        """Two corpus words run together ("primeminister" -> "prime minister"), or None.

        Only for a string no English list has ("besides", "weekend" stay whole), split where
        both halves, of three letters or more, are words the corpus has; of several such
        splits, the one whose rarer half more passages use. A look-up per split point, so
        the cost does not grow with the corpus.
        """
        if len(word) < 6 or not word.isalpha() or word in self.counts or word in english_words():
            return None
        best: tuple[int, str] | None = None
        for i in range(3, len(word) - 2):
            a, b = word[:i], word[i:]
            if a in self.counts and b in self.counts:
                key = (min(self.counts[a], self.counts[b]), f"{a} {b}")
                best = key if best is None or key > best else best
        if best is None and len(word) >= 2 * SPLIT_TYPO_HALF:
            # "whitehosue": run together and misspelt, one half a letter off a corpus word. Both
            # halves long, so a name no article has ("lutnock") is not read as two short words
            # a letter off.
            for i in range(SPLIT_TYPO_HALF, len(word) - SPLIT_TYPO_HALF + 1):
                a, b = word[:i], word[i:]
                for exact, typo, first in ((a, b, False), (b, a, True)):
                    if exact not in self.counts or typo in english_words():
                        continue
                    for fix in one_edit(typo, self.letters) & self.counts.keys():
                        if len(fix) >= SPLIT_TYPO_HALF and fix[0] == typo[0]:
                            key = (min(self.counts[exact], self.counts[fix]), f"{fix} {exact}" if first else f"{exact} {fix}")
                            best = key if best is None or key > best else best
        return best[1] if best else None


# Letters at least of a word a member split in two ("taka ichi", "stock piling"): shorter
# joins are as often two words ("any one").
JOIN_LENGTH = 6
_LATIN_WORD = re.compile(r"[A-Za-z]+")


def joined_words(question: str, vocab: Vocabulary) -> str:
    """Words split in two that the corpus writes as one ("taka ichi" -> "takaichi").

    Voice typing and phone keyboards break names and compounds ("stock piling", "ship
    building"); one half then reads as a word no article has, or as another word altogether
    ("stock" as the stock market). Only where the two halves, joined, are a word the corpus
    uses and one of them is not.
    """
    words = list(_LATIN_WORD.finditer(question))
    out: list[str] = []
    last = 0
    n = 0
    while n < len(words):
        a = words[n]
        if n + 1 < len(words):
            b = words[n + 1]
            whole = (a.group(0) + b.group(0)).lower()
            if (
                question[a.end() : b.start()] == " "
                and len(whole) >= JOIN_LENGTH
                and whole in vocab
                and (a.group(0).lower() not in vocab or b.group(0).lower() not in vocab)
            ):
                out.append(question[last : a.start()] + a.group(0) + b.group(0))
                last = b.end()
                n += 2
                continue
        n += 1
    out.append(question[last:])
    return "".join(out)


_HASHTAG = re.compile(r"(?<![\w#])#([A-Za-z][A-Za-z0-9_]*)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


# "history nerd question: does anyone compare this to ...", "policy q — which agency ...",
# "dumb question but": a label the asker puts on the question, not what it asks about.
_LABEL = re.compile(r"^\W*(?:[\w'’-]+\s+){0,3}(?:question|q|qn)\s*(?:[:—–-]+|\bbut\b)\s*", re.IGNORECASE)


def unlabelled(question: str) -> str:
    """The question without a label put before it ("quick question: when ..." -> "when ...")."""
    rest = _LABEL.sub("", question, count=1)
    rest = _PREFACE.sub("", rest if rest.strip() else question, count=1)
    return rest if rest.strip() else question


# Words a chat message opens with that only join it to the talk ("and the nuclear part?", "ok
# so ..."): the model reads "and the nuclear part" as about conjunctions and parts, and ranks the
# article's lede ("a multi-part framework covering ...") over its nuclear paragraph.
_PREFACE = re.compile(
    r"^\W*(?:(?:and|ok|okay|k|so|but|also|plus|wait|well|oh|hmm+|alright|yeah|yo|hey|um+|uh+)(?=[\s,.!]+\S)[\s,.!]*)+",
    re.IGNORECASE,
)


def hashtags_read(question: str, vocab: Vocabulary) -> str:
    """Hashtags as the words they run together ("#RareEarths" -> "Rare Earths"), or as nothing.

    A tag labels a post ("#raremetals when was the deal signed"); read as a word it is a name
    no article has, and the question is declined for it. Capitals mark its words; a tag in
    lower case is read apart only where it is two corpus words run together (`Vocabulary.split`),
    and otherwise left out. "#1" is a rank, not a tag.
    """

    def read(m: re.Match[str]) -> str:
        body = m.group(1).replace("_", " ")
        if _CAMEL.search(body):
            return _CAMEL.sub(" ", body)
        if body.lower() in vocab:
            return body
        return vocab.split(body.lower()) or " "

    return _HASHTAG.sub(read, question)


ENGLISH_TYPO_LENGTH = 6  # letters at least: shorter non-words are as often chat or short forms
ENGLISH_TYPO_ZIPF = 3.5  # the word meant is at least this common


def english_typo(word: str, question: str = "") -> str | None:
    """The everyday English word a misspelt word one edit away meant, when the corpus has neither.

    `Vocabulary.correct` fixes typos of the articles' own words; members misspell everyday
    words too ("simmilar", "shipmnts"), and left as they are such a word reads as a rare name
    no article has, and the model reads a string it does not know. Corrected, it is an
    everyday word: its stem may be the corpus's ("procss" -> process, as in "processing"), and
    if not, it is looked up among the corpus's own everyday words like any other.
    Only words of six letters or more that no English list has, to the commonest word one edit
    away with the same first letter, and never a word the member capitalises (a name).
    """
    if len(word) < ENGLISH_TYPO_LENGTH or not word.isalpha() or word in english_words():
        return None
    if zipf(word) >= TYPO_OF_ZIPF or word in place_names():
        return None
    for m in re.finditer(rf"\b{word[0].upper()}{re.escape(word[1:])}\b", question):
        if not starts_sentence(question, m.start()):
            return None  # capitalised inside a sentence: a name
    common = common_english(TYPO_OF_ZIPF)  # the set `_name_like` already holds
    found = [c for c in one_edit(word) if c[0] == word[0] and c in common and zipf(c) >= ENGLISH_TYPO_ZIPF]
    return max(found, key=lambda c: (zipf(c), c)) if found else None


def _edits(a: str, b: str) -> int:
    """Edits between two words, a swap of neighbours counting as one (as `Vocabulary.correct` counts)."""
    return int(OSA.distance(a, b))


def starts_sentence(question: str, start: int) -> bool:
    """Whether a word at `start` opens a sentence (or a quote, a bracket, a clause after a colon).

    A capital there says nothing; inside a sentence it makes the word a name.
    """
    before = question[:start].rstrip()
    return not before or before[-1] in ".!?:;\"“("


@dataclass(frozen=True)
class Query:
    """A question as the retrievers will use it."""

    text: str  # as asked (validated)
    search_text: str  # typos corrected: what the embedding model reads
    terms: tuple[str, ...]  # stemmed terms for BM25 and coverage (question words first)
    weights: tuple[float, ...]  # per term: question words 1.0, expansions less
    expected: AnswerType | None
    corrections: tuple[tuple[str, str], ...] = ()
    unknown: tuple[str, ...] = ()  # content words no passage uses (after correction)
    unknown_rare: tuple[str, ...] = ()  # those that are not everyday English (names, terms)
    wants_table: bool = False
    points_table: bool = False  # "in the table, what's japan's approach": the table itself is pointed at
    whole_table: bool = False  # "what does the chart show": the table as a whole, no row named
    wants_list: bool = False
    content_words: int = 0
    head_unknown: bool = False  # the noun the question asks about ("which agency") is unknown
    vague: bool = False  # points at "this"/"the deal" and names nothing the corpus lacks
    casual: bool = False  # points at "this"/"it" and names, of what the corpus lacks, only everyday words
    named: tuple[str, ...] = ()  # stemmed terms of uncommon words the corpus has (names, terms)
    specific_unknown: int = 0  # unknown words that are not everyday English (zipf < 5)
    speaker: tuple[str, ...] = ()  # for "what did X say": X's stemmed terms
    question_numbers: tuple[str, ...] = ()  # numbers the question itself mentions
    head_terms: tuple[str, ...] = ()  # stemmed terms of the known words naming what is asked for
    unknown_places: tuple[str, ...] = ()  # places named that no article mentions ("taiwan", "new york")
    unknown_names: tuple[str, ...] = ()  # capitalised names no article mentions ("toyota", "mona lisa")
    unknown_months: tuple[str, ...] = ()  # months named that no article mentions ("april"), and years after them all ("2026")
    counted: str = ""  # "how many jobs": the stemmed noun counted ("job")
    measured: tuple[str, ...] = ()  # "how many tonnes of neo magnets": what the unit measures ("neo", "magnet")
    part_of: str = ""  # "how much of the 550bn goes to X": the amount whose part is asked ("550 billion")
    place_words: int = 0  # content words the corpus knows that only name a place ("tokyo")
    places: tuple[str, ...] = ()  # every place named (seats of government aside): "taiwan", "osaka"
    advice: bool = False  # asks for advice for the asker's own life ("how do I ...", "recommend me")
    page_part: bool = False  # asks for a part of a page ("the FAQ", "the interesting facts bit")
    fact: tuple[str, ...] = ()  # an encyclopedia's fact asked ("the capital of australia"): its terms
    price: bool = False  # a price per unit asked ("whats neodymium going for per kg")
    kind: str = ""  # "which louisiana lng terminal": the kind of facility whose name is asked (stem)
    trip_to: str = ""  # "when is takaichi going to washington": the place someone travels to
    signer: bool = False  # "who signed the paperwork for the 550bn vehicle": who put a name to it
    exact_date: bool = False  # "whats the exact date the six month window closes": a day of the calendar
    specific: tuple[str, ...] = ()  # "how much is japan putting into SMRs specifically": the part's terms
    elements: tuple[str, ...] = ()  # chemical elements named that the corpus has ("lithium")
    summary: bool = False  # asks for the story in short ("tldr?", "what's the gist") and names nothing unknown
    outcome: bool = False  # asks how an event turned out ("how did the Xi meeting go")
    after_story: bool = False  # asks what has happened since ("has china hit back yet")
    occasion: tuple[str, ...] = ()  # "what did trump say on the carrier": the occasion's stemmed terms
    name: bool = False  # asks for something's name ("what's the name of the one mine")
    region: bool = False  # asks which state, province or prefecture ("which state gets the plant")
    city: bool = False  # asks which city or town ("which city is the apec summit in")
    wants_elements: bool = False  # asks which elements or minerals ("which rare earths do they name")
    term: bool = False  # asks how long an agreement holds ("does it expire", "how long is it valid")
    office: tuple[str, ...] = ()  # "who is japan's foreign minister": the office's stemmed words
    where: bool = False  # opens with "where"
    parallel: bool = False  # "did south korea sign a similar deal": another party's deal like this one
    deal_parties: frozenset[str] = frozenset()  # "the us-australia deal": the countries a deal is named by
    member: tuple[str, ...] = ()  # "is the minamitorishima mud project part of this": its named terms
    topics: tuple[str, ...] = ()  # `TOPICS` asked: "did rare earth stocks pop" -> ("market",)
    owners: tuple[str, ...] = ()  # places named as owners: "what share of japan's rare earths" -> ("japan",)
    doers: tuple[str, ...] = ()  # places doing what is measured: "how much rare earth does japan mine" -> ("japan",)
    between: tuple[str, ...] = ()  # places named apart: "what % of japan's imports come from china" -> both
    next_meeting: bool = False  # "when's the next trump takaichi summit": a meeting still to come
    met: tuple[str, ...] = ()  # "did takaichi meet xi too": the terms of the two who met
    offered: frozenset[str] = frozenset()  # "is jbic or the dfc handling it": terms of the answers guessed
    org_described: bool = False  # "which us agency": an organisation asked for by a description
    company: bool = False  # "which company runs the mine": a company, not a government body
    agency: bool = False  # "which japanese agency runs the stockpile": a government body, not a bloc
    leans: bool = False  # points at the story ("it", "the deal") and names little else ("any deadline on it?")
    raised: bool = False  # asks whether something came up in the story ("was taiwan brought up at all")
    talk: bool = False  # asks what people talked about ("what did trump and the emperor discuss")
    prior: bool = False  # asks a value before a change it states ("the tariff before it dropped to 15")
    use_of: str = ""  # the one element whose use is asked ("what is dysprosium used for")
    points: bool = False  # points at the story ("the price floor in this deal"), whatever else it names
    said_about: tuple[tuple[str, ...], ...] = ()  # "what does the blog say about nuclear power": each word's terms
    defined: str = ""  # "what do they mean by optical materials": the words whose meaning is asked
    besides: frozenset[str] = frozenset()  # "besides japan, who ...": terms of what is set aside
    contingent: frozenset[str] = frozenset()  # "in case beijing cuts them off": terms of a contingency
    # Terms of the everyday words asked with ("cost", "agency", "run"), not names, places or
    # elements: a neighbouring story having one of them does not make the question its own.
    everyday: frozenset[str] = frozenset()


NAMED_ZIPF = 4.0  # a known word rarer than this names something specific ("Farrell", "JERA")
SPECIFIC_ZIPF = 5.0  # an unknown word rarer than this names something (a topic, a thing)
# ... but one at least this common is a member's everyday word ("legit", "personally", "bigger"),
# which a question pointing at the story ("is it legit", "whats the bigger picture with all
# this") uses to ask about it, not to name something else (see Query.casual)
EVERYDAY_ZIPF = 4.0
# A question that points at "this", "the deal", "they" leans on the conversation's topic: in a
# channel about the articles, that is the articles' story; so does "the minerals deal", a deal
# described by its kind only (not "the australia deal", named by a party).
_DEAL_KIND = r"(?:(?:new|big|whole|latest|recent|trade|minerals?|rare earths?|critical minerals?) )?"
_POINTERS = rf"this|that|these|those|they|them|their|it|its|the {_DEAL_KIND}(?:thing|{DEAL_NOUNS}"
_DEICTIC = re.compile(rf"\b({_POINTERS}|article|story|news|plan))\b", re.IGNORECASE)
# The same pointers to the story itself, without "the article", "the story" and the like (they
# describe an article: "who put out the article about MP Materials"); with at most this many
# content words the question names too little to be about anything but the conversation's story.
_STORY_POINTER = re.compile(rf"\b({_POINTERS}))\b", re.IGNORECASE)
LEANING_WORDS = 3
# "what was the tariff before it got cut to 15", "the original deadline they moved it up from":
# the value before a change the question itself states, which a quote restating the new value
# does not give.
_PRIOR = re.compile(
    r"\bbefore (?:it|they|that|this) (?:was |were |got |had )?(?:dropped|dropping|fell|fall|went|go|cut|lowered|reduced|raised|moved|changed|brought)\b|"
    r"\b(?:moved|brought|pulled|pushed) (?:it |them |that |the \w+ )?(?:up|forward|back) from\b|"
    r"\boriginal(?:ly)? (?:deadline|target|date|timeline|plan|rate|tariff|goal|level)\b|"
    r"\bused to be\b|\bwhat (?:was|were) (?:it|they) (?:before|previously|originally)\b",
    re.IGNORECASE,
)
# "what did trump and the emperor talk about", "what did they discuss": what was said between
# people, which a quote reporting only that they met does not tell ("a meeting with Emperor
# Naruhito"). Not a text's subject ("which articles talk about stockpiles"), nor talks ahead
# ("what will trump and xi discuss": "the leaders are expected to discuss trade relations").
_TALK = re.compile(
    r"\bwhat (?:did|have|had)\s+(?P<who>[^?!.]{2,50}?)\s+"
    r"(?:talk(?:s|ed)? about|chat(?:s|ted)? about|discuss(?:es|ed)?)(?:\s+(?:together|exactly|actually))?\s*(?:[?!.]|$|\b(?:at|during|on|in|when|while|over)\b)",
    re.IGNORECASE,
)
# "did the nippon steel thing come up at the summit", "was taiwan brought up at all": whether
# something was spoken of at the story's event, which a neighbouring story about that thing
# does not tell ("Nippon Steel completed its acquisition ..." says nothing of the summit).
_RAISED = re.compile(
    r"^\W*(?:so |and |but )?(?:did|does|do|was|were|has|have|is|are)\b.{1,60}?\b(?:"
    r"(?:come|came|comes) up|(?:brought|bring) up|(?:get|got|was|were|been) (?:discussed|raised|mentioned|talked about)"
    r")\b(?! (?:with|w/?) )",
    re.IGNORECASE,
)
# The story named as a thing ("this deal", "the minerals framework", "the whole thing"), or its
# parties as "they"; not a pronoun that may stand for anything in the sentence ("what rate did
# he say it would fall to").
_STORY_NAMED = re.compile(
    rf"\b(?:this|these|they|them|their|(?:this|these|the|that) {_DEAL_KIND}(?:thing|{DEAL_NOUNS})s?)\b",
    re.IGNORECASE,
)
# "this year", "that weekend" name a time, not the story: "who won the world series this year"
# leans on nothing in the conversation.
_TIME_DEIXIS = re.compile(
    r"\b(this|that|these|those) (year|years|yr|yrs|week|weeks|wk|wks|weekend|month|months|morning|afternoon|evening|night|"
    r"season|days|quarter|summer|winter|spring|autumn|fall)\b",
    re.IGNORECASE,
)
# "so far", "right now", "these days": the time of asking, no topic
_SPAN_SO_FAR = re.compile(r"\b(so far|as of now|right now|these days|at the moment)\b", re.IGNORECASE)
_WHY_NOW = re.compile(r"^\W*(why|y) now\b", re.IGNORECASE)
_CAUSE_WORDS = ("follows", "amid", "response", "wake", "backdrop")
_CONTRACTION = re.compile(r"'(s|re|ll|d|ve|m)$|n't$")
_WORDISH = re.compile(r"[^\W_]+(?:['’][^\W_]+)?|\d[\d,.]*")


# "g7", "f1", "5g": letters and digits together name something, however short.
_MIXED = re.compile(r"[a-z]\d|\d[a-z]")


# "what date was it signed", "on what day of the week", "what's the actual point of it": a noun
# asking for a date or a purpose.
_ASKED_WHEN = re.compile(
    r"\b(?:what|which)(?:['’]?s|\s+is|\s+was)?\s+(?:the\s+)?(?:(?:exact|specific|precise|actual)\s+)?"
    r"(?:date|day(?: of the week)?|year|month)\b|"
    # "exact date they signed it?"
    rf"{EXACT_DATE_ASKED}",
    re.IGNORECASE,
)
_ASKED_WHY = re.compile(
    rf"\bwhat(?:'?s| is| was| are| were)\s+(?:the|their|its)\s+(?:(?:{PURPOSE_ADJECTIVES})\s+)?"
    r"(point|reason|purpose|goal|aim|motivation)\b|\bthe (reason|point|purpose|aim|goal|motivation) (?:of|for|behind)\b",
    re.IGNORECASE,
)
# "which rare earths do they name", "what does the eu row list", "did they mention taiwan": a
# verb of naming after "do"/"does"/"did" and its subject asks what a text holds.
_ASKING_VERB = re.compile(
    r"\b(?:do|does|did|didn'?t|don'?t|doesn'?t)\b(?:\s+[\w'’-]+){1,4}?\s+(name|mention|cite|list)\b", re.IGNORECASE
)


def word_family(term: str) -> tuple[str, ...]:
    """Stems of the same word the English stemmer splits: "priority" and "prioritize".

    Snowball keeps a final "y" as "i" ("prioriti", "financi") but cuts it from the word's other
    forms ("prioritizing" → "priorit", "financing" → "financ"), so a member's "prioritizing"
    misses the article's "priority". The kept stem is searched too, at the same weight, when the
    corpus has it. Only that way: from "strategy" ("strategi") to every "strategic" ("strateg")
    the articles' adjective drowned the noun asked about (two tuning questions lost).
    """
    if len(term) < 5 or not term.isalpha():
        return ()
    return () if term.endswith("i") else (term + "i",)


def analyse(
    question: str,
    vocab: Vocabulary,
    known_term: Callable[[str], bool] | None = None,
    foreign: Callable[[str], bool] | None = None,
) -> Query:
    """Correct, expand and classify a question against the corpus vocabulary (pure).

    `known_term` tells whether a stemmed term occurs in the corpus ("importing" is known when
    an article says "import"); without it, words are looked up as written. `foreign` tells a
    word only neighbouring stories use: to a question answered from the main story it is as
    unknown as a word no article has ("is the pentagon running the stockpile", once a
    story on the Pentagon is added).
    """
    question_as_written = question
    question = plain_idioms(written_out(joined_words(hashtags_read(unlabelled(question), vocab), vocab)))
    words = [_CONTRACTION.sub("", w.lower().replace("’", "'")) for w in _WORDISH.findall(question)]
    corrections: list[tuple[str, str]] = []
    fixed: dict[str, str] = {}
    for w in words:
        if w in fixed or w in STOPWORDS or w in FILLER or w in ALIASES or w in CAPITALS:
            continue
        fix = vocab.correct(w)
        near = english_typo(w, question) if not fix or _edits(w, fix) > 1 else None
        if fix and near and zipf(near) > zipf(fix):
            # "comming": the commoner "coming" one edit away, not the corpus's "comment" two
            # away; "emporer" is still "emperor", not the rarer "empower"
            fix = near
        fix = fix or near or vocab.split(w)
        if fix:
            fixed[w] = fix
            corrections.append((w, fix))
    search_text = corrected(question, corrections)
    # "what set it off", "what prompted this": the verb only asks for a cause ("the deal follows
    # Beijing's new export restrictions"), so it is not searched ("It sets a six-month timeline").
    frame = {w for m in CAUSE_FRAME.finditer(search_text) for w in m.group(1).lower().split()}
    frame_terms = {t for w in frame for t in tokenize(w)}
    words = [w for w in words if w not in frame]
    # "what was the palace called": "called" only asks a name ("what both sides called ...")
    naming = {"call"} if asks_name(search_text) else set()
    # "which rare earths does the article name": the verb only asks what it names ("Officials
    # did not name China" answers nothing of it).
    naming |= {t for m in _ASKING_VERB.finditer(search_text) for t in tokenize(m.group(1))}
    # "what date was it signed", "what's the actual point of the thing": the noun only asks for
    # a date or a purpose, which the answer type stands for; as a word it finds false friends
    # ("... date back to July 2025", "the key points")
    naming |= {t for m in _ASKED_WHEN.finditer(search_text) for t in tokenize(m.group(0)) if t not in {"what", "which"}}
    naming |= {t for m in _ASKED_WHY.finditer(search_text) for t in tokenize(m.group(1) or m.group(2))}
    # "one of the articles has a nickname for them": "one" is the article, no number
    if _ONE_OF.search(search_text):
        naming.add("one")
    # "will they keep a stockpile in case beijing cuts them off": the thing asked about is the
    # stockpile; the contingency says why, and its words weigh as a guess's.
    contingency_words = [w.lower() for m in _CONTINGENCY.finditer(search_text) for w in _WORDISH.findall(m.group(1))]
    contingency = {t for w in contingency_words for t in tokenize(w)}
    # A contingency's words stand for other words too ("beijing" for China): none of them
    # names what is asked about ("in case beijing cuts them off" is not about China's row).
    contingent = contingency | {t for w in contingency_words for x in _stand_ins(w) for t in tokenize(x)}
    # "besides minerals what other tech did they team up on": what is set aside is not what is
    # asked about, so it weighs as a guess's words do; the setting aside itself is no word
    set_aside = set_aside_terms(search_text)
    terms: dict[str, float] = {}
    for term in tokenize(search_text):
        if term in FILLER or term in _FILLER_TERMS or term in frame_terms or term in naming or term in _SETTING_ASIDE:
            continue
        terms.setdefault(term, 0.5 if term in contingency or term in set_aside else 1.0)
    expansions: list[str] = []
    for w in (fixed.get(w, w) for w in words):
        expansions.extend(_stand_ins(w))
        expansions.extend(TRADE_WORDS.get(w, ()))
    if frame or _WHY_NOW.search(search_text):
        # Asked for a cause, searched for the words news gives one in ("follows", "amid")
        expansions.extend(_CAUSE_WORDS)
    for term in tokenize(" ".join(expansions)):
        terms.setdefault(term, 0.5)
    # "defence" where an article writes "defense": the same word, at full weight.
    other_spelling = {
        w: [v for v in spelling_variants(w) if v in vocab] for w in dict.fromkeys(fixed.get(w, w) for w in words)
    }
    for term in tokenize(" ".join(v for vs in other_spelling.values() for v in vs)):
        terms.setdefault(term, 1.0)
    if known_term is not None:
        for term, weight in list(terms.items()):
            for kin in word_family(term):
                if kin not in terms and known_term(kin):
                    terms[kin] = weight
    content = [
        fixed.get(w, w)
        for w in words
        if w not in STOPWORDS
        and w not in FILLER
        and w not in DOCUMENT_NOUNS
        and (len(w) > 2 or _MIXED.fullmatch(w))
        and not w.isdigit()
    ]
    def known(word: str) -> bool:
        if foreign is not None and foreign(word):
            return False
        if word in vocab:
            return True
        terms = tokenize(word)
        return bool(terms) and known_term is not None and all(known_term(t) for t in terms)

    unknown = []
    for w in content:
        expanded = any(known(a) for a in _stand_ins(w)) or bool(other_spelling.get(w))
        if not known(w) and not expanded:
            unknown.append(w)
    # A short form is as common as what it stands for ("ppl" is people, no name or term).
    rare = [w for w in unknown if max([zipf(w), *(zipf(a) for a in ALIASES.get(w, ()))]) < RARE_ZIPF]
    def known_place_word(w: str) -> bool:
        return (
            w in STOPWORDS
            or known(fixed.get(w, w))
            or known(CAPITALS.get(w, "-"))
            or any(known(a) for a in ALIASES.get(w, ()))
        )

    named_places = places_named(words)
    # "is gallium part of the deal?": an element is a name, whatever the question's casing
    # ("lead", "iron" and the other everyday words aside).
    elements = [w for w in dict.fromkeys(fixed.get(w, w) for w in words) if is_element(w)]
    places = [p for p in named_places if not all(known_place_word(w) for w in p.split())]
    institutions = [n for n in institutions_named(words) if any(w in unknown for w in n.split())]
    placed = {w for p in named_places for w in p.split()}
    # places are judged as places; an initialism spelled out as a phrase the articles write
    # ("IPEF (Indo Pacific Economic Framework)") names nothing they lack, whichever reader asks
    unplaced = set(unknown) - placed - spelled_initialisms(question)
    lowered = set(words)
    head = head_words(search_text)
    speaker = speaker_terms(search_text)
    untimed = _TIME_DEIXIS.sub(" ", question)
    untimed = _own_possessives(untimed, named_places)
    vague = bool(_DEICTIC.search(untimed)) and not any(zipf(w) < SPECIFIC_ZIPF for w in unknown)
    # "why now tho", "but why": a why naming nothing at all can only be about the story.
    # known words rarer than NAMED_ZIPF: names and terms ("Farrell", "JERA", "minamitorishima")
    named_words = [w for w in content if w not in unknown and zipf(w) < NAMED_ZIPF]
    expected = expected_type(search_text)
    bare_why = not content and expected in (AnswerType.REASON, AnswerType.CAUSE)
    whole_table = asks_whole_table([fixed.get(w, w) for w in words])
    vague = vague or bare_why
    return Query(
        text=question_as_written,
        search_text=search_text,
        terms=tuple(terms),
        weights=tuple(terms.values()),
        expected=expected,
        corrections=tuple(corrections),
        unknown=tuple(dict.fromkeys(unknown)),
        unknown_rare=tuple(dict.fromkeys(rare)),
        wants_table=asks_table(lowered, expected),
        points_table=bool(_TABLE_POINTED.search(search_text)),
        whole_table=whole_table,
        wants_list=bool(lowered & LIST_WORDS),
        content_words=len(set(content)),
        head_unknown=any(h in unknown for h in head),
        named=tuple(dict.fromkeys(t for w in named_words for t in tokenize(w))),
        vague=vague,
        casual=bool(_STORY_POINTER.search(untimed)) and all(zipf(w) >= EVERYDAY_ZIPF for w in unknown),
        raised=bool(_RAISED.search(question)),
        prior=bool(_PRIOR.search(question)),
        use_of=elements[0] if len(elements) == 1 and _USE.search(search_text) else "",
        talk=bool(talk := _TALK.search(question)) and not any(names_a_text(w) for w in talk.group("who").split()),
        leans=bare_why or (vague and bool(_STORY_POINTER.search(untimed)) and len(set(content)) <= LEANING_WORDS),
        points=vague and bool(_STORY_NAMED.search(untimed)),
        specific_unknown=sum(1 for w in dict.fromkeys(unknown) if zipf(w) < SPECIFIC_ZIPF),
        speaker=tuple(speaker),
        question_numbers=tuple(numbers_in(question)),
        # "which industries": the industries named are the answer, not a word it must contain.
        # A capital no article names stands for its country ("brussels' cap" is the EU's).
        head_terms=()
        if expected is AnswerType.SECTORS
        else tuple(
            dict.fromkeys(
                t
                for h in head
                if h not in unknown
                for t in tokenize(fixed.get(h, _capital_as_country(h, vocab)))
            )
        ),
        unknown_places=tuple(places),
        # "which elements did china restrict back in april": no article reports that month
        unknown_months=tuple(w for w in dict.fromkeys(unknown) if w.capitalize() in MONTHS and w != "may"),
        # a question about a table as a whole names nothing but the table's parts ("what
        # categories does the chart compare")
        unknown_names=()
        if whole_table
        else _casefold_unique(
            (
                *unknown_names(question, unplaced, vocab),
                *(w for w in elements if w in unknown),
                *institutions,
                *offered_names(question, unplaced, vocab),
                *unheard_words(unplaced, vocab),
                *unmentioned_names(question, unplaced, vocab),
                *subject_names(question, unplaced, vocab),
                *numbered_names(question, known),
            )
        ),
        elements=tuple(w for w in elements if w not in unknown),
        places=tuple(p for p in named_places if p not in CAPITALS),
        place_words=_lone_place_words(question, words, content, unknown, named_places),
        counted=counted_noun(search_text) if not (lowered & (TABLE_WORDS | LIST_WORDS)) else "",
        measured=measured_terms(search_text),
        part_of=part_of(search_text),
        advice=asks_advice(question),
        page_part=asks_page_part(search_text),
        fact=fact_terms(question),
        price=asks_price(question),
        kind=kind_named(question),
        trip_to=trip_destination(search_text),
        signer=bool(_SIGNER.search(search_text)),
        exact_date=bool(_EXACT_DATE.search(search_text)),
        specific=specific_terms(search_text) if expected in AMOUNTS else (),
        # "whats in the agreement in a nutshell", not "why are rare earths important, short
        # version": nothing asked about but the story itself.
        summary=(asks_summary(question) and all(w in SUMMARY_WORDS or w in _STORY_WORDS for w in content))
        or asks_bare_summary(question, content),
        outcome=asks_outcome(question),
        after_story=asks_after_story(question),
        occasion=occasion_terms(question),
        name=asks_name(question),
        region=asks_region(question),
        city=asks_city(question),
        wants_elements=asks_elements(question),
        term=asks_term(question),
        office=office_terms(question),
        where=asks_where(question),
        parallel=asks_parallel(question),
        deal_parties=deal_parties(question),
        member=tuple(
            t for w in member_words(search_text) if w in named_words or w in written_capitalised(search_text) for t in tokenize(w)
        ),
        topics=topics_asked(question),
        # ("seoul's version of the pledge": a capital's is its country's)
        owners=tuple(
            dict.fromkeys(
                CAPITALS.get(p, p)
                for p in [*named_places, *(w for w in words if w in CAPITALS)]
                if re.search(rf"\b{re.escape(p)}['’]s\b", question, re.IGNORECASE)
            )
        ),
        doers=measured_doers(question, named_places),
        between=places_apart(question, [p for p in named_places if p not in CAPITALS]),
        next_meeting=asks_next_meeting(question),
        offered=(offered := offered_terms(question))
        | {t for w, fix in corrections if offered.issuperset(tokenize(w) or ["-"]) for t in tokenize(fix)},  # "exim" as corrected ("exit") too
        met=tuple(
            t
            for w in meeting_parties(search_text)
            if w not in unknown and w not in STOPWORDS and w not in FILLER
            for t in tokenize(w)
        ),
        org_described=describes_org(question),
        company=asks_company(question),
        agency=asks_agency(question),
        said_about=said_about(search_text),
        defined=defined_words(search_text),
        besides=frozenset(set_aside),
        contingent=frozenset(contingent),
        everyday=frozenset(
            t
            for w in dict.fromkeys(content)
            if zipf(w) >= NAME_ZIPF and w not in element_names() and w not in placed
            for t in tokenize(w)
        ),
    )


# Short forms members type for amounts and dates, written out as articles write them:
# "550bn" → "550 billion", "2 pct" → "2 percent", "oct 28" → "October 28", "10/28" →
# "October 28". ("tonnes" stays: articles write both it and "tons".)
_SCALE = {"bn": "billion", "b": "billion", "mn": "million", "mln": "million", "mil": "million", "m": "million",
          "tn": "trillion", "trn": "trillion", "k": "thousand"}
# The words those short forms are written out as: an unknown one names no topic ("550bn").
SCALE_WORDS = frozenset([*_SCALE.values(), "percent"])
_AMOUNT = re.compile(r"(?<![\w.])(\$?\d+(?:[.,]\d+)?)\s?(bn|b|mn|mln|mil|m|tn|trn|k)\b", re.IGNORECASE)
_PERCENT = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s?(pct|pc)\b", re.IGNORECASE)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_MONTH_SHORT = {m[:3].lower(): m for m in MONTHS} | {"sept": "September"}
_MONTH_DAY = re.compile(r"\b(jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?\s+(\d{1,2}(?:st|nd|rd|th)?|\d{4})\b", re.IGNORECASE)
# A day of the month written as an ordinal ("the 28th", "october 28th", "the 28th of october",
# "the 28th or 29th"), as articles write it ("October 28"); a bare ordinal only after "on" or
# "the" and not before a noun it ranks ("the 21st century", "the 2nd largest").
_MONTH_NAMES = "|".join(m.lower() for m in MONTHS)
_DAY_OF_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)\s+of\s+({_MONTH_NAMES})\b", re.IGNORECASE)
_MONTH_ORDINAL = re.compile(rf"\b({_MONTH_NAMES})\s+(\d{{1,2}})(?:st|nd|rd|th)\b", re.IGNORECASE)
_BARE_ORDINAL_DAY = re.compile(
    r"\b(on|the|on the)\s+(\d{1,2})(?:st|nd|rd|th)\b"
    r"(?!\s+(?:century|centuries|anniversary|time|term|round|place|floor|largest|biggest)\b)",
    re.IGNORECASE,
)
_NEXT_ORDINAL_DAY = re.compile(r"\b(\d{1,2})\s+(or|and|to|through)\s+(\d{1,2})(?:st|nd|rd|th)\b", re.IGNORECASE)
# A date only with a year or after a word that takes one ("on 10/28"): not "1/2 of it", "24/7".
_SLASH_DATE = re.compile(
    r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?![\d/])|"
    r"\b(?P<lead>on|by|since|from|until|till|before|after) (\d{1,2})/(\d{1,2})(?![\d/])",
    re.IGNORECASE,
)


# British and American spellings of one word: an article may write either.
_SPELLINGS = (
    ("ence", "ense"), ("ise", "ize"), ("ised", "ized"), ("ising", "izing"), ("isation", "ization"),
    ("isations", "izations"), ("yse", "yze"), ("our", "or"), ("ours", "ors"), ("tre", "ter"), ("tres", "ters"),
    ("elled", "eled"), ("elling", "eling"), ("ogue", "og"),
)


def spelling_variants(word: str) -> list[str]:
    """The word in the other spelling ("defence" → defense, "realised" → realized), if it has one."""
    out = []
    for british, american in _SPELLINGS:
        for a, b in ((british, american), (american, british)):
            if len(word) > len(a) + 2 and word.endswith(a):
                out.append(word[: -len(a)] + b)
    return out


def corrected(text: str, corrections: Sequence[tuple[str, str]]) -> str:
    """The text with each (typo, correction) pair applied as a whole word, in any case."""
    for wrong, right in corrections:
        text = re.sub(rf"\b{re.escape(wrong)}\b", right, text, flags=re.IGNORECASE)
    return text


# "the 80s", "the '90s", "the eighties": a decade of the last century, as articles write it ("1980s").
_DECADE = re.compile(r"\b(the|early|mid|late)([ -]+)['’]?([2-9])0['’]?s\b", re.IGNORECASE)
_DECADE_MARKED = re.compile(r"(?<![\w$])['’]([2-9])0s\b")
_DECADES = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7, "eighties": 8, "nineties": 9}
# "that old 80s deal": a bare decade too, but not an age ("in their 80s"), a count ("50s of
# them") or a chart ("top 40s hits").
_DECADE_BARE = re.compile(
    r"(?<![\w$'’.,])(?<!their )(?<!his )(?<!her )(?<!my )(?<!our )(?<!your )(?<!top )([2-9])0s\b(?! of\b)"
)
_DECADE_WORD = re.compile(rf"\b({'|'.join(_DECADES)})\b", re.IGNORECASE)


def written_out(question: str) -> str:
    """The question with amounts, percentages and dates written as articles write them."""
    text = _AMOUNT.sub(lambda m: f"{m.group(1)} {_SCALE[m.group(2).lower()]}", question)
    text = _PERCENT.sub(lambda m: f"{m.group(1)} percent", text)
    text = _MONTH_DAY.sub(lambda m: f"{_MONTH_SHORT[m.group(1).lower()]} {m.group(2)}", text)
    text = _DAY_OF_MONTH.sub(lambda m: f"{m.group(2).capitalize()} {m.group(1)}", text)
    text = _MONTH_ORDINAL.sub(lambda m: f"{m.group(1).capitalize()} {m.group(2)}", text)
    text = _BARE_ORDINAL_DAY.sub(lambda m: f"{m.group(1)} {m.group(2)}" if 1 <= int(m.group(2)) <= 31 else m.group(0), text)
    text = _NEXT_ORDINAL_DAY.sub(lambda m: f"{m.group(1)} {m.group(2)} {m.group(3)}", text)
    text = _DECADE.sub(lambda m: f"{m.group(1)}{m.group(2)}19{m.group(3)}0s", text)
    text = _DECADE_MARKED.sub(lambda m: f"19{m.group(1)}0s", text)
    text = _DECADE_BARE.sub(lambda m: f"19{m.group(1)}0s", text)
    text = _DECADE_WORD.sub(lambda m: f"19{_DECADES[m.group(1).lower()]}0s", text)

    def slash(m: re.Match[str]) -> str:
        lead = f"{m.group('lead')} " if m.group("lead") else ""
        a, b = (int(m.group(1)), int(m.group(2))) if m.group(1) else (int(m.group(5)), int(m.group(6)))
        month, day = (a, b) if a <= 12 < b or (a <= 12 and b <= 12) else (b, a) if b <= 12 < a else (0, 0)
        if not month or not 1 <= day <= 31:
            return m.group(0)
        year = m.group(3) or ""
        year = f", 20{year}" if len(year) == 2 else f", {year}" if year else ""
        return f"{lead}{MONTHS[month - 1]} {day}{year}"

    return _SLASH_DATE.sub(slash, text)


_IDIOMS = tuple((re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE), plain) for pattern, plain in IDIOMS)
# "in case beijing cuts them off", "just in case of shortages": why something is asked about,
# whose words `analyse` weighs as a guess's.
_CONTINGENCY = re.compile(r"\b(?:just )?in case(?: of)? ([^,.;?!]+)", re.IGNORECASE)


def _stand_ins(word: str) -> tuple[str, ...]:
    """What a word stands for, searched beside it: its aliases and, for a capital, its country."""
    return (*ALIASES.get(word, ()), *((CAPITALS[word],) if word in CAPITALS else ()))


# Why the asker asks, not what: "for my econ homework", "writing an essay on this for class",
# "bio hw due tmrw", "asking for a friend", "i need to cite ...". Its words name no topic, yet
# "homework" and "cite" are words no article uses, which makes a question look like one about
# something else (or points a question about the articles at none of them).
_SCHOOLWORK = (
    r"(?:homework|hw|essay|class|assignment|thesis|presentation|lesson|course|seminar|exam|quiz|"
    r"(?:school|class|science|uni|college|group) project|term paper|paper)"
)
_PURPOSE = re.compile(
    r"\b(?:(?:checking|asking|need(?:ed)? (?:it|this|that)) )?(?:"
    rf"(?:for|4) (?:my|our|his|her|their|an?|(?:my |our )?(?:kid|kids|son|daughter|child|children)['’]?s?)"
    rf"(?: \w+)? {_SCHOOLWORK}|"
    r"for (?:homework|hw|class|school|uni|college)|"
    r"(?:i['’]?m |im |i am |we['’]?re )?(?:writing|doing|working on|prepping|preparing) (?:an?|my|our) "
    r"(?:essay|paper|report|presentation|assignment|thesis|lesson|project) (?:on|about) (?:this|it|that)"
    r"(?: for (?:class|school|uni|college|work))?|"
    rf"(?:\w+ )?{_SCHOOLWORK} (?:is )?due (?:tomorrow|tmrw|tmr|tonight|today|next week|soon|on \w+)|"
    r"(?<=asking )for (?:a friend|my \w+|her|him|them)|"
    r"(?:i|we) (?:need|have|want|gotta|got) to (?:cite|reference)"
    r")\b",
    re.IGNORECASE,
)


# "ok so i was reading about the whole thing on my lunch break and i'm wondering, are they ...":
# how the asker came to ask, before the question; its words ("lunch", "break") are no topic.
_PREAMBLE = re.compile(
    r"^.{0,200}?\b(?:(?:i['’]?m|im|i am|i was|i['’]?ve been|ive been|been|just|so|and)\s+)(?:wondering|curious)\b"
    r"(?:\s+(?:about|if|whether))?[\s,:;.-]*(?=\S)",
    re.IGNORECASE,
)


def without_purpose(question: str) -> str:
    """The question without why the asker asks ("for my econ homework: what tariff") or how they came to."""
    question = _PREAMBLE.sub("", question, count=1) or question
    plain = _PURPOSE.sub(" ", question)
    plain = " ".join(plain.split())
    # what is left must still ask something: "for my essay" alone is kept as written
    return plain if re.search(r"[^\W_]", plain) else question


def plain_idioms(question: str) -> str:
    """The question with idioms and phrasal verbs in plain words (`lexicon.IDIOMS`)."""
    for pattern, plain in _IDIOMS:
        question = pattern.sub(plain, question)
    return question


# "how did the Trump-Xi meeting go", "what did they end up agreeing": the outcome of an event.
_OUTCOME = re.compile(
    r"\b(end(ed|s)? up|how(?: did|'?d) .{1,50}? go|what (?:\w+ )?came (out )?of|outcome|results? of|"
    r"what happened (at|in|during|when)|did .{1,50}? (go well|go ok|go okay|work out)|"
    # "did beijing back off after trump n xi met", "... after trump sat down with xi": what
    # followed a meeting
    # ("did this happen before or after trump sat down w xi" asks when, not what followed)
    r"(?<!before or )(after|since) (?:[\w']+ ){0,5}?(met|meet|sat down|talked|spoke|got together)\b|"
    r"\b(did|has|have|had|was|were)\b.{1,80}?\b(after|since) (?:the |their |that )?(meeting|talks|summit|sit-?down)|"
    # "what did trump and xi agree on when they met": what came of a meeting, which the articles
    # may only have ahead ("a planned meeting with Xi"); "what did they agree to" asks the deal
    # ("did xi agree to pause the rules when he met trump" asks it too)
    r"(?:what )?did .{1,50}? (agree|decide)d?( on| to)? .{0,40}?\b(when (they|he|she) (met|meet)|at (the|their) "
    r"(meeting|summit|talks)))\b",
    re.IGNORECASE,
)


# "has china hit back yet", "did china punish japan for anything after this", "how much has
# japan put in so far", "have they talked since": what happened after the story, asked in the
# past or perfect tense. ("where's trump off to after this" asks the plan the story gives; "did
# japan end up with 15%" may be about before it, so "end up" alone is no sign.)
_AFTER_STORY = re.compile(
    r"\b(did|has|have|had)\b.{0,60}?\b(after (all )?(this|that)\b|"
    r"since(?= then\b| this\b| that\b|\s*[?,.!;:]|\s*$| like\b)|afterwards\b|yet\b|so far\b|"
    # "did beijing hit japan with anything a few weeks after the tokyo deal": a span later
    r"(?:(?:a few|a couple(?: of)?|couple(?: of)?|some|several|\d+|two|three|four|a) )?(?:days|weeks|months) (?:after|later)\b)",
    re.IGNORECASE,
)


def asks_after_story(question: str) -> bool:
    """Whether a question asks what has happened since the story, which its articles cannot tell."""
    return bool(_AFTER_STORY.search(question))


def asks_outcome(question: str) -> bool:
    """Whether a question asks how an event turned out."""
    return bool(_OUTCOME.search(question))


# "what did trump say in his speech on the carrier at yokosuka", "what did takaichi say about
# taiwan during the summit": words said at an occasion, which the articles may only have ahead
# ("Trump and Takaichi will visit the USS George Washington at Yokosuka").
_OCCASION = re.compile(
    r"\bwhat (?:did|does|will) .{1,50}? (?:say|said|tell|told|talk about|talked about|discuss|discussed)\b"
    r".{0,40}?\b(?:in|at|during|on) (?:his|her|their|the|that|this) ([^?!.,;]{3,60})",
    re.IGNORECASE,
)


def occasion_terms(question: str) -> tuple[str, ...]:
    """For words said at an occasion, the stemmed terms naming the occasion (() if none)."""
    match = _OCCASION.search(question)
    if not match:
        return ()
    return tuple(dict.fromkeys(t for t in tokenize(match.group(1)) if t not in FILLER))


# "who is japan's foreign minister", "who's the us commerce secretary": the holder of an office,
# named by its title and the words before it (a place's name aside: "japan's", "us").
_OFFICE = re.compile(
    r"\b(?:who(?:'?s| is| was| are| were)?|which|name of)\b(?:\s+(?:is|was|the|a|an))*\s+"
    r"((?:[\w.'’-]+\s+){0,3}?)(ministers?|secretary|secretaries|spokes(?:person|man|woman|people)|negotiators?|"
    r"ambassadors?|ceos?|chief executives?|chairman|chairwoman|governors?|envoys?|presidents?|chancellors?|"
    r"senators?|directors?|commissioners?|"
    # "which white house official" (not "which official statement", "the official name of")
    r"officials?(?!\s+(?:name|names|title|statement|statements|document|documents|version|website|site|account|"
    r"figures?|data|line|stance|position|response|reaction|text|announcement|start|date|launch)\b))\b",
    re.IGNORECASE,
)


@cache
def _place_terms() -> frozenset[str]:
    """Every term of every place's name ("japan", "us"), as the index reads them.

    And every country's ISO code: members write "the JP prime minister".
    """
    import pycountry

    codes = {code.lower() for c in pycountry.countries for code in (c.alpha_2, c.alpha_3)}
    return frozenset({t for p in place_names() | codes | _SHORT_PLACES for t in tokenize(p)})


def office_terms(question: str) -> tuple[str, ...]:
    """The stemmed words of the office a question asks the holder of, places' names left out.

    "who is japan's foreign minister" → ("foreign", "minist"): a quote naming only the prime
    minister does not answer it; "who's the japanese prime minister" → ("prime", "minist").
    """
    match = _OFFICE.search(question)
    if not match:
        return ()
    places = _place_terms()
    words = [_CONTRACTION.sub("", w.lower().replace("’", "'")) for w in match.group(1).split()]
    kept = [t for w in words if not any(t in places for t in tokenize(w)) for t in tokenize(w)]
    return tuple(dict.fromkeys([*kept, *tokenize(match.group(2))]))


# "how long is the framework valid", "when does it expire", "how many years does it last before
# it has to be renewed", "how long did the meeting last (go on)", "how long did trump stay": how
# long something holds, its term. ("How long will it take" asks when it is done, which a
# deadline answers.)
_ASKS_TERM = re.compile(
    r"\b(valid|validity|expire[sd]?|expiry|expiration|renew(ed|al|s)?)\b|"
    r"\bhow (long|many \w+) (does|will|is|would|did) .{1,60}? (last|go|stay)\b|"
    # "how long did trump and takaichi actually talk for", "how long was the phone call": how
    # long an encounter went on ("met for about an hour and 40 minutes"; "how long did it take to
    # call" asks when it was done)
    r"\bhow long (?:did|do|does|was|were|is|will) (?![^?]*\btake\b).{0,60}?\b(?:talk(?:s|ed|ing)?|chat(?:ted|ting)?|meet(?:ing)?|met|"
    r"speak|spoke|speaking|speech|(?:phone )?call|sit-?down|session|conversation)\b|"
    # "how long r the gas contracts", "how long is the lng deal": an agreement's term
    r"\bhow long (?:is|are|r|was|were) (?:the |that |this |those |these |their |its )?(?:[\w()-]+ ){0,3}?"
    r"(?:contracts?|deals?|agreements?|pacts?|frameworks?|leases?|commitments?)\b(?! (?:to|for) (?:sign|pick|set|find))",
    re.IGNORECASE,
)
_NUMBER_WORDS = rf"(\d+|{NUMBER_WORD}|a|an)"
# A term stated: "for 20 years", "a 20-year contract", "until 2030", "expires" ("renewable
# energy", "a renewed push" are no term).
_STATES_TERM = re.compile(
    rf"\bfor (about |around |up to |at least |nearly |over )?{_NUMBER_WORDS} (more )?(years?|months?|decades?|weeks?|days?|hours?|minutes?)\b|"
    rf"\b{_NUMBER_WORDS}[- ](year|decade|day|hour|minute)s?[- ](long )?"
    r"(deal|contract|agreement|term|pact|commitment|lease|supply|meeting|talks|session|summit|visit)\b|"
    # "The talks, which lasted about 30 minutes"
    rf"\blast(?:s|ed|ing)? (about |around |nearly |over |just over |more than |almost )?{_NUMBER_WORDS} (years?|months?|weeks?|days?|hours?|minutes?)\b|"
    r"\b(until|through|till) (\w+ )?\d{4}\b|\bexpir(e|es|ed|y|ation)\b|\bvalid (until|through|for)\b|\bin (force|effect) (until|for|through)\b",
    re.IGNORECASE,
)


def asks_term(question: str) -> bool:
    """Whether a question asks how long something holds (is valid, lasts, before it expires)."""
    return bool(_ASKS_TERM.search(question))


def states_term(text: str) -> bool:
    """Whether a passage states how long something holds ("for 20 years", "a two-hour meeting").

    A deadline ("within six months", "a six-month timeline") is not a term: it says when
    something must be done, not how long the agreement lasts.
    """
    return bool(_STATES_TERM.search(text))


# "where will the stockpile be stored": a place where something is, goes or comes from, as a
# sentence gives one: after "in", "at", "to", "from" ... ("signed in Tokyo", "suppliers in
# Alaska", "heads to South Korea"), not a place merely listed ("Key Partners: U.S., ASEAN").
_WHERE = re.compile(r"^\W*(where|wher|wheres|where's)\b", re.IGNORECASE)
_LOCATED = re.compile(
    r"\b(in|at|to|from|near|into|toward|towards|across|inside|within|via|outside|throughout)\s+(?:the\s+)?"
    rf"(?!(?:{'|'.join(MONTHS)})\b)[A-Z]"
)


def asks_where(question: str) -> bool:
    """Whether a question opens with "where".

    The last question of the text counts: a follow-up read with the one before ("Where was it
    signed? Who signed it?") asks who.
    """
    asked = [part for part in re.split(r"[?\n]+", question) if part.strip()]
    return bool(asked) and bool(_WHERE.search(asked[-1]))


# A news dateline ("TOKYO – In a significant ... development today"): where the story happened.
_DATELINE = re.compile(r"^\s*[A-Z]{3,}(?:[ -][A-Z]{2,})*(?:,[^–—\n]{1,25}?)?\s*[–—-]\s")


def locates(text: str) -> bool:
    """Whether a passage puts something in a named place ("in Tokyo", "to South Korea", "TOKYO –")."""
    return bool(_LOCATED.search(text) or _DATELINE.search(text))


# "did south korea sign a similar minerals deal": whether another party made a deal like this one.
# "did south korea sign a similar deal", "did south korea join the framework": another party's
# part in a deal like the story's (`reports_deal_of`: only with a place named).
_PARALLEL = re.compile(r"\b(similar|same kind of|same sort of|same type of|join|joins|joined|joining)\b", re.IGNORECASE)
_DEAL_NOUNS = frozenset(tokenize(f"{DEAL_NOUNS.replace('|', ' ')} arrangement treaty sign"))


# "japan and australia did a heavy rare earths deal too?", "does korea also have a pact": a deal
# of another party's, asked as one more besides the story's.
_ALSO_DEAL = re.compile(rf"\b(?:also|too|as well)\b.{{0,60}}\b(?:{DEAL_NOUNS})s?\b|\b(?:{DEAL_NOUNS})s? (?:\w+ ){{0,4}}?(?:too|as well)\b", re.IGNORECASE)


# "did south korea sign a minerals deal with trump on the same trip": a deal, not the deal
_A_DEAL = re.compile(
    r"\b(?:sign(?:ed|s|ing)?|str(?:uck|ike|ikes)|ink(?:ed|s)?|make|makes|made|reach(?:ed|es)?|cut|do|did)\s+"
    rf"(?:a|an|any|its own|their own)\s+(?:[\w-]+\s+){{0,3}}?(?:{DEAL_NOUNS})s?\b",
    re.IGNORECASE,
)


# "is the minamitorishima mud project part of this", "the g7 alliance, is it folded into this
# framework": whether something belongs to the story's deal, which only the story can say.
_MEMBER = re.compile(
    r"\b(?:is|are|was|were)\s+(?P<thing>[\w'’ -]{2,60}?)\s+(?:part of|a part of|included in|folded into|covered by|covered in)\s+"
    rf"(?:this|it|the (?:\w+ )?(?:{DEAL_NOUNS}|plan))\b|"
    r"(?P<before>[\w'’ -]{2,60}?),?\s+(?:is|are) (?:it|that|they) (?:part of|a part of|included in|folded into) "
    rf"(?:this|it|the (?:\w+ )?(?:{DEAL_NOUNS}|plan))\b",
    re.IGNORECASE,
)


def member_words(question: str) -> list[str]:
    """The words of what a question asks belongs to the story's deal ("is fusion part of it" -> fusion)."""
    m = _MEMBER.search(question)
    if not m:
        return []
    words = [w.lower() for w in re.findall(r"[\w'’-]+", m.group("thing") or m.group("before") or "")]
    # "is japan ditching russian gas as part of this": something done under the deal, not a thing in it
    return [] if words[-1:] == ["as"] else words


def written_capitalised(question: str) -> frozenset[str]:
    """The words a question writes with a capital after its first word, lower-cased.

    "is MP Materials part of this": a company's name, in words each common or short enough to
    pass for everyday ones ("materials", "mp").
    """
    words = re.findall(r"[\w'’-]+", question)
    return frozenset(w.lower() for w in words[1:] if w[0].isupper() and w != "I")


def asks_parallel(question: str) -> bool:
    """Whether a question asks if someone made a deal like the story's."""
    return bool(_PARALLEL.search(question) or _ALSO_DEAL.search(question) or _A_DEAL.search(question))


_PACT = rf"(?:{DEAL_NOUNS}|alliance|memo|memorandum|mou|partnership)s?"
# A deal named by its parties: "the us-australia minerals deal", "the eu–japan green alliance",
# "the deal the US did with australia", "australia's own pact with the us".
_PARTIES = re.compile(
    rf"\b([a-z.]+)\s*[-–—/]\s*([a-z.]+)\s+(?:[\w-]+\s+){{0,2}}?{_PACT}\b|"
    rf"\b{_PACT}\s+(?:that\s+)?(?:the\s+)?([a-z.]+)\s+(?:did|signed|struck|made|inked|has|had|cut)\s+with\s+(?:the\s+)?([a-z.]+)|"
    rf"\b([a-z.]+)['’]s\s+(?:own\s+)?(?:[\w-]+\s+){{0,2}}?{_PACT}\s+with\s+(?:the\s+)?([a-z.]+)",
    re.IGNORECASE,
)


def deal_parties(question: str) -> frozenset[str]:
    """The countries a question names a deal by ("the us-australia deal": the US and Australia).

    Whether the articles report that deal is for a sentence naming both with a deal to say:
    the story's own parties find theirs; another pair's deal ("whats the us-australia minerals
    deal worth") is not answered by the story's.
    """
    places = _country_of_term()
    for m in _PARTIES.finditer(question):
        words = [w for w in m.groups() if w]
        found = {places[t] for w in words for t in tokenize(w)[:1] if t in places}
        if len(found) == 2:
            return frozenset(found)
    return frozenset()


_PACT_TERMS = frozenset(tokenize("alliance memo memorandum mou partnership"))


def reports_deal_between(sentence: str, parties: frozenset[str]) -> bool:
    """Whether a sentence names every one of `parties` (country terms) and a deal."""
    terms = set(tokenize(sentence))
    return parties <= countries_in(sentence) and bool((_DEAL_NOUNS | _PACT_TERMS) & terms)


def reports_deal_of(sentence_terms: frozenset[str] | set[str], place: Sequence[str]) -> bool:
    """Whether a sentence's terms name the place (its terms, in order not checked) and a deal."""
    return bool(place) and set(place) <= set(sentence_terms) and bool(_DEAL_NOUNS & set(sentence_terms))


# "when's the next meeting between trump and takaichi", "will they meet again": a meeting still to
# come, which only a passage with one ahead can tell (not the one the story reports).
_NEXT_MEETING = re.compile(
    r"\bnext (?:[\w'’-]+ ){0,3}?(meeting|summit|visit|talks|trip|round|sit-?down|get-?together|call)\b|"
    r"\bmeet(?:ing)? (?:up )?again\b|\b(?:see|visit) each other again\b",
    re.IGNORECASE,
)


# "did takaichi meet xi too", "did takaichi get a sit-down with xi", "did takaichi and xi meet":
# whether two named people met, which only a sentence naming both can tell ("a planned meeting
# between President Trump and Chinese President Xi" is someone else's).
_MEETING = r"(?:meet|met|meeting|sit-?down|talks?|summit|one-on-one|bilateral)"
_MET = re.compile(
    r"\b(?:did|does|do|will|has|have|is|was|would)\s+([a-z]+)\s+(?:also\s+|even\s+|actually\s+|ever\s+)?"
    rf"(?:(?:get|have|hold|had|got)\s+(?:a\s+|any\s+)?)?{_MEETING}(?:\s+(?:up\s+)?with)?\s+([a-z]+)\b|"
    rf"\b(?:did|does|do|will|have)\s+([a-z]+)\s+and\s+([a-z]+)\s+(?:also\s+|even\s+|actually\s+|ever\s+)?(?:meet|hold talks|talk)\b|"
    # "did takaichi raise rare earths with xi": a talk between the two as well
    r"\b(?:did|does|do|will|has|have)\s+([a-z]+)\s+(?:also\s+|even\s+|actually\s+|ever\s+)?"
    r"(?:raise|bring up|discuss|mention|talk about|push|press)\b[^?.!,;]{1,40}?\bwith\s+([a-z]+)\b|"
    # "did takaichi bring up rare earths when she sat down with xi": the two met, if at all, then
    r"\b(?:did|does|will|has|have)\s+([a-z]+)\s+[^?.!;]{1,60}?\bwhen\s+(?:she|he|they)\s+"
    r"(?:(?:met|meet|meets)(?:\s+up)?(?:\s+with)?|sat\s+down\s+with|saw|spoke\s+(?:to|with)|talked\s+(?:to|with))\s+([a-z]+)\b|"
    # "did takaichi push xi on rare earths when they met"
    r"\b(?:did|does|will)\s+([a-z]+)\s+(?:push|press|ask|urge|tell|warn|lobby)\s+([a-z]+)\b[^?.!;]{0,60}?\bwhen\s+they\s+(?:met|meet)\b",
    re.IGNORECASE,
)


def meeting_parties(question: str) -> tuple[str, ...]:
    """The two people a question asks whether they met ("did takaichi meet xi" -> both), or ()."""
    m = _MET.search(question)
    if not m:
        return ()
    return tuple(w.lower() for w in m.groups() if w)


def asks_next_meeting(question: str) -> bool:
    """Whether a question asks about a meeting still to come ("when's their next summit")."""
    return bool(_NEXT_MEETING.search(question))


@dataclass(frozen=True)
class Topic:
    """A kind of fact that a passage gives in its own words or not at all.

    How a market moved, an agreement's legal force, a politician's party, a gift or a prize;
    who negotiated or proposed something, how often something happens; where someone was born
    or when something was founded, when someone took office, schooling, height, a company's
    finances, a distance; the time of day, clothes, family, a meal, public opinion. A question
    asking one ("did rare earth stocks pop after the signing", "is it legally binding", "what
    party is she from") is answered only by a passage that speaks of it ("shares jumped",
    "non-binding", "the Liberal Democratic Party"), never by one about the deal in general,
    however close its other words come. Paraphrase is rare here: news says these things in
    these words.
    """

    name: str
    asked: re.Pattern[str]
    stated: re.Pattern[str]


def _any_of(words: str) -> re.Pattern[str]:
    """A pattern for any of the words (space-separated, regex allowed in each), whole words."""
    return re.compile(rf"\b({'|'.join(words.split())})\b", re.IGNORECASE)


_MOVES = r"(?:jump\w*|r[io]se|rising|fell|fall\w*|pop\w*|surg\w*|rall\w*|react\w*|soar\w*|tank\w*|climb\w*|drop\w*|slump\w*|move\w*|do|did|go|went|trade\w*)\b"
TOPICS = (
    Topic(
        "market",  # "did rare earth stocks pop", "how did markets react", "how much did prices move"
        re.compile(
            r"\b(stocks?|share prices?|stock prices?|stock market|equities|nikkei|nasdaq|s&p|dow jones)\b|"
            # "shares" as a market's, moving ("did MP shares jump", "shares of lynas rose"), not a verb
            rf"\bshares\b(?=\W+(?:\w+\W+){{0,2}}?{_MOVES})|{_MOVES}(?:\W+\w+){{0,3}}?\W+shares\b|"
            r"\bprices? (?:\w+ ){0,2}?(move[ds]?|jump(?:ed|s)?|r[io]se|fell|fall|react(?:ed)?|spik(?:e|ed)|drop(?:ped)?|"
            r"go up|went up|go down|went down|change[ds]?)\b|"
            r"\bmarkets? (?:\w+ ){0,1}?(react(?:ed)?|respond(?:ed)?|move[ds]?|take it|took it)\b|"
            # "did the yen move after the deal": a currency's exchange rate
            rf"\b(yen|dollar|euro|yuan|currency|currencies|exchange rate)s? (?:\w+ ){{0,2}}?{_MOVES}|"
            # "what will happen to rare earth prices" (a price asked is an amount: answer_types)
            r"\b(?:happen\w* to|effect on|impact on|affect) (?:\w+ ){0,3}?prices\b|"
            # "will this make evs cheaper": where prices go
            r"\b(cheaper|pricier|more expensive|less expensive|more affordable|less affordable)\b|"
            # "is bitcoin going up or down rn", "is btc gonna hit a new high": where a price goes
            r"\b(?:go|goes|going|gonna go|went) (?:up or down|down or up)\b|"
            r"\b(?:hit|hits|hitting|reach|reaches|reaching|at) (?:a |an )?(?:new )?(?:all[- ]time |record )?highs?\b",
            re.IGNORECASE,
        ),
        re.compile(
            r"\b(stocks?|shares|share prices?|equities|nikkei|nasdaq|prices?|traded|trading|rall(?:y|ied)|exchange rates?|currency|currencies)\b",
            re.IGNORECASE,
        ),
    ),
    Topic(
        "legal",  # "is it legally binding", "any penalties if one side breaks it", "must the diet ratify it"
        re.compile(
            r"\b(legally|binding|enforceable|enforced?|enforcement|penalt(?:y|ies)|ratif(?:y|ies|ied|ication)|"
            r"memorandum|mou|violat\w*)\b|\bfollow(?:s|ed)? thr(?:u|ough)\b|"
            r"\bmiss(?:es|ed)? (?:the|its|their|that) (?:[\w-]+ ){0,2}?deadlines?\b|"
            r"\bbreaks? (?:the|their|this|that|its) (?:deal|agreement|pact|framework|promises?|commitments?)\b|"
            # "does the diet have to vote on this deal", "will congress approve it"
            r"\b(?:parliament|congress|senate|lawmakers|legislators?|legislature)\b.{0,40}?"
            rf"\b(?:vote on|approve|pass|sign off on)\s+(?:it|this|that|the (?:\w+ )?(?:{DEAL_NOUNS}))\b",
            re.IGNORECASE,
        ),
        re.compile(r"\b(binding|legally|legal|enforce\w*|penalt\w*|ratif\w*|memorandum|treaty|obligat\w*)\b", re.IGNORECASE),
    ),
    Topic(
        "party",  # "what party is takaichi from", "what did the opposition parties say" (not "a party to it")
        re.compile(
            r"\b(what|which) political part(?:y|ies)\b|"
            r"\b(what|which) party (?:is|was|does|did) [\w'’]+(?: [\w'’]+){0,5} (?:from|in|belong|lead|with|represent|partner|partners|ally|allies)\b|"
            # "who is takaichi's coalition partner", "coalition with which party tho": the party
            # she governs with
            r"\bcoalition partners?\b|\bcoalition\b.{0,40}?\b(?:what|which) part(?:y|ies)\b|"
            r"\b(?:what|which) part(?:y|ies)\b.{0,40}?\bcoalition\b|"
            r"\b(opposition|ruling|governing|political|her|his|their|[a-z]+['’]s) part(?:y|ies)\b|\bldp\b",
            re.IGNORECASE,
        ),
        re.compile(r"\b(part(?:y|ies)|LDP|Democrats?|Republicans?|Komeito|Ishin|CDP)\b", re.IGNORECASE),
    ),
    Topic(
        "honour",  # "did takaichi give trump any gifts", "what did he give her as a present"
        _any_of("gifts? gifted an?\\spresents? any\\spresents? souvenirs? nobel prizes? awards? nominat\\w*"),
        _any_of("gifts? gifted presented\\s\\w+\\swith nobel prizes? awards? awarded nominat\\w*"),
    ),
    Topic(
        "clock",  # "what time did they sign it", "what time of day was the signing"
        re.compile(r"\bwhat time\b(?! ?(?:frame|line|period|zone|scale)s?\b)|\bwhat hour\b|\btime of day\b", re.IGNORECASE),
        re.compile(
            r"\b\d{1,2}(?::\d\d)? ?(?:a\.?m\b\.?|p\.?m\b\.?)|\b(morning|afternoon|evening|noon|midday|midnight|o['’]clock|tonight)\b",
            re.IGNORECASE,
        ),
    ),
    Topic(
        "weather",  # "what was the weather like in tokyo that day", "did it rain at the signing"
        re.compile(r"\bweather\b|\b(?:rain(?:ed|ing|y)?|snow(?:ed|ing|y)?|sunny)\b|\btemperature\b", re.IGNORECASE),
        re.compile(r"\bweather\b|\b(?:rain(?:ed|ing|y)?|snow(?:ed|ing|y)?|sunny|cloudy|forecast)\b|\btemperatures?\b", re.IGNORECASE),
    ),
    Topic(
        "press",  # "did they hold a press conference", "what did reporters ask them at the signing"
        re.compile(
            r"\b(?:press|news) (?:conference|briefing)s?\b|"
            r"\b(?:reporters|journalists|the press) (?:ask|asked|question|questioned)\b|"
            r"\bquestions? (?:from|by) (?:the )?(?:reporters|journalists|press)\b",
            re.IGNORECASE,
        ),
        re.compile(r"\b(?:press|news) (?:conference|briefing)|\breporters\b|\bjournalists\b", re.IGNORECASE),
    ),
    Topic(
        "attire",  # "what was trump wearing"
        _any_of("wear wears wearing wore outfits? dressed"),
        _any_of("wear wears wearing wore outfits? dressed suit kimono tie"),
    ),
    Topic(
        "negotiation",  # "who negotiated it", "how long have they been negotiating"
        re.compile(r"\bnegotiat\w*", re.IGNORECASE),
        re.compile(r"\bnegotiat\w*|\btalks\b", re.IGNORECASE),
    ),
    Topic(
        "proposal",  # "who proposed the stockpile", "whose idea was it"
        re.compile(
            r"\bwho (?:first )?(?:proposed|suggested|came up with|initiated|pushed for|thought of|drafted)\b|"
            r"\bwhose idea\b",
            re.IGNORECASE,
        ),
        re.compile(r"\b(propos\w*|suggest\w*|came up with|initiat\w*|pushed for|drafted|idea)\b", re.IGNORECASE),
    ),
    Topic(
        "frequency",  # "how often will they meet"
        re.compile(r"\bhow (?:often|frequently)\b|\bhow many times an? (?:year|month|week)\b", re.IGNORECASE),
        re.compile(
            r"\b(annual(?:ly)?|yearly|monthly|weekly|quarterly|regularly|every (?:\w+ )?(?:years?|months?|weeks?|days?)|"
            r"(?:once|twice|\w+ times) an? (?:year|month|week))\b",
            re.IGNORECASE,
        ),
    ),
    Topic(
        "origin",  # "where was takaichi born", "when was JERA founded", "what year was the palace built"
        re.compile(
            r"\b(born|birthplace|hometown|founded|founding|established)\b|"
            r"\b(?:when|what year) (?:was|were) (?:[\w'’-]+ ){1,4}?(?:built|constructed)\b",
            re.IGNORECASE,
        ),
        re.compile(r"\b(born|birth|birthplace|hometown|native|founded|founding|established|built|constructed)\b", re.IGNORECASE),
    ),
    Topic(
        "schooling",  # "what university did takaichi go to"
        _any_of("university college alma\\smater studied graduated?"),
        _any_of("university college alma\\smater studied graduated? degree"),
    ),
    Topic(
        "office",  # "when did takaichi become pm", "how long has she been in office": taking office
        re.compile(
            r"\b(?:when|date|day|year|how long ago|since when)\b.{0,40}?\b(?:take office|took office|taken office|"
            r"sworn in|assume[ds]? office|come to power|came to power|get elected|got elected|was elected|"
            r"(?:become|became) (?:the )?(?:pm|prime minister|premier|president|leader|head of government))\b|"
            r"\bhow long (?:has|had|have) .{1,30}?\bbeen (?:the )?(?:pm|prime minister|president|in office|in power|leader|in charge)\b",
            re.IGNORECASE,
        ),
        re.compile(
            r"\b(became|become|becoming|took office|taking office|sworn in|assumed office|in office|elected|"
            r"came to power|inaugurat\w*|appointed|took over)\b",
            re.IGNORECASE,
        ),
    ),
    Topic(
        "height",  # "how tall is takaichi"
        re.compile(r"\bhow tall\b|\bheight\b", re.IGNORECASE),
        re.compile(r"\b(tall|height|\d+ ?(?:cm|centimet\w*|feet|ft|metres?|meters?|m))\b", re.IGNORECASE),
    ),
    Topic(
        "finances",  # "what's JERA's revenue"
        _any_of("revenues? profits? earnings turnover market\\scap(?:itali[sz]ation)?"),
        _any_of("revenues? profits? earnings turnover market\\scap(?:itali[sz]ation)? sales"),
    ),
    Topic(
        "distance",  # "how far is yokosuka from tokyo"
        re.compile(r"\bhow far (?:is|are|was|were|away)\b|\bdistance (?:between|from|to)\b", re.IGNORECASE),
        re.compile(r"\b\d[\d,.]* ?(?:km|kilomet\w*|miles?|mi)\b|\bdistance\b|\baway\b", re.IGNORECASE),
    ),
    Topic(
        "arithmetic",  # "whats 15% of 240", "what is 12 x 7": a sum to work out, which no article does
        re.compile(
            r"^\W*(?:(?:what'?s|what is|whats|how much is|calculate|calc|compute)\s+)?"
            r"[$€£¥]?\d[\d,.]*\s*(?:%|percent|bn|billion|million|k)?\s*"
            r"(?:of|\+|-|\*|x|×|÷|/|times|plus|minus|divided by|multiplied by)\s*"
            r"[$€£¥]?\d[\d,.]*\s*(?:%|percent|bn|billion|million|k)?\s*[?!.]*\s*$",
            re.IGNORECASE,
        ),
        re.compile(r"(?!)"),  # never stated: a quote holding both numbers is still no sum
    ),
    Topic(
        "family",  # "is takaichi married", "does trump have kids"
        _any_of("married marriage husband wife spouse kids children sons? daughters?"),
        _any_of("married marriage husband wife spouse kids children sons? daughters? family"),
    ),
    Topic(
        "meal",  # "what did trump eat in tokyo", "who was at the state dinner"
        _any_of("eat eats ate eating dinner lunch breakfast banquet menu meals? dine dined"),
        _any_of("eat eats ate eating dinner lunch breakfast banquet menu meals? dine dined served"),
    ),
    Topic(
        "leisure",  # "did trump and takaichi play golf while he was there", "did they go sightseeing"
        _any_of("golf golfing golfed sightseeing sightsee karaoke sumo"),
        _any_of("golf\\w* sightsee\\w* karaoke sumo"),
    ),
    Topic(
        "credibility",  # "is the clash report article reliable", "is that blog biased": a judgement no article makes
        _any_of("reliable unreliable reliability trustworthy untrustworthy credible credibility biased propaganda"),
        _any_of("reliab\\w* unreliab\\w* trustworth\\w* credib\\w* bias\\w* propaganda"),
    ),
    Topic(
        "opinion",  # "do japanese voters support it", "is it popular", "what do the polls say"
        re.compile(r"\b(voters?|polls?|polling|public opinion|approval ratings?|popular|popularity|the public)\b", re.IGNORECASE),
        re.compile(r"\b(voters?|polls?|polling|surveys?|public opinion|approval|popular|popularity|the public)\b", re.IGNORECASE),
    ),
)


# Topics asked of an article itself ("is the clash report piece reliable"): pointing at one
# article does not make its passages the answer.
TOPICS_OF_SOURCES = frozenset({"credibility"})


# "what did the clash report article say about nuclear power", "does the blog mention gallium",
# "the law firm's take on tariffs": what an article is asked to speak of. Asked of one article,
# such a question is answered only if that article speaks of it (see `Searcher.retrieve`).
_SAID_ABOUT = re.compile(
    r"\b(?:say|says|said|saying|write|writes|wrote|written|report|reports|reported|talk|talks|talked|talking|"
    r"discuss|discusses|discussed|cover|covers|covered|think|thinks|claim|claims|explain|explains|note|notes)"
    r"(?: \w+){0,2}? (?:about|on|regarding) (?P<about>[^?.!]+)|"
    r"\b(?:mention|mentions|mentioned|mentioning|bring up|brings up|brought up)\s+(?P<object>[^?.!]+)|"
    r"\btake on (?P<take>[^?.!]+)",
    re.IGNORECASE,
)
# Words of such a phrase that name no topic, beside the story's own names (`_STORY_WORDS`), the
# article's and filler: its parts.
_NOT_SAID = frozenset(["agreements", "part", "parts", "side", "aspect", "angle", "section", "bit", "portion", "one", "ones"])


def said_about(question: str) -> tuple[tuple[str, ...], ...]:
    """The words an article is asked to speak of, each as the terms any of which would do.

    A word's terms are its own and those of its short form's expansion ("evs": electric,
    vehicles). The story's own names ("the deal"), words for the article, and filler name no
    topic: "what does the blog say about the deal" asks nothing an article could lack.
    """
    match = _SAID_ABOUT.search(question)
    if match is None:
        return ()
    phrase = next(g for g in match.groups() if g)
    out = []
    for word in re.findall(r"[a-z0-9]+", phrase.lower()):
        if word in _STORY_WORDS or word in _NOT_SAID or word in FILLER or word in ARTICLE_WORDS or word in TABLE_WORDS or word in LIST_WORDS:
            continue
        forms = tuple(dict.fromkeys([*tokenize(word), *tokenize(" ".join(ALIASES.get(word, ())))]))
        if forms:
            out.append(forms)
    return tuple(out)


# "what do they mean by optical materials", "what does SMR stand for", "what counts as a
# critical mineral": the meaning of words is asked, which a passage only naming them lacks.
_MEANING = re.compile(
    r"\bwhat (?:do|does|did) (?:they|you|u|it|that|this|these|those|the \w+) mean by (?P<by>[^?.!,;]+)|"
    r"\bwhat (?:do|does) (?P<mean>[^?.!,;]{2,40}?) (?:mean|stand for)\b|"
    r"\bwhat (?:counts|count|qualifies|qualify) as (?P<counts>[^?.!,;]+)",
    re.IGNORECASE,
)
_NOT_DEFINED = frozenset(["here", "there", "in", "this", "that", "the", "a", "an", "it", "context", "article", "like", "exactly", "even", "actually", "specifically"])
# "what does it mean for china": what follows from something, not a word's meaning
_PRONOUNS_ASKED = frozenset(["it", "that", "this", "they", "he", "she", "all", "which"])


def defined_words(question: str) -> str:
    """The words whose meaning the question asks, as written ("optical materials"), or ""."""
    match = _MEANING.search(question)
    if match is None:
        return ""
    phrase = next(g for g in match.groups() if g)
    words = re.findall(r"[\w-]+", phrase.lower())
    while words and (words[-1] in _NOT_DEFINED or words[-1] in FILLER):
        words.pop()
    while words and (words[0] in _NOT_DEFINED or words[0] in FILLER):
        words.pop(0)
    if not words or words[0] in _PRONOUNS_ASKED or len(words) > 4:
        return ""
    return " ".join(words)


# After the words: what a definition or a gloss opens with ("optical materials, which ...",
# "SMRs — small ...", "rare earths are ..."); before them: a short form glossed ("small modular
# reactors (SMRs)").
_GLOSS_AFTER = r"\s*(?:\(|—|–|:|,\s*(?:which|that|a|an|i\.e\.|or|such as|including|like)\b|\s(?:is|are|refers?|means?|stands?|such as|including|like|used)\b)"


def defines(text: str, words: str) -> bool:
    """Whether a passage says what the words mean, or glosses them, rather than only naming them."""
    if not words:
        return True
    spoken = r"\W+".join(re.escape(w) + r"(?:s|es)?" for w in words.split())
    if re.search(rf"\b{spoken}\b{_GLOSS_AFTER}", text, re.IGNORECASE):
        return True
    return bool(re.search(rf"\w[\w\s-]{{3,}}\(\s*{spoken}\s*\)", text, re.IGNORECASE))


# The asker's own life, told as the setting of a question: "my kids asked me about this", "i was
# telling my dad about it at dinner", "i was born in japan so im curious", "as a voter i wanna
# know". Whatever follows is asked of the articles, so these words ask no topic of them.
_ASKERS_OWN = re.compile(
    r"\b(?:my|our)\s+(?:(?:own|little|older|younger|old|whole|entire)\s+)?"
    r"(?:kids?|children|sons?|daughters?|wife|husband|spouse|family|dad|mom|mum|father|mother|parents|"
    r"brothers?|sisters?|grand(?:pa|ma|father|mother|parents)|uncle|aunt|cousins?|in-laws|"
    r"dinner|lunch|breakfast|brunch|hometown|birthday)\b|"
    r"\b(?:i|we|i['’]?m|we['’]re)\s+(?:(?:was|were|am|got|just|also|recently)\s+){0,2}"
    r"(?:born|married|raised|wearing|wore|dressed|eating|ate)\b|"
    # "as a voter i wanna know", "as a japanese citizen, ...": who is asking
    r"\bas an?\s+(?:[\w'’-]+\s+){0,2}?[\w'’-]+(?=\s*,|\s+(?:i|im|i['’]m|we)\b)",
    re.IGNORECASE,
)
# A meal as the asker's setting ("we argued at breakfast about it"), in a sentence that speaks
# in the first person; "what did they talk about at the state dinner" is about theirs.
_MEAL_SETTING = re.compile(
    r"\b(?:at|over|during)\s+(?:the\s+|a\s+|our\s+|my\s+|family\s+)?(?:dinner|lunch|breakfast|brunch)(?:\s+table)?\b",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(r"\b(?:i|i['’]?m|i['’]?ve|i['’]?d|my|we|we['’]re|our)\b", re.IGNORECASE)
# Everyday phrases that share a word with a topic and mean something else: "are they gonna stock
# up on rare earths" (no stock market), "who profits from this" (no company's accounts), "will
# this eat into china's dominance" (no meal), "how far are they from picking projects" (no
# distance), "what did they tell the public" (no opinion poll).
_TOPIC_LOOKALIKES = re.compile(
    r"\bstock(?:s|ed|ing)?\s+up\b|"
    r"\b(?:who|which\s+[\w'’-]+)\s+(?:(?:will|would|could|gets?\s+to|really|actually)\s+)?profit(?:s|ed)?\b|"
    r"\b(?:will|would|could|can|does|do|did|to|gonna)\s+(?:(?!(?:the|a|an|any|its|their|this|that)\b)[\w'’-]+\s+)?profit\b|"
    r"\b(?:eat|eats|eating|eaten|ate)\s+into\b|"
    r"\bhow far\s+(?:along\b|(?:is|are|was|were)\s+(?:[\w'’-]+\s+){1,3}?from\s+\w+ing\b)|"
    r"\b(?:tell|tells|told|telling|inform\w*|show\w*|reveal\w*|announc\w*|reassur\w*|to)\s+the\s+public\b",
    re.IGNORECASE,
)


def _topic_text(question: str) -> str:
    """The question without the asker's own setting (`_ASKERS_OWN`) or a topic's lookalikes."""
    text = _TOPIC_LOOKALIKES.sub(" ", _ASKERS_OWN.sub(" ", question))
    parts = re.split(r"(?<=[.?!;])\s+", text)
    return " ".join(_MEAL_SETTING.sub(" ", s) if _FIRST_PERSON.search(s) else s for s in parts)


def topics_asked(question: str) -> tuple[str, ...]:
    """The `TOPICS` a question asks about ("did stocks pop" -> ("market",)).

    Not the asker's own ("my kids asked me about this" asks nothing about anyone's family), nor
    a phrase that only looks like one ("stock up on rare earths").
    """
    question = _topic_text(question)
    return tuple(t.name for t in TOPICS if t.asked.search(question))


def states_topic(topic: str, text: str) -> bool:
    """Whether a passage speaks of the topic ("Shares in the company jumped" of "market")."""
    return any(t.stated.search(text) for t in TOPICS if t.name == topic)


# "which rare earths do they name", "what minerals are covered", "which elements did they list":
# the answer is chemical elements by name, not a sentence about rare earths in general.
_ASKS_ELEMENTS = re.compile(
    r"\b(?:which|what)\s+(?:(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\s+)?(?:(?:other|specific|exact|actual|critical|key|heavy|light|extra|new|additional|more|further|particular)\s+)?"
    r"(?:rare[\s-]earths?(?:\s+elements?|\s+metals?)?|elements|minerals|metals)\b(?!\s+(?:deal|pact|agreement|framework|accord|sector|industry|market|supply|policy|strategy|trade)\b)",
    re.IGNORECASE,
)


def asks_elements(question: str) -> bool:
    """Whether a question asks which elements or minerals (their names are the answer)."""
    return bool(_ASKS_ELEMENTS.search(question))


# "what is dysprosium used for", "what's cerium good for": what one element is used for.
_USE = re.compile(r"\bused (?:for|in)\b|\bgood for\b|\buses? of\b|\bwhat (?:is|are|'?s) \w+ (?:even |actually )?for\b", re.IGNORECASE)


def is_element(word: str) -> bool:
    """Whether a lower-case word is a chemical element's name, not an everyday word ("lead", "iron")."""
    return word in element_names() and zipf(word) < NAME_ZIPF


def tells_use(text: str, element: str) -> bool:
    """Whether a passage has a sentence on `element` that does not merely list it among others.

    "Rare earth elements such as neodymium, dysprosium, and lithium are vital for modern
    technology" names dysprosium in a list of three and says nothing of its own use; "Neodymium
    magnets power electric vehicle motors" does.
    """
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
        words = [w.lower() for w in _WORDISH.findall(sentence)]
        if element in words and sum(1 for w in set(words) if is_element(w)) <= 2:
            return True
    return False


# "which 5 rare earths did china add", "what were the seven elements": several asked for, which
# a sentence naming one ("... asked IREL to suspend neodymium exports") does not list
_SEVERAL_ELEMENTS = re.compile(
    r"\b(?:which|what(?: are| were)?(?: the)?) (?:\d+|two|three|four|five|six|seven|eight|nine|ten|several) "
    r"(?:[\w-]+ ){0,2}?(?:elements|rare earths|metals|minerals|ones)\b",
    re.IGNORECASE,
)


# The seventeen rare earth elements (the lanthanides, scandium and yttrium): asked for rare
# earths, gallium and germanium named beside them are no answer.
RARE_EARTHS = frozenset(
    ["lanthanum", "cerium", "praseodymium", "neodymium", "promethium", "samarium", "europium", "gadolinium", "terbium", "dysprosium", "holmium", "erbium", "thulium", "ytterbium", "lutetium", "scandium", "yttrium"]
)
_RARE_EARTH_ASKED = re.compile(r"\brare[- ]?earths?\b(?! (?:magnets?|mines?|mining|refiner(?:y|ies)|processing|supply|exports?|imports?)\b)", re.IGNORECASE)


def names_element(text: str, question: str) -> bool:
    """Whether a passage names a chemical element the question does not ("neodymium, dysprosium").

    Asked for several ("which 5 rare earths"), one sentence must name two at least, a material
    made of several ("neodymium-iron-boron") counting as one; asked for rare earths, only rare
    earths count.
    """
    asked = {w.lower() for w in _WORDISH.findall(question)}
    earths = bool(_RARE_EARTH_ASKED.search(question))

    def new_element(word: str) -> bool:
        return is_element(word) and word not in asked and (not earths or word in RARE_EARTHS)

    if not _SEVERAL_ELEMENTS.search(question):
        return any(new_element(w) for w in (w.lower() for w in _WORDISH.findall(text)))
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
        # "neodymium-iron-boron magnets" is one material, not three elements listed
        named = {
            item
            for item in re.findall(r"[\w’'-]+", sentence.lower())
            if any(new_element(w) for w in _WORDISH.findall(item))
        }
        if len(named) >= 2:
            return True
    return False


# "china's list", "did beijing add": a place as owner, or as the subject after an auxiliary
_ACTING = re.compile(r"([^\W_]+)(?=['’]s\b)|\b(?:did|does|do|has|have|had|will|would)\s+(?:the\s+)?([^\W_]+)", re.IGNORECASE)


def element_actors(question: str) -> frozenset[str]:
    """The countries a question asking for elements makes act on them, as country terms.

    "Which elements did china add to its list", "beijing's new controls": China.

    The elements such a question asks for are that country's choice; a sentence listing
    elements for another reason ("Rare earth elements such as neodymium, dysprosium, and
    lithium are vital for modern technology") does not answer it.
    """
    places = _country_of_term()
    found: set[str] = set()
    for m in _ACTING.finditer(question):
        for term in tokenize(m.group(1) or m.group(2)):
            if term in places:
                found.add(places[term])
    return frozenset(found)


def countries_in(text: str) -> set[str]:
    """A text's terms, each place's (its people's, its capital's) read as its country's term."""
    return as_countries(tokenize(text))


def as_countries(terms: Iterable[str]) -> set[str]:
    """Terms, each place's (its people's, its capital's) read as its country's ("tokyo": "japan")."""
    places = _country_of_term()
    return {places.get(t, t) for t in terms}


def names_element_by(text: str, question: str, actors: frozenset[str], *, title: str = "") -> bool:
    """Whether a sentence of the passage names an element with one of `actors` in it or the one before.

    Any sentence will do when the article's title names the actor ("China Expands Rare Earth
    Export Controls": each of its sentences is about China's rules).
    """
    if title and countries_in(title) & actors:
        return names_element(text, question)
    before: set[str] = set()
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
        here = countries_in(sentence)
        if (here | before) & actors and names_element(sentence, question):
            return True
        before = here
    return False


# "which state gets the first plant", "which us states supply the gas": a state, province or
# prefecture, not the country it is in ("which EU member states" asks for countries).
_ASKS_REGION = re.compile(
    r"\bwhich (?!member\b)(?:[\w.]+ )?(states?|provinces?|prefectures?)\b|\bwhat (?!member\b)(?:[\w.]+ )?(states|provinces|prefectures)\b",
    re.IGNORECASE,
)


def asks_region(question: str) -> bool:
    """Whether a question asks which state, province or prefecture."""
    return bool(_ASKS_REGION.search(question))


def names_region(text: str) -> bool:
    """Whether a passage names a state, province or prefecture (`lexicon.region_names`)."""
    words = [w.lower() for w in _WORDISH.findall(text)]
    regions = region_names()
    return any(" ".join(words[i : i + n]) in regions for n in (1, 2, 3) for i in range(len(words) - n + 1))


# "which city is the apec summit in", "apec was in which korean city", "in what town": a city,
# not the country it is in ("the APEC summit in South Korea" does not say which).
_ASKS_CITY = re.compile(
    r"\b(?:which|what|wat|wut|wich)\s+(?:[\w.]+\s+)?(?:city|cities|town|towns)\b", re.IGNORECASE
)
# A capitalised run of words ("Seoul", "TOKYO", "New York"): a city is a whole name, not a part
# of a longer one ("the USS George Washington" is a ship). A capitalised preposition opening a
# sentence ("In Seoul, ...") is not part of the name.
_CAPITALISED_RUN = re.compile(r"\b[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*")
_LEADING = frozenset({"in", "at", "from", "to", "near", "outside", "inside", "the"})


def asks_city(question: str) -> bool:
    """Whether a question asks which city or town."""
    return bool(_ASKS_CITY.search(question))


def names_city(text: str) -> bool:
    """Whether a passage names a city (`lexicon.city_names`) as a capitalised name."""
    cities = city_names()
    for run in _CAPITALISED_RUN.findall(text):
        words = [w.lower().rstrip(".’'") for w in run.split()]
        if words and words[0] in _LEADING:
            words = words[1:]
        if words and " ".join(words) in cities:
            return True
    return False


# "what's the name of the one mine the US has", "what is it called": the answer is a name.
# "which mine is the one operating in the states", "which projects did they pick": the one
# thing meant, or the ones chosen, asked by their names; group "one" is what is named.
WHICH_ONE = (
    r"\bwhich (?P<one>(?:\w+ ){0,2}\w+) (?=(?:is|was) (?:it|the (?:one|only|first|last|main))\b|"
    r"(?:did|have|has|had|were|was|got) (?:\w+ ){0,3}?(?:pick(?:ed|ing)?|cho(?:se|sen|osing)|select(?:ed|ing)?)\b)"
)
_ASKS_NAME = re.compile(
    r"\bname of\b|\bwhat('?s| is| was| are| were) (it|that|this|he|she|they) called\b|\bcalled what\b|"
    # "what was the palace called again": the name of a thing the question names
    rf"\bwhat('?s| is| was| are| were) (the|that|this) (\w+ ){{1,3}}?called\b|{WHICH_ONE}",
    re.IGNORECASE,
)


# "one of the articles", "one of them": a pronoun for one of several, no number searched
_ONE_OF = re.compile(r"\bone of (?:the|these|those|them|ur|your)\b", re.IGNORECASE)


def asks_name(question: str) -> bool:
    """Whether a question asks for something's name."""
    return bool(_ASKS_NAME.search(question))


# "tldr?", "what's the gist", "eli5 the deal", "what is this deal even about": the story in
# short, which a news story's opening paragraph (its lede) gives by convention.
_SUMMARY = re.compile(
    r"\b(tl;?dr|gist|nutshell|summary|summari[sz]e|sum (it|this|that|things|everything) up|overview|"
    r"short version|eli5|big picture|recap|rundown|run-down|main idea|"
    r"what('?s| is| was) (it|this|that|the)( (deal|story|news|agreement|pact|framework|thing|article|post|piece|blog|report))? (all |even |really |actually )?about"
    r"(?=\s*([?.!]|$|lol|tbh|ngl|again|anyway|exactly|then|here|tho|though))|"
    # "what did they actually put pen to paper on" (read "sign on"), "so what did both sides agree
    # to": the deal itself, which the lede says ("... signed a comprehensive framework agreement focused on")
    r"what (?:did|do|have) (?:they|both|both sides|the two|the two sides|the leaders|the two leaders) "
    r"(?:actually |even |really |just |officially |formally )?(?:agree(?:d)? (?:to|on)|sign(?:ed)?(?: on)?|commit(?:ted)? to)"
    r"(?=\s*([?.!]|$|lol|tbh|ngl|again|anyway|exactly|then|here|tho|though))|"
    # "so what does the thing actually do"
    r"what (?:does|did|will|would) (?:it|this|that|the (?:deal|agreement|pact|framework|thing|accord)|this (?:deal|agreement|pact|framework|thing|accord)) "
    r"(?:actually |even |really )?do(?=\s*([?.!]|$|lol|tbh|ngl|again|anyway|exactly|then|here|tho|though)))",
    re.IGNORECASE,
)
# Words of such a request no article need use.
SUMMARY_WORDS = frozenset(
    ["tldr", "tl", "dr", "gist", "nutshell", "summary", "summarize", "summarise", "sum", "overview", "short",
     "version", "eli5", "big", "picture", "recap", "rundown", "run", "main", "idea",
     # "what did both sides agree to", "what did they put pen to paper on"
     "agree", "agreed", "sign", "signed", "commit", "committed", "sides", "leaders", "both"]
)


# Words naming the story as a whole ("the deal", "this whole thing").
# ("what", "pls", "whole", "story", "article" and other chat or stop words are no content words
# and never get here.)
_STORY_WORDS = frozenset(["deal", "deals", "agreement", "pact", "framework", "accord", "post", "blog", "give"])


# "main points?", "give me the highlights": the story in short when nothing else is named ("the
# key points of the deal" is answered by the article's list of key elements, as before).
_BARE_SUMMARY = re.compile(r"\b(?:key|main) points\b|\b(?:key )?takeaways\b|\bhighlights\b|\bthe basics\b", re.IGNORECASE)
_BARE_SUMMARY_WORDS = frozenset(["key", "main", "points", "takeaways", "highlights", "basics", "give"])


_COMPARING = frozenset({"compare", "compared", "comparison"})


# "in the table", "how does the chart sum up", "that country grid": the articles' table named as
# the place to look, not the idiom ("is fusion on the table", "off the table").
_TABLE_POINTED = re.compile(
    rf"(?<!\bon )(?<!\boff )\b(?:the|that|this)\s+(?:[a-z]+\s+)?(?:{'|'.join(TABLE_NOUNS)})\b", re.IGNORECASE
)


def _capital_as_country(word: str, vocab: Vocabulary) -> str:
    """A capital no article names as the country it stands for ("brussels'" -> "eu"), else the word."""
    bare = re.sub(r"['’]s?$", "", word)
    return CAPITALS[bare] if bare in CAPITALS and bare not in vocab else word


def asks_table(words: set[str] | frozenset[str], expected: AnswerType | None) -> bool:
    """Whether a question asks for a table ("the chart", "how does the EU compare").

    Not an amount set beside another ("how much is seoul putting in compared to japan's 550"):
    the comparing is the member's, and the sum asked for must still be in the quote.
    """
    table_words = words & TABLE_WORDS
    return bool(table_words) and not (table_words <= _COMPARING and expected in AMOUNTS)


# What a question about a table as a whole says besides the table's own nouns ("what columns
# does the chart have", "what does the grid compare", "sum up the table for me"): the table's
# shape and showing it, nothing a row holds.
_WHOLE_TABLE_WORDS = frozenset(
    [
        *("column", "columns", "row", "rows", "header", "headers", "heading", "headings"),
        *("category", "categories", "field", "fields", "layout", "lay", "laid"),
        *("show", "shows", "showing", "shown", "display", "displays", "list", "lists", "listed", "put"),
        *("compare", "compares", "compared", "comparing", "cover", "covers"),
        *("include", "includes", "included", "contain", "contains"),
        *("summary", "summarize", "summarise", "summarized", "summarised", "sum", "recap"),
        *("breakdown", "overview", "tldr", "gist"),
    ]
)


def asks_whole_table(words: Sequence[str]) -> bool:
    """Whether a question (its words, typos corrected) asks what a table shows as a whole.

    "what does the chart show", "what columns does that comparison table have": no row is
    asked for, so matching rows by their words finds none (every content word is the table's
    own), and the question read as naming nothing the articles have was declined. The answer is
    the table itself: its rows, which name its columns. Every word but grammar and chat filler
    counts, short ones too: "the EU in the chart" names a row by a word too short to be a
    content word.
    """
    said = {w for w in words if w not in STOPWORDS and w not in FILLER and w not in DOCUMENT_NOUNS}
    return bool(said & set(TABLE_NOUNS)) and said <= TABLE_WORDS | _WHOLE_TABLE_WORDS


def asks_summary(question: str) -> bool:
    """Whether a question asks for the story in short rather than for one fact."""
    return bool(_SUMMARY.search(question))


def asks_bare_summary(question: str, content: Sequence[str]) -> bool:
    """Whether a question only asks for the main points, naming nothing else ("main points?")."""
    return bool(_BARE_SUMMARY.search(question)) and bool(content) and all(w in _BARE_SUMMARY_WORDS for w in content)


# A run of capitalised words, connectors allowed between them ("Indo-Pacific Economic Framework
# for Prosperity", "Free & Open Indo-Pacific").
_CAPITAL_RUN = re.compile(
    r"[A-Z][\w’'.]*(?:[-–][A-Z][\w’'.]*)*(?:\s+(?:(?:of|for|and|the|on|&)\s+)?[A-Z][\w’'.]*(?:[-–][A-Z][\w’'.]*)*)+"
)
_CONNECTORS = frozenset(["of", "for", "and", "the", "on", "&"])
ACRONYM_LETTERS = (3, 6)  # initialisms members write ("FOIP", "IPEF"); "US", "PM" are the lexicon's


def initialisms(text: str) -> dict[str, str]:
    """The initialisms a text's capitalised phrases may be written as, and the phrase each means.

    "IPEF" for "Indo-Pacific Economic Framework" (hyphenated words count apart), "FOIP" for
    "Free & Open Indo-Pacific" (connectors left out): three to six words from a run's start.
    Only a run's beginnings, so that a big corpus keeps a few per phrase, not every stretch of
    every name; the first phrase found keeps an initialism.
    """
    out: dict[str, str] = {}
    lo, hi = ACRONYM_LETTERS
    for match in _CAPITAL_RUN.finditer(text):
        words = [w for w in re.split(r"[\s\-–]+", match.group(0)) if w and w.lower() not in _CONNECTORS]
        words = [w for w in words if w[0].isupper()]
        # From the run's first word, or its second: a sentence may open with a capital
        # ("Under the Indo-Pacific Economic Framework ...").
        for start in (0, 1):
            for j in range(start + lo, min(len(words), start + hi) + 1):
                out.setdefault("".join(w[0] for w in words[start:j]).lower(), " ".join(words[start:j]))
    return out


# A common noun the articles define by an initialism they then use alone: "liquefied natural
# gas (LNG)", "small modular reactors (SMRs)", "a memorandum of understanding (MOU)".
_DEFINED = re.compile(r"\b((?:[a-z][a-z-]* ){0,5}[a-z][a-z-]*) \(([A-Z]{2,6})s?\)")
_DEFINITION_CONNECTORS = frozenset(["of", "for", "and", "the", "on"])


def defined_heads(text: str) -> dict[str, str]:
    """The head noun of each lower-case phrase a text defines by an initialism, and the initialism.

    "liquefied natural gas (LNG)" gives {"gas": "LNG"}; "memorandum of understanding (MOU)"
    gives {"memorandum": "MOU"}. An article that defines "LNG" once writes "LNG" after that,
    and so do other articles: a member asking about "the gas part" means those sentences too.
    The initialism must be the initials of the phrase's last words (connectors may count or
    not), so a parenthesis that only follows some words ("the deal (AP)") is not a definition.
    Only a noun the article uses in no other phrase: "small modular reactors (SMRs)" beside
    "AP1000 reactors" leaves "reactors" meaning either.
    """
    out: dict[str, str] = {}
    lowered = text.lower()
    for match in _DEFINED.finditer(text):
        words, letters = match.group(1).split(), match.group(2).lower()
        for k in range(len(words), 0, -1):
            tail = words[-k:]
            if tail[0] in _DEFINITION_CONNECTORS:
                continue
            full = "".join(w[0] for w in tail)
            bare = "".join(w[0] for w in tail if w not in _DEFINITION_CONNECTORS)
            if letters in (full, bare):
                cut = next((i for i, w in enumerate(tail) if w in _DEFINITION_CONNECTORS), len(tail))
                head, phrase = tail[cut - 1], " ".join(tail)
                uses = len(re.findall(rf"\b{re.escape(head.removesuffix('s'))}s?\b", lowered))
                if uses == lowered.count(phrase):
                    out.setdefault(head, match.group(2))
                break
    return out


# Advice for the asker ("how do I get a visa", "where can I buy magnets", "recommend me an
# anime"): news articles report events, they don't advise members, so whatever words such a
# question shares with them, the answer is never a quote. "How do I know" and "where can I
# read it" ask about the story. "What's a good ...", "should I ..." and "how can we ..." are
# left out: members also ask them about the story ("what's a good summary", "should I worry").
_ADVICE = re.compile(
    r"\bhow (do|can|should) (i|u)\b(?! (know|tell|find out|check|be sure))|"
    r"\bwhere (can|do|should) (i|u)\b(?! (read|find|see) (it|this|that|the|more|about))|"
    r"\b(recommend|suggest) (me|us)\b|"
    # "best neodymium magnets for a diy knife strip": a pick for the asker's own use
    r"\bbest .{1,40}? for (a|an|my|our) |\b(should|would) (i|u) (buy|get|use)\b|\bdiy\b|"
    # "is gold a good investment rn", "is the switch 2 worth buying yet": a purchase for the asker
    r"\b(a|an) (good|bad|smart|safe|solid) (investment|buy)\b|\b(should|would) (i|u|we) (invest|sell)\b|"
    # "is a jr pass worth it for 10 days", "is it worth learning rust": worth someone's while,
    # which no report says ("$360 billion worth of goods" is an amount)
    r"\bworth (it|buying|getting|grabbing|learning|watching|playing|reading|visiting|trying)\b|"
    # "what's the best way to learn japanese", "a good korean drama to watch", "a good app to
    # learn japanese": a pick for the asker
    r"\bbest way to\b|\b(a|any|some) good .{1,30}? to (watch|read|play|listen to|try|visit|buy|eat|"
    r"learn|study|practi[cs]e|download|install)\b|"
    # "anyone got a good japanese curry recipe": cooking is for the asker, never the news
    r"\brecipes?\b|"
    # "anyone got a good ramen spot near shinjuku station?": somewhere for the asker to eat or stay
    r"\b(a|any|some) good (ramen|sushi|food|restaurants?|bars?|hotels?|hostels?|cafes?|coffee)\b|"
    r"\b(a|any|some) good .{0,30}?(spots?|places?) (to (eat|stay|drink)|for (food|dinner|lunch|drinks|coffee))\b|"
    # "recommend a good sci-fi book", "best ramen spot near shibuya", "a decent keyboard under 80
    # bucks": a pick for the asker, by place or price
    # (asked of the bot or the channel: "did they recommend a stockpile" reports a view)
    r"(?:^\W*|\b(?:can|could|would) (?:you|u|someone|anyone|somebody) |\b(?:pls|please|plz) )(recommend|suggest) (a|an|some|any)\b|"
    r"\bbest .{1,40}? (spots?|places?) (near|in|around)\b|"
    r"\b(best|good|decent|cheap) .{1,40}? under (\$\d+(?!\.?\d* ?(billion|million|bn|m|b)\b)|\d+ ?(bucks|dollars|usd|quid|euros?|pounds|yen))\b|"
    # "translate 'good morning' to japanese pls", "how do you say good morning in japanese": a
    # service for the asker
    r"^\W*(?:(?:can|could) (?:you|u) |pls |please |plz )?translate\b|"
    r"\bhow (?:do|would|should|can) (?:you|u|i|we|ya) (?:say|pronounce|write)\b.{1,40}?\bin [a-z]+(?:ese|ish|ian|ic|an)\b",
    re.IGNORECASE,
)


# "besides japan, who's the us partnering with", "apart from minerals": what follows names what
# is not asked about (up to three words before the next short or asking word).
_BESIDES = re.compile(
    r"\b(?:besides|apart from|aside from|other than|except(?: for)?)\s+(?:the\s+|that\s+|this\s+)?"
    r"((?:(?!(?:who|what|which|where|when|how|is|are|was|were|do|does|did|the|or)\b)[\w'’-]+\s*){1,3})",
    re.IGNORECASE,
)


# "did brussels go the tariff route like trump did", "... the way japan has": what the question
# compares with is not what it asks about (it had found Trump's tariff strategy, not the EU's).
_COMPARED = re.compile(
    r"\b(?:like|as|the way)\s+(?!(?:what|when|where|who|how|which|why|if|it|they|he|she|we|you|i)\b)"
    r"((?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+)?)\s+(?:did|does|do|has|have|had)\b(?=\W*$|\W*(?:or|and|but|too|already)\b)",
    re.IGNORECASE,
)


def set_aside_terms(question: str) -> frozenset[str]:
    """The terms of what a question sets aside ("besides japan" -> {"japan"}) or compares with ("like trump did")."""
    found = [*_BESIDES.finditer(question), *_COMPARED.finditer(question)]
    return frozenset(t for m in found for t in tokenize(m.group(1)))


def asks_advice(question: str) -> bool:
    """Whether a question asks for advice for the asker rather than about the news."""
    return bool(_ADVICE.search(question))


# "whats the capital of australia again", "the national animal of australia", "the tallest
# building in japan": a fact from an encyclopedia, which news states only in passing
# ("Canberra, the capital, ..."); a grown corpus names the place often enough that some quote
# about it always comes near.
_FACT = re.compile(
    r"\b(capital(?: city)? of|capital city|population|national (?:animal|anthem|flag|bird|dish|sport|flower)|"
    r"official languages?|tallest|highest mountain|longest river|(?:largest|biggest) city|time ?zone|"
    r"atomic (?:number|weight|mass)|(?:melting|boiling) point|chemical symbol)\b",
    re.IGNORECASE,
)


# "the largest city in australia": the fact is "largest"; "city" only says of what
_FACT_FRAME = frozenset(tokenize("city"))


def fact_terms(question: str) -> tuple[str, ...]:
    """The terms of an encyclopedia's fact a question asks ("capital of australia" -> capit)."""
    match = _FACT.search(question)
    if not match:
        return ()
    return tuple(t for t in tokenize(match.group(1)) if t not in _FACT_FRAME)


# "whats neodymium going for per kg rn", "the price of dysprosium", "what price floor did the
# pentagon guarantee": a price per unit of a commodity, which news gives per unit ("$110 per
# kilogram", "$15,000 a tonne"); a sum of money spent on the thing ("$90 million for a 15% stake
# and the right to buy 30% of the project's dysprosium") is no price of it. ("What is the
# project supposed to cost" asks a total, an amount.)
_UNIT = r"(?:kg|kgs|kilo|kilos|kilogram|kilograms|ton|tons|tonne|tonnes|pound|pounds|lb|lbs|ounce|ounces|oz|barrel|barrels)"
_ASKS_PRICE = re.compile(
    rf"\bper {_UNIT}\b|/ ?{_UNIT}\b|\bprice[- ]?wise\b|\b(?:spot|market) prices?\b|"
    r"\bprices? (?:floor|cap|ceiling)s?\b|"
    # "what's dysprosium going for rn" (not "how many days of supply is the bill going for")
    r"^(?!.*\bhow many\b).*\bgoing for(?=\W*$| (?:per|a|an|each|right now|rn|now|these days|today)\b)|"
    r"\b(?:what|whats|what's|how much)\b.{0,30}\bprices? (?:of|for) (?!(?:the|this|that|it|a|an|such|all)\b)",
    re.IGNORECASE,
)
_MONEY = r"(?:[$€£¥]\s?\d[\d,.]*|\d[\d,.]* (?:dollars|yuan|yen|euros))"
_STATES_PRICE = re.compile(
    rf"{_MONEY}(?: (?:million|billion|thousand))? ?(?:per|a|an|each|/) ?{_UNIT}\b|"
    # "guarantees $110 price floor", "a floor of $16,000", "priced at $9": a price set or paid
    rf"{_MONEY} (?:price|floor)\b|\b(?:price|floor|priced) (?:of |at |around |near )?{_MONEY}",
    re.IGNORECASE,
)


def asks_price(question: str) -> bool:
    """Whether a question asks a commodity's price per unit ("going for per kg", "price of neodymium")."""
    return bool(_ASKS_PRICE.search(question))


def states_price(text: str) -> bool:
    """Whether a passage gives a price per unit ("$110 per kilogram", "$15,000 a tonne", "a $110 price floor")."""
    return bool(_STATES_PRICE.search(text))


# "which louisiana lng terminal are japanese buyers signing with", "which US small modular
# reactor project are japanese firms buying into": a facility of a place asked for by its name,
# which a sentence naming only the place ("suppliers in Alaska and Louisiana") does not give.
# (A company is often named without its kind: "Utility giant JERA".)
_KIND_NAMED = re.compile(
    r"\bwhich (?P<place>[\w.]+) (?:(?!(?:is|are|was|were|get|gets|got|did|do|does|has|have|had|will|would|the|a|an|to|for|in|on|of|with)\b)[\w-]+ ){0,3}?"
    r"(?P<head>terminal|project|plant|refinery|mine|facility|site|shipyard|port|developer|operator)s?\b",
    re.IGNORECASE,
)


# "when is takaichi going to washington", "her return visit to DC", "trump heading to china":
# a journey to a place, which a quote answers only by telling of one there.
_TRIP_TO = re.compile(
    r"\b(?:visit\w*|trips?|travel\w*|head(?:s|ed|ing)?|go|goes|going|gone|went|fl(?:y|ies|ying|ew|own|ight)|"
    r"coming|come|comes|jet\w*)\s+(?:[\w'’]+\s+){0,2}?to\s+(?:the\s+)?(?P<place>d\.?c\b\.?|[a-z]+(?:\s+[a-z]+)?)",
    re.IGNORECASE,
)


# "who signed it", "so who actually inked the thing": the signatories, whom a quote names only
# by reporting a signing ("Japan will channel about $550 billion" names an actor, not a signer).
_SIGNER = re.compile(
    r"^\W*(?:(?:so|ok|okay|and|but|wait)\W+)*who(?:'?s| is| was| were|'d| had| has| have)?\s+(?:\w+\s+)?"
    r"(?:signs?|signed|signing|inks?|inked|inking|pens?|penned)\b",
    re.IGNORECASE,
)


# "whats the exact date the six month window closes", "what exact date did beijing roll out the
# rules": a day of the calendar, which a span ("within six months") or a month does not give.
_EXACT_DATE = re.compile(
    r"\b(?:exact|precise|specific|actual)\s+(?:deadline\s+|calendar\s+)?(?:date|day)\b|\bwhat date exactly\b", re.IGNORECASE
)
_CALENDAR_DAY = re.compile(
    rf"\b{MONTHS_PATTERN}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b|"
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{'|'.join(MONTHS)})\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b",
    re.IGNORECASE,
)


# "how much is japan putting into SMRs specifically", "how much money did japan set aside
# specifically for the joint stockpile": an amount for one part, which a sum for the whole (or
# for another part) is not.
_SPECIFICALLY_AFTER = re.compile(
    r"\b(?:specifically|in particular)\s+(?:for|on|to|into|in|from)\s+(?:the\s+|that\s+|this\s+)?((?:[\w'’-]+\s*){1,3})",
    re.IGNORECASE,
)
_SPECIFICALLY_BEFORE = re.compile(
    r"\b(?:to|into|for|on|in|from)\s+(?:the\s+|that\s+|this\s+|its\s+|their\s+)?((?:[\w'’-]+\s+){1,3}?)(?:specifically|in particular)\b",
    re.IGNORECASE,
)


def specific_terms(question: str) -> tuple[str, ...]:
    """The terms of the part a question asks an amount for "specifically" (at most two), or ().

    The part is what the amount goes to, for or into ("into SMRs specifically"); "how much lng
    is jera buying each year specifically" names no part.
    """
    if m := _SPECIFICALLY_AFTER.search(question):
        return tuple(tokenize(m.group(1)))[:2]
    if m := _SPECIFICALLY_BEFORE.search(question):
        return tuple(tokenize(m.group(1)))[-2:]
    return ()


def states_amount_of(text: str, terms: Sequence[str]) -> bool:
    """Whether a sentence (or list item) of a text gives a number beside all of these terms."""
    parts = (item for line in text.split("\n") for sentence in sentences(line) for item in re.split(r"\s*[•·;]\s*", sentence))
    return any(numbers_in(part) and set(terms) <= set(tokenize(part)) for part in parts)


def calendar_days(text: str) -> set[str]:
    """The days of the calendar a text gives ("October 28", "28 October", "2025-10-28"), lower-cased."""
    return {" ".join(m.group(0).lower().replace(".", "").split()) for m in _CALENDAR_DAY.finditer(text)}


def trip_destination(question: str) -> str:
    """The place a question asks about someone travelling to ("" if none): a country or a capital."""
    for m in _TRIP_TO.finditer(question):
        words = m.group("place").lower().replace(".", "").split()
        if words[0] == "dc":
            return "washington"
        if words[0] in CAPITALS:
            return words[0]
        named = places_named(words)
        if named and words[: len(named[0].split())] == named[0].split():
            return named[0]
    return ""


def kind_named(question: str) -> str:
    """The stemmed kind of facility a question asks a place's one of by name ("" if none)."""
    m = _KIND_NAMED.search(question)
    if not m:
        return ""
    place = m.group("place").lower().replace(".", "")
    if not (places_named([place]) or place in DEMONYMS or place in {"us", "usa", "american", "japanese", "chinese"}):
        return ""
    return (tokenize(m.group("head")) or [""])[0]


# Words asking for a part of a page ("the FAQ", "the final thoughts bit", "the bullet points").
_SECTION_TERMS = frozenset(
    tokenize("section sections bit bits part parts faq faqs heading header subheading bullet bullets box list lists")
)
# ... but "section 232" is a law's section, not a page's ("the section 232 tariffs")
_LAW_SECTION = re.compile(r"\bsections? \d+\w*", re.IGNORECASE)


def asks_page_part(question: str) -> bool:
    """Whether a question asks for a part of a page ("the FAQ", "the interesting facts bit").

    Only then does a window under a heading the question names count as the part asked for
    (see `Searcher.retrieve`): "section 232" names a law’s section, not a page’s.
    """
    return bool(_SECTION_TERMS & set(tokenize(_LAW_SECTION.sub(" ", question))))


NAME_ZIPF = 4.5  # a capitalised word rarer than this names something ("Toyota", "Jupiter")
_CASED = re.compile(r"[^\W\d_][^\W_]*(?:['’][^\W_]+)?")


_INSTITUTION_PHRASES = tuple(n.lower() for n in INSTITUTIONS)  # as a lower-cased question has them


def institutions_named(words: Sequence[str]) -> list[str]:
    """The institutions (`lexicon.INSTITUTIONS`) a question's lower-cased words name, as names.

    A name read only after "the" ("the diet", not a diet) is also one after a place's name:
    "does japan's diet have to ratify it" (the possessive is gone from `words`).
    """
    text = f" {' '.join(words)} "
    owners = {w for w in words if w in place_names() or w in _SHORT_PLACES}

    def named(phrase: str) -> bool:
        if f" {phrase} " in text:
            return True
        rest = phrase.removeprefix("the ")
        return rest != phrase and any(f" {w} {rest} " in text for w in owners)

    return [p.removeprefix("the ") for p in _INSTITUTION_PHRASES if named(p)]


def _casefold_unique(names: Sequence[str]) -> tuple[str, ...]:
    """The names once each, as first written ("JBIC" and "jbic" are one)."""
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.casefold(), name)
    return tuple(seen.values())


# "is jbic or the dfc handling the financing", "who makes them, is it westinghouse?": the asker
# offers the answers; the word before and after "or", or the one guessed at the end.
_OFFERED = re.compile(r"\b([\w'’-]+) or (?:the |a |an )?([\w'’-]+)\b|(?:,|\band|\bside)\s*(?:is it|was it) (?:the )?([\w'’-]+)\s*(?:\?|$)", re.IGNORECASE)
# "which agency runs it, dfc? exim?", "... on the american side, commerce? energy? interior?":
# a run of guesses, each a word or two asked on its own
_GUESS_RUN = re.compile(r"(?:^|[,?;:])\s*((?:(?:the |a |an )?[\w'’.-]+(?: [\w'’.-]+)?\s*\?+\s*){2,})")
_GUESS = re.compile(r"(?:the |a |an )?([\w'’.-]+(?: [\w'’.-]+)?)\s*\?+")
# "... like food supplements or smth": a vague tail offers nothing
_VAGUE_TAILS = frozenset(["smth", "sth", "smthn", "smthng", "somethin", "something", "whatever", "wtv", "whatevs", "sumn", "summat"])


def offered_names(question: str, unknown: set[str], vocab: Vocabulary) -> tuple[str, ...]:
    """Answers the question offers ("jbic or the dfc") when none is a word any article has.

    Written in lower case they escape `unknown_names`; offered as the choice, they are what a
    quote must name. Only names count (rarer than NAME_ZIPF, not one edit from a corpus word):
    "is it legit or just vibes" offers nothing to look up.
    """
    out: list[str] = []
    for words in _offers(question):
        if all(
            low in unknown and _name_offered(low) and not any(c in vocab for c in one_edit(low, vocab.letters))
            for low in (w.lower() for w in words)
        ):
            out.extend(words)
    return tuple(dict.fromkeys(out))


def _offers(question: str) -> Iterator[list[str]]:
    """The words of each choice a question offers ("jbic or the dfc" -> ["jbic", "dfc"])."""
    for match in _OFFERED.finditer(question):
        yield [w for w in match.groups() if w]
    for run in _GUESS_RUN.finditer(question):
        for guess in _GUESS.finditer(run.group(1)):
            # names, not kinds of thing ("mines? factories?"): written in capitals, or no English
            words = [w for w in guess.group(1).split() if w.isupper() or zipf(w.lower()) < RARE_ZIPF]
            if words:
                yield words


def _name_offered(low: str) -> bool:
    """Whether an offered word (lower case) may be a name: rare, and no chat or vague tail."""
    return low not in FILLER and low not in _VAGUE_TAILS and zipf(low) < NAME_ZIPF


def offered_terms(question: str) -> frozenset[str]:
    """The terms of names a question offers as its answer ("is jbic or the dfc handling it"), known or not.

    The asker's guesses are not what the question is about: a passage naming them answers
    only if it is about the question's subject too.
    """
    return frozenset(t for words in _offers(question) for w in words if _name_offered(w.lower()) for t in tokenize(w))


UNHEARD_LENGTH = 6  # letters at least: shorter strings are more often chat than names
TYPO_OF_ZIPF = 3.0  # a word one edit from an English word this common is a typo of it ("investin")


def unheard_words(unknown: set[str], vocab: Vocabulary) -> tuple[str, ...]:
    """Words no article has that English does not know either ("minamitorishima", "sojitz").

    Written in lower case they escape `unknown_names`, yet a word wordfreq has never seen is a
    name or a coinage (a place, a firm, a term of art); slang and common misspellings are in its
    lists. A misspelling is one edit from a word the corpus or everyday English has ("procss",
    "investin") and is left out, as is any word the typo corrector fixed (it is then not unknown).
    """
    return tuple(sorted(w for w in unknown if len(w) >= UNHEARD_LENGTH and zipf(w) == 0.0 and _name_like(w, vocab)))


def _name_like(word: str, vocab: Vocabulary) -> bool:
    """Whether an unknown word can be a name: letters, no chat filler, and no misspelling.

    A misspelling is one edit from a word the corpus or everyday English has.
    """
    if not word.isalpha() or word in FILLER:
        return False
    everyday = common_english(TYPO_OF_ZIPF)
    return not any(c in vocab or c in everyday for c in one_edit(word)) and not vocab.near(word)


# "did the nippon steel thing come up at all", "was bessent mentioned", "did they talk about
# westinghouse": whether something was spoken of at all.
_MENTION_FRAME = re.compile(
    r"\b(?:come|comes|came|coming) up\b|\b(?:mention|mentions|mentioned|mentioning|bring up|brings up|brought up|"
    r"discuss|discussed|discussing|touch on|touched on|talk about|talked about|talking about)\b|"
    r"\bany(?:thing| word| mention| talk)(?: in (?:there|it|them|the \w+))? (?:about|on|of)\b",
    re.IGNORECASE,
)


def unmentioned_names(question: str, unknown: set[str], vocab: Vocabulary) -> tuple[str, ...]:
    """Names no article has, in a question asking whether something came up at all.

    Such a question's only content is the thing asked about; when that is a name no article
    uses, written in lower case ("nippon steel"), the answer is that none mentions it, however
    close the question's other words ("steel", "summit") come to a passage. Only words
    everyday English lacks count (rarer than TYPO_OF_ZIPF), and not a misspelling (one edit
    from a word the corpus or everyday English has: "shinzo abbe"): "did they talk about atomic
    power" names nothing the articles lack.
    """
    if not _MENTION_FRAME.search(question):
        return ()
    return tuple(sorted(w for w in unknown if zipf(w) < TYPO_OF_ZIPF and _name_like(w, vocab)))


# An initialism followed by the phrase it stands for, as `Searcher.spell_out` writes it.
_SPELLED_OUT = re.compile(r"\b([A-Za-z]{2,6})\s+\(([A-Z][\w’'-]*(?:\s+[\w’'&-]+){1,7})\)")


def _initials(phrase: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s-]+", phrase) if w and w[0].isupper()).lower()


def spelled_initialisms(question: str) -> set[str]:
    """The initialisms `Searcher.spell_out` has written out as the phrase they stand for."""
    return {m.group(1).lower() for m in _SPELLED_OUT.finditer(question) if _initials(m.group(2)) == m.group(1).lower()}


def unknown_names(question: str, unknown: set[str], vocab: Vocabulary) -> tuple[str, ...]:
    """Names the question capitalises that no article mentions ("Who is the CEO of Toyota?").

    A member who writes a word with a capital inside a sentence names something; if no article
    has the word, the articles cannot be about it, whatever else the question shares with them.
    Only words that are not everyday English count ("the Federal Reserve" is left to the model),
    not a sentence's first word, not in a question whose every word is capitalised, not
    all-capital short forms of three letters ("BRC" for a firm's partners, "LGN" for "LNG"; a
    longer one such as "JBIC" names a body), and not a word one
    edit from a word the corpus has (a misspelt name: "Shinzo Abbe"). Consecutive names are
    kept together ("Mona Lisa").
    """
    # "when did IPEF actually kick in?" reads "IPEF (Indo Pacific Economic Framework)": an
    # initialism spelled out as a phrase the articles write names nothing they lack, and the
    # phrase's capitals say nothing about how the member writes.
    spelled = spelled_initialisms(question)
    question = _SPELLED_OUT.sub(lambda m: m.group(1) if m.group(1).lower() in spelled else m.group(0), question)
    found = list(_CASED.finditer(question))
    if not unknown or not found:
        return ()
    capitalised = [m for m in found if m.group()[0].isupper()]
    if 2 * len(capitalised) > len(found):
        return ()  # Title Case Or Shouting: casing says nothing

    def names_something(m: re.Match[str], lower: str) -> bool:
        word = m.group()
        if starts_sentence(question, m.start()) or not word[0].isupper() or (word.isupper() and len(word) < 4):
            return False
        if lower not in unknown or zipf(lower) >= NAME_ZIPF or lower in spelled:
            return False
        # The corpus's words as written keep their possessives ("abe's").
        return not any(c in vocab or f"{c}'s" in vocab or f"{c}’s" in vocab for c in one_edit(lower, vocab.letters))

    names: list[str] = []
    last_end = -2
    for m in found:
        lower = _CONTRACTION.sub("", m.group().lower().replace("’", "'"))
        if not names_something(m, lower):
            continue
        if names and question[last_end : m.start()].strip() == "":
            names[-1] = f"{names[-1]} {lower}"
        else:
            names.append(lower)
        last_end = m.end()
    return tuple(dict.fromkeys(names))


_AUXILIARY = frozenset(
    ["did", "does", "do", "is", "are", "was", "were", "has", "have", "had", "will", "would", "could", "can", "should"]
)
_SUBJECT_VERBS = (
    r"(?:made|makes|built|builds|has|had|is|was|did|does|will|signed|signs|announced|announces|launched|"
    r"released|said|says|plans|planned|wants|got|gets|bought|buys|just|also|actually|already|really|still)"
)
# A clause's opening word asked about as its subject: "did toyota make ...", "is lynas getting
# ...", "toyota made a motor ...", "... so is sumitomo involved".
_CLAUSE_START = (
    r"(?:^|[,.?!;:]\s*|\b(?:so|and|but|wait|also|like|what|how(?: much| many| long| often| soon| far| big)?|why|when|where|who)\s+)"
)
_SUBJECT = (
    re.compile(rf"{_CLAUSE_START}(?:{'|'.join(sorted(_AUXILIARY))})\s+([a-z][\w-]+)\s+(?!['’]s)[a-z]", re.IGNORECASE),
    re.compile(rf"{_CLAUSE_START}([a-z][\w-]+)\s+{_SUBJECT_VERBS}\b", re.IGNORECASE),
)


def subject_names(question: str, unknown: set[str], vocab: Vocabulary) -> tuple[str, ...]:
    """Names no article has, written in lower case as the subject a question asks about.

    "did toyota make an EV motor that doesnt need rare earth magnets": a bare word as the
    subject, with no "the" before it, is a name (a firm, a person, a place), and what the
    question asks is what that one did; a passage on EV motors' magnets says nothing of it.
    Written with a capital, `unknown_names` reads it. Only words rarer than NAME_ZIPF, not chat
    and not a misspelling (one edit from a word the corpus or everyday English has).
    """
    out = []
    for pattern in _SUBJECT:
        for m in pattern.finditer(question):
            word = m.group(1).lower()
            # an adverb ("where physically will they keep it") is no subject
            if word in unknown and not word.endswith("ly") and zipf(word) < NAME_ZIPF and _name_like(word, vocab):
                out.append(word)
    return tuple(dict.fromkeys(out))


# "section 232", "phase 2", "chapter 11": a numbered provision or stage is a name. ("article 2"
# may be the bot's second article, and "part 2" a part of one: left out.)
_NUMBERED = re.compile(
    r"\b(section|sec|chapter|title|clause|rule|resolution|phase|tier|annex|schedule|amendment)\s+(\d+[a-z]?)\b",
    re.IGNORECASE,
)


def numbered_names(question: str, known: Callable[[str], bool]) -> tuple[str, ...]:
    """Numbered provisions or stages the question names whose number no article has ("section 232")."""
    return tuple(
        f"{m.group(1).lower()} {m.group(2).lower()}" for m in _NUMBERED.finditer(question) if not known(m.group(2).lower())
    )


_HOW_MANY = re.compile(r"\bhow many\s+([^?.!,;:]*)", re.IGNORECASE)
_HOW_OLD = re.compile(r"\bhow old\b|\bwhat age\b", re.IGNORECASE)
# "550 billion dollars, how much is that in yen", "what's that in tonnes": an amount in the
# currency or unit named, which a figure stated in dollars or tons does not give (dollars are
# left out: news writes them "$550 billion", a number before no word "dollars").
_CONVERTED = re.compile(
    r"\b(?:how (?:much|many|big|heavy|far)|what(?:'?s| is| was| would be)|convert(?:ed)?)\b[^?.!]*?\bin "
    r"(yen|euros?|pounds?|sterling|won|yuan|renminbi|rmb|rupees?|pesos?|francs?|kilograms?|kilos|kg|tonnes|tons|"
    r"barrels|gallons|lit(?:re|er)s|acres|hectares|miles|kilomet(?:re|er)s|km)\b",
    re.IGNORECASE,
)
# Words naming the articles themselves ("the article", "the post", "the sources").
ARTICLE_WORDS = frozenset(["article", "story", "storie", "source", "outlet", "report", "post", "piece", "blog", "writeup", "site"])
# Words that end the noun phrase after "how many", "which", "what": an auxiliary, a preposition,
# an article or a pronoun ("which agency | is", "how many mines | does").
_AFTER_NOUN = (
    "is", "are", "was", "were", "did", "does", "do", "has", "have", "had", "will", "would", "could", "can",
    "should", "of", "in", "for", "on", "at", "by", "to", "from", "gonna", "got", "get", "gets", "the", "a",
    "an", "this", "that", "they", "he", "she", "it", "we", "you",
)
_PHRASE_END = frozenset((*_AFTER_NOUN, "there"))


# Units an amount is measured in: "how many tonnes of magnets" counts tonnes of magnets.
_UNITS = frozenset(
    tokenize(
        "tons tonnes kilograms kg kilos pounds ounces barrels gallons litres liters cubic meters metres "
        "megawatts gigawatts bcm"
    )
)
_MEASURED = re.compile(r"\bhow (?:many|much)\s+(?:metric\s+)?(\w+)\s+of\s+([^?.!,;:]*)", re.IGNORECASE)


def measured_terms(question: str) -> tuple[str, ...]:
    """For "how many tonnes of neo magnets ...", the stems of what the unit measures.

    The phrase after "of", which ends before an auxiliary, a preposition or a pronoun ("tons of
    rare earths | did china refine"); a verb in it is harmless, as only one of its words need
    follow the unit in a quote. () when the amount asked has no unit.
    """
    match = _MEASURED.search(question)
    if not match or not set(tokenize(match.group(1))) & _UNITS:
        return ()
    phrase: list[str] = []
    for word in match.group(2).lower().split()[:5]:
        if word in _PHRASE_END:
            break
        phrase.append(word)
    return tuple(dict.fromkeys(tokenize(" ".join(phrase))))


def counted_noun(question: str) -> str:
    """For "how many X ...", X's stem ("how many rare earth mines does" -> "mine"), else "".

    A count answers only if it counts that: "how many jobs will it create?" is not answered by
    "about $550 billion". Asking for a table's or a list's items is left out (their answer is
    the rows, not a number).
    """
    if _HOW_OLD.search(question):
        return "old"  # "how old is takaichi": an age counts years old ("the 64-year-old leader")
    converted = _CONVERTED.search(question)
    if converted:
        terms = tokenize(converted.group(1))
        return terms[0] if terms else ""
    match = _HOW_MANY.search(question)
    if not match:
        return ""
    words = match.group(1).lower().split()[:6]
    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else ""
        # The noun ends the phrase: before "does", "of", ...; or a plural before a word that
        # is not one ("how many articles mention", not "how many materials projects").
        plural = len(word) > 3 and word.endswith("s") and not word.endswith("ss")
        if not following or following in _PHRASE_END or (plural and not following.endswith("s")):
            if word in _PHRASE_END or len(word) < 3 or word.rstrip("s") in ARTICLE_WORDS:
                return ""  # "how many articles ...": a question about the articles
            # a short form counts what it stands for ("how many yrs": years)
            stands_for = ALIASES.get(word, ())
            terms = tokenize(stands_for[0] if len(stands_for) == 1 else word)
            return terms[0] if terms else ""
    return ""


# "how much rare earth does japan import": the place after the auxiliary does what is measured.
# "is japan investing", not "is the alaska lng pipeline" (a place naming a thing, not its doer).
_MEASURED_DOER = re.compile(
    r"\bhow (?:much|many)\b[^?.!,;]*?\b(?:(?:does|did|do|will|would|has|have)\s+(?:the\s+)?([\w.]+)"
    r"|(?:is|are|was|were)\s+(?:the\s+)?([\w.]+)\s+\w+ing\b)"
    # "seoul ended up pledging how much?": the doer first, the amount asked where it would be said
    r"|^\W*(?:(?:so|and|but|ok|wait)\s+)?(?:the\s+)?([\w.]+)\s+(?:[\w']+\s+){1,3}?how (?:much|many)\b",
    re.IGNORECASE,
)


def places_apart(question: str, places: Sequence[str]) -> tuple[str, ...]:
    """The places a question names apart from one another, when two or more are.

    "What % of japan's rare earth imports come from china" relates two places; "the india japan
    magnet plant" and "the us-japan deal" name one thing by both, which says nothing of how an
    amount asked about is shared between them.
    """
    distinct = list(dict.fromkeys(places))
    joined = {
        p
        for a in distinct
        for b in distinct
        if a != b and re.search(rf"\b{re.escape(a)}\s*(?:[-–—/]\s*|\s+){re.escape(b)}\b", question, re.IGNORECASE)
        for p in (a, b)
    }
    apart = tuple(p for p in distinct if p not in joined)
    return apart if len(apart) > 1 else ()


def measured_doers(question: str, places: Sequence[str]) -> tuple[str, ...]:
    """The place a "how much/many" question says does the measured thing, if it names one.

    "How much rare earth does japan mine at home?" is not answered by "China currently controls
    over 60% of global rare-earth mining": the amount's own sentence must name the place, or at
    least not open with another (see `led_by_another_place`).
    """
    match = _MEASURED_DOER.search(question)
    if not match:
        return ()
    doer = next(n for n in (1, 2, 3) if match.group(n))
    rest = question[match.start(doer) :].lower()
    return tuple(p for p in places if re.match(rf"{re.escape(p)}\b", rest))


LEAD_WORDS = 3  # a place among a sentence's first content words is what the sentence is about


@cache
def _country_of_term() -> Mapping[str, str]:
    """Each one-word place's term, and each capital's, mapped to its country's term."""
    terms = {t: t for p in place_names() if " " not in p for t in tokenize(p)[:1]}
    terms.update({t: t for p in _SHORT_PLACES for t in tokenize(p)})
    for capital, country in CAPITALS.items():
        for t in tokenize(capital)[:1]:
            terms[t] = (tokenize(country) or [country])[0]
    return terms


def led_by_another_place(sentence: str, doers: Sequence[str]) -> bool:
    """Whether a sentence opens with a place other than the doers ("China currently controls ...").

    An amount in "Utility giant JERA agreed to import 5.5 million tons of U.S. LNG" is JERA's,
    a Japanese company's, and answers how much LNG Japan will buy; one in "China currently
    controls over 60% of global rare-earth mining" is China's, whatever the sentence before it
    says of Japan.
    """
    places = _country_of_term()
    own = {places.get(t, t) for d in doers for t in tokenize(d)}
    for term in tokenize(sentence)[:LEAD_WORDS]:
        if term in places:
            return places[term] not in own
    return False


_PERSONAL = re.compile(r"\b(he|she|him|her|his)\b", re.IGNORECASE)  # a person of the story
_SHORT_PLACES = frozenset(["us", "usa", "uk", "eu"])


def _own_possessives(question: str, places: Sequence[str]) -> str:
    """The question without "its"/"their" after a place it names: the place's, not the story's.

    "did canada end up scrapping its digital services tax" points at Canada, not at the deal.
    """
    found = [m.start() for p in places if (m := re.search(rf"\b{re.escape(p)}\b", question, re.IGNORECASE))]
    if not found:
        return question
    first = min(found)
    return question[:first] + re.sub(r"\b(its|their)\b", " ", question[first:], flags=re.IGNORECASE)


COMMONPLACE_ZIPF = 6.0  # "time", "people", "get": a word this common says nothing of what a question is about


def _lone_place_words(
    question: str, words: Sequence[str], content: Sequence[str], unknown: Sequence[str], places: Sequence[str]
) -> int:
    """How many known content words only name a place or a time, when one place is all the question knows.

    "What's the weather in Tokyo tomorrow?" names a place every story might name, and nothing
    else the corpus knows; "this weekend" in "the weather in osaka this weekend" only says when.
    So does "so far" in "whats the best anime of 2025 so far", a question naming no place. A
    question naming two places ("how much is japan putting into the US") or pointing at the
    story ("does this hurt china") is left alone: 0.
    """
    shown = set(places) | {w for w in words if w in _SHORT_PLACES or w in CAPITALS}
    untimed = _SPAN_SO_FAR.sub(" ", _TIME_DEIXIS.sub(" ", question))
    if len(shown) > 1 or _DEICTIC.search(untimed) or _PERSONAL.search(untimed):
        return 0
    times = {w.lower() for m in (*_TIME_DEIXIS.finditer(question), *_SPAN_SO_FAR.finditer(question)) for w in m.group(0).split()}
    # "best time to go to japan for cherry blossoms": a word as common as "time" names no topic
    times |= {w for w in content if zipf(w) >= COMMONPLACE_ZIPF}
    if not shown:
        return len({w for w in content if w not in unknown and w in times})
    return len(
        {
            w
            for w in content
            if w not in unknown and (w in CAPITALS or w in times or any(w in p.split() for p in places))
        }
    )


def places_named(words: Sequence[str]) -> list[str]:
    """The places (countries, states, prefectures, continents) a question's words name.

    Longest name first: "new york" is one place, not "york"; a place is unknown to the corpus
    when one of its words is ("york"), known when all are ("south korea").
    """
    names = place_names()
    found: list[str] = []
    i = 0
    while i < len(words):
        for n in (4, 3, 2, 1):
            phrase = " ".join(words[i : i + n])
            if len(words) - i >= n and phrase in names:
                found.append(phrase)
                i += n - 1
                break
        else:
            # "the saudis", "a norwegian fund": a people's name for its country
            found.extend(a for a in ALIASES.get(words[i], ()) if a in names and words[i] in DEMONYMS)
        i += 1
    return found


_HEAD = re.compile(
    r"\b(?:how (?:many|much)|which|what|whats|what's|whose)\s+((?:[a-z][\w'-]*\s+){0,2}?[a-z][\w'-]*)"
    rf"(?=\s+(?P<next>{'|'.join(_AFTER_NOUN)})\b|\s*[?.!]|\s*$)",
    re.IGNORECASE,
)
# Words for the articles themselves ("which pieces mention the defense target", "the blog's
# writeup"): they name the bot's documents, which exist by construction, not something the
# articles would have to mention; a corpus that never writes "pieces" says nothing against it.
# (Narrower than `ARTICLE_WORDS`, which reads "how many reports/sources/posts" as about the
# articles: here "report", "source", "post" and "site" stay words, as news uses them for other
# things: "sources of rare earths".)
DOCUMENT_NOUNS = frozenset(
    ["article", "articles", "piece", "pieces", "story", "stories", "writeup", "writeups", "write-up", "write-ups",
     "blog", "blogs", "explainer", "explainers"]
)
_NOT_HEAD = DOCUMENT_NOUNS | frozenset(
    # Words that name the kind of answer rather than a thing the articles would mention
    # ("what day", "what percentage", "what's the point"), and chat filler.
    ["kind", "kinds", "sort", "type", "types", "exactly", "else", "other", "more", "about", "if", "one", "ones", "part", "parts", "way", "ways", "s", "day", "days", "date", "dates", "year", "years", "month", "months", "time", "times", "week", "weeks", "value", "values", "amount", "amounts", "number", "numbers", "percentage", "percent", "share", "size", "cost", "costs", "price", "total", "point", "reason", "reasons", "level", "levels", "figure", "figures", "name", "names", "status", "role", "purpose", "goal", "aim", "thing", "things", "stuff", "deal", "happens", "happened", "happen", "next", "new", "main", "big", "whole"]
)


_DETERMINERS = frozenset(["the", "a", "an", "this", "that"])


def head_words(question: str) -> list[str]:
    """The words naming what a question asks for: "which agency", "how many jobs", "what party".

    When such a word is one no article uses, the articles cannot say which agency or how many
    jobs, however well the rest of the question matches: a strong sign of a near miss.
    """
    out: list[str] = []
    for match in _HEAD.finditer(question):
        words = match.group(1).lower().split()
        if words[0] in _AUXILIARY:
            continue  # "what did Japan agree to": a verb question names no thing asked for
        if len(words) > 1 and (match.group("next") or "").lower() in _DETERMINERS:
            words = words[:-1]  # "which agency runs the stockpile": a verb takes the object
        for word in words:
            word = _CONTRACTION.sub("", word)
            if len(word) > 1 and word not in STOPWORDS and word not in FILLER and word not in _NOT_HEAD:
                out.append(word)
    return out


_SPEAKER = re.compile(
    # (within one sentence: "how much ... in his first term? someone said 300bn" names no speaker)
    r"\b(?:what|how|did|does|do|has|have)\b\s+(?:did|does|do|has|have)?\s*([^?!]{2,60}?)\s+"
    r"(?:say|said|says|think|thinks|thought|react|reacted|respond|responded|reply|replied|feel|feels|comment|commented|announce|announced|call|called|report|reported)\b",
    re.IGNORECASE,
)


# "what was china's response", "the chinese reaction", "any comment from beijing": what X said,
# asked by the noun
_REACTION_NOUN = r"(?:response|reaction|take|comment|comments|statement|reply|verdict)"
_REACTION = re.compile(
    rf"\b(?:what(?:['’]?s| is| was| were)?|any|how was|how's)\s+(?:the\s+)?(?:official\s+)?([a-z]+)(?:['’]s)?\s+(?:official\s+)?{_REACTION_NOUN}\b|"
    r"\b(?:response|reaction|comment|comments|statement|reply)\s+(?:from|by|of)\s+(?:the\s+)?([a-z]+)\b",
    re.IGNORECASE,
)


def speaker_terms(question: str) -> list[str]:
    """For "what did X say/think", the terms naming X (who must be the one speaking)."""
    match = _SPEAKER.search(question)
    if not match:
        reaction = _REACTION.search(question)
        word = (reaction.group(1) or reaction.group(2)).lower() if reaction else ""
        if not word or word in STOPWORDS or names_a_text(word) or word in _ANYONE or word in _NOT_SPEAKERS:
            return []
        return _as_articles_name(word)
    # "what does the article say", "what do the different writeups say", "what did the author
    # say": the articles say everything in them, they are no speaker.
    words = match.group(1).lower().split()
    # "what other tech did they say": the speaker follows the last auxiliary.
    last = max((i for i, w in enumerate(words) if w in _AUXILIARY), default=-1)
    words = words[last + 1 :]
    if any(names_a_text(w) for w in words):
        return []
    # "what are rare earths called", "does china get called out", "do they call out beijing":
    # named or blamed, not speaking.
    if any(w in _PASSIVE for w in match.group(1).lower().split()):
        return []
    if re.match(r"\s+out\b", question[match.end() :], re.IGNORECASE):
        return []
    return _as_articles_name(*words)


def _as_articles_name(*words: str) -> list[str]:
    """The terms of a speaker's words, as articles name the speaker.

    "The PM" is "Prime Minister Takaichi ... thanked"; people at large ("why do people call them
    vitamins") are no one whose words are quoted.
    """
    spelled = [a for w in words if w not in FILLER for a in ALIASES.get(w, (w,)) if a not in _ANYONE]
    return [t for w in spelled for t in tokenize(w) if t not in FILLER]


def speaker_replaced(question: str, name: str) -> str:
    """The question with the speaker it names ("the japanese PM") replaced by `name`.

    Articles name an office's holder after the first mention ("Prime Minister Takaichi ...
    thanked", "Trump, in turn, called Japan ..."): asked of the name, the question finds the
    passages where that person speaks.
    """
    match = _SPEAKER.search(question)
    if not match:
        return question
    start, end = match.span(1)
    for word in re.finditer(r"\S+", match.group(1)):
        if word.group().lower() in _AUXILIARY:
            start = match.start(1) + word.end() + 1
    return f"{question[:start]}{name}{question[end:]}" if start < end else question


_ANYONE = frozenset(["people", "ppls", "peeps", "humans", "public"])  # "ppl" is read as people
# ... nor is the kind of response ("the official response", "the initial reaction")
_NOT_SPEAKERS = frozenset(["official", "initial", "first", "overall", "general", "international", "global", "world", "your", "ur"])
_PASSIVE = frozenset(["is", "are", "was", "were", "be", "been", "being", "get", "gets", "got", "getting"])


_NUMBER = re.compile(r"(?<![\w-])\$?\d[\d,.]*")
# "how much of the 550 billion goes to shipbuilding", "how many of the 12 projects": a part of
# an amount the question states.
_PART_OF = re.compile(
    r"\bhow (?:much|many)\b.{0,15}?\bof (?:the |that |this |their |its |[a-z]+['’]s )?"
    r"(\$?\d[\d,.]*(?:\s?(?:billion|million|trillion|bn)\b)?)",
    re.IGNORECASE,
)
# An amount of money in a text: a currency sign or a scale word with the number.
_MONEY_AMOUNT = re.compile(
    r"(?:[$¥€£]\s?|\bUS\s?\$\s?)\d[\d,.]*|\b\d[\d,.]*\s?(?:billion|million|trillion|bn)\b", re.IGNORECASE
)


def part_of(question: str) -> str:
    """The amount a question asks a part of, as written ("how much of the 550 billion ..."), or ""."""
    match = _PART_OF.search(question)
    return match.group(1) if match else ""


def states_part(text: str, whole: str) -> bool:
    """Whether a passage states an amount other than `whole`, the one a part of is asked.

    "How much of the 550bn goes to shipbuilding" is not answered by "Japanese investment of
    ~US $550 billion": it restates the whole. A sum of money is answered by another sum ("$2
    billion"; not "a tariff reduction to 15%" beside it), a count by any other number ("how
    many of the 12 projects").
    """
    stated = numbers_in(whole)
    if _MONEY_AMOUNT.search(whole):
        found = {n for m in _MONEY_AMOUNT.finditer(text) for n in numbers_in(m.group(0))}
    else:
        found = set(numbers_in(text))
    return bool(found - set(stated))


def states_prior(text: str, question: str) -> bool:
    """Whether a passage states a value other than those a question about a change gives.

    "What was the tariff before it got cut to 15" is not answered by "a tariff reduction to
    15%", whatever else the sentence counts; a rate asked is answered only by another
    percentage ("from 25%").
    """
    own = set(numbers_in(question))
    if re.search(r"%|\bper ?cent|\btariffs?\b|\brates?\b", question, re.IGNORECASE):
        found = {re.sub(r"[^\d.]", "", m.group(0)) for m in _PERCENTAGE.finditer(text)}
    else:
        found = set(numbers_in(text))
    return bool(found - own)


_PERCENTAGE = re.compile(r"\d[\d.]*\s?(?:%|percent\b|per cent\b)", re.IGNORECASE)


def numbers_in(text: str) -> list[str]:
    """Numbers written in a text, normalised ("$550" and "550" are the same number)."""
    return [re.sub(r"[$,]", "", m.group(0)).rstrip(".") for m in _NUMBER.finditer(text)]


def merge_vocabularies(parts: Sequence[Mapping[str, int]]) -> Vocabulary:
    """One vocabulary from several segments' word counts."""
    if len(parts) == 1:
        return Vocabulary.of(parts[0])
    total: dict[str, int] = {}
    for part in parts:
        for word, n in part.items():
            total[word] = total.get(word, 0) + n
    return Vocabulary.of(total)


def corpus_words(text: str) -> list[str]:
    """The words of a passage as the vocabulary counts them."""
    return surface_words(text)
