"""Answering: from a question to quotes, over one immutable generation of the index.

    question ─ analyse (typos, slang, answer type) ─ embed (one model pass)
      ├─ dense: FAISS over every live chunk of every segment
      ├─ lexical: BM25 over the segments' postings, with corpus-wide statistics
      └─ reciprocal-rank fusion → the best chunks
    windows of 1–3 sentences inside them (a list lead-in with its items; a sentence that opens
    with "It" together with the one before) → features → score → distinct quotes
    → abstention (several signals, calibrated) → "also reported by" (bounded)

`Searcher` holds the structures derived from a generation; it is immutable, so a question is
answered from one snapshot whatever a rebuild does meanwhile. Nothing here loops over the
corpus in Python per question: the retrievers are vectorised, and everything after them works
on the few candidate chunks.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, cached_property, lru_cache

import numpy as np

from index import about
from index import abstain as abstention
from index.answer_types import (
    AMOUNTS,
    AnswerType,
    city_half_answers,
    cue_words,
    names_new_org,
    rough_count_only,
    satisfies,
    types_of,
)
from index.embed import normalize_rows
from index.fusion import reciprocal_rank_fusion
from index.indexer import KIND_CODES
from index.lexical import bm25_weights, idf, surface_words, tokenize
from index.lexicon import CAPITALS, DEAL_NOUNS, FILLER, LIST_WORDS, TABLE_WORDS
from index.nearby import WordSpace
from index.query import (
    ACRONYM_LETTERS,
    ARTICLE_WORDS,
    MONTHS,
    RARE_ZIPF,
    SCALE_WORDS,
    SPECIFIC_ZIPF,
    TOPICS_OF_SOURCES,
    WHICH_ONE,
    Query,
    Vocabulary,
    analyse,
    as_countries,
    calendar_days,
    defined_heads,
    defines,
    element_actors,
    initialisms,
    led_by_another_place,
    locates,
    merge_vocabularies,
    names_city,
    names_element,
    names_element_by,
    names_region,
    numbers_in,
    reports_deal_between,
    reports_deal_of,
    states_amount_of,
    states_part,
    states_price,
    states_prior,
    states_term,
    states_topic,
    tells_use,
    zipf,
)
from index.quotes import (
    TYPED_COVER_FLOOR,
    Weights,
    anaphoric,
    corroborating,
    counts,
    first_that,
    lists_with,
    select_windows,
    typed_sentence_cover,
    window_scores,
)
from index.records import Source, SourceSummary
from index.segment import QUOTABLE, Kind
from index.store import Generation, SourceEntry, StoredSegment

log = logging.getLogger(__name__)

_QUOTABLE_CODES = np.array([KIND_CODES.index(k) for k in QUOTABLE], dtype=np.int8)
_ITEM = KIND_CODES.index(Kind.ITEM)
_ROW = KIND_CODES.index(Kind.ROW)
_HEADER = KIND_CODES.index(Kind.TABLE_HEADER)
_HEADING = KIND_CODES.index(Kind.HEADING)
_SENTENCE = KIND_CODES.index(Kind.SENTENCE)
_PART_WORDS = TABLE_WORDS | LIST_WORDS  # words for an article's parts ("table", "bullet points")
CONSENSUS_NEAREST = 5  # other articles' purposes a "why" lede is compared with (`agreed_purpose`)
STORY_DEPTH = 400  # chunks searched for the main story's closest, for a question leaning on it
SECTION_LOOKBACK = 40  # units searched back from a quote for the heading of its section
# The words asking for a state or a term, which its sentence need not repeat to be about the question.
_REGION_WORDS = frozenset(tokenize("state states province provinces prefecture prefectures"))
_CITY_WORDS = frozenset(tokenize("city cities town towns"))
_TERM_WORDS = frozenset(
    tokenize("how many long last lasts valid validity expire expires expired expiry expiration renew renewed renewal years months")
)
# Past this many passages in a segment a term is taken as used by several articles
# (`Searcher._one_article_terms`), and as shared by the main story (`Searcher.foreign_terms`).
ONE_ARTICLE_POSTINGS = 64
FOREIGN_POSTINGS = 256
FOREIGN_TERMS_CACHE = 4096
ARTICLE_TERMS_CACHE = 512  # articles whose terms the place checks keep (some 50 KB each)
# Where the sentence holding the kind of answer asked for must be about what is asked (an
# amount of money or of anything, a percentage or rate, an organisation, a date): "how many tons
# of rare earths are they stockpiling" is not answered by "China refined over 130,000 tons of
# rare earths", nor "when did china's export rules kick in" by "... in 2024". Not durations,
# places or people: their sentence often says it in other words ("which building was the
# signing in" -> "... unveiled the deal at Akasaka Palace"), and gating them declined more real
# questions than near misses on the evaluation sets.
_FOCUS_GATED = frozenset({AnswerType.MONEY, AnswerType.NUMBER, AnswerType.ORG, AnswerType.PERCENT, AnswerType.DATE})
# The most one question word weighs when judging what a sentence is about (an idf: a word in
# one passage of the seeds weighs about 3.1, "rare" 0.3).
WEIGHT_CAP = 2.0
# The story's subject named by its kind alone: "the deal", "this pact".
_SUBJECT_NAMED = re.compile(rf"\b(?:the|this) (?:{DEAL_NOUNS})\b", re.IGNORECASE)
# "what date do all the sources give for the signing": a date asked of the articles themselves
# is judged by the articles, not by whether a dated sentence says "sources".
_ARTICLE_TERMS = frozenset(t for w in ARTICLE_WORDS for t in tokenize(f"{w} {w}s"))
# The deal's own nouns: no example of a list's items ("list the parts of the framework").
_STORY_TERMS = frozenset(tokenize(DEAL_NOUNS.replace("|", " ")))
# A question word at least this rare (idf-weighted: a word in one passage of the seeds weighs
# about 3.1, "minerals" under 1) asks about a table row's cells when the row is named.
ROW_WORD_WEIGHT = 1.0
# Answer types whose absence the patterns cannot tell reliably: missing them is no evidence.
_WEAK_TYPES = frozenset(
    {AnswerType.REASON, AnswerType.CAUSE, AnswerType.QUOTE, AnswerType.ATTRIBUTION, AnswerType.STATUS}
)
# Who, when and where: what a news story's lede tells by convention.
_FIVE_WS = frozenset({AnswerType.PERSON, AnswerType.DATE, AnswerType.PLACE})
# ... and so the kinds of answer it gives a bare "when did it happen", "who signed it", "where".
_LEDE_TELLS = _FIVE_WS | {AnswerType.ACTOR, AnswerType.VENUE}
# How much more a named row weighs when the question points at the table itself.
TABLE_POINTED_ROW = 3.0
# "What does the chart show" asks for every row, which the model reads as saying much the same
# (the seeds' table's rows, in their article's context: cosine 0.86-0.93 to each other, above
# `Tuning.same_meaning`, 0.83): none is skipped as a repeat.
WHOLE_TABLE_SAME = 1.01
# ... and is shown in full, up to this many rows (the seeds' table has four; an embed holds
# ten quotes, `bot.render`)
WHOLE_TABLE_ROWS = 8
_SET_ASIDE = 10.0  # taken off a window's score to rank it below every other candidate
# How far a lone neighbouring story's best window may lead the main story's before a question
# pointing at "this deal" is taken to be about the neighbouring story (window scores: a real
# answer leads the next window by 0.05-0.2).
LONE_STORY_LEAD = 0.2
# ... and how much more of the question's words (by weight) its best window may hold than the
# main story's best before a question naming nothing else is taken to be about it ("what did
# takaichi ask xi about rare earths": 0.28 more; "how long did trump and takaichi's meeting
# last": 0.09, the neighbour having only "last" more).
LONE_STORY_COVER = 0.1
_NUMERIC_TYPES = frozenset(
    {AnswerType.NUMBER, AnswerType.MONEY, AnswerType.PERCENT, AnswerType.DURATION, AnswerType.DATE}
)


@dataclass(frozen=True)
class Tuning:
    """Retrieval knobs; calibrated as the README's quality section describes."""

    dense_depth: int = 50  # chunks asked of each retriever
    candidate_chunks: int = 16  # fused chunks whose windows are considered for quoting
    always_heard: int = 1  # ... and each retriever's best chunks, whatever the fused rank
    tables_heard: int = 2  # ... and, for a question asking for "the table", the closest table chunks
    ledes_heard: int = 5  # ... and, for "tldr?", the opening chunks of the best-supported articles
    story_heard: int = 3  # ... and, for a question leaning on the story, its closest main-story chunks
    lede: float = 0.2  # what an article's opening paragraph adds to a window's score for "tldr?"
    lede_facts: float = 0.2  # ... and, for "tldr?", each of who, when and where it tells
    lede_consensus: float = 2.0  # ... and, for a bare "why", how far the other articles give its purpose
    support_prior: float = 2.0  # how much an article's support (see Searcher.support) lifts its chunks
    max_quote_chars: int = 600
    max_window_units: int = 3
    margin: float = 0.10  # further quotes must score within this of the best one
    same_meaning: float = 0.83  # cosine above which two windows say the same thing
    also_most: int = 3  # "also reported by" names at most this many sources
    also_depth: int = 20  # ... found among the question's nearest chunks
    weights: Weights = field(default_factory=Weights)
    abstain: abstention.Model = field(default_factory=abstention.Model)
    example_margin: float = 0.1  # an example's P(answerable) must beat the threshold by this
    example_tries: int = 24  # candidate examples verified per index (and per candidate list)
    example_pool: int = 8  # verified examples kept, from different passages


DISTINCTIVE_SHARE = 0.25  # a word in at most this share of passages picks out the articles saying it


class LoadedSegment:
    """A stored segment with what searching it needs, built once per process."""

    def __init__(self, stored: StoredSegment) -> None:
        import faiss

        self.stored = stored
        self.name = stored.name
        # Plain views of the memory maps: numpy's memmap subclass costs microseconds per slice.
        self.a = {key: np.asarray(value) for key, value in stored.arrays.items()}
        self.term_ids = {t: i for i, t in enumerate(stored.vocab)}
        self.df = np.diff(self.a["post_ptr"])
        self.quotable = np.isin(self.a["unit_kind"], _QUOTABLE_CODES)
        # Chunks holding a table row: a question asking for "the table" hears the closest of
        # them, as a row named only by a word every passage has ("japan") matches nothing else.
        rows = np.concatenate([[0], np.cumsum(self.a["unit_kind"] == _ROW)])
        spans = np.asarray(self.a["chunk_units"]).reshape(-1, 2)
        self.table_chunks = np.flatnonzero(rows[spans[:, 1]] > rows[spans[:, 0]]) if len(spans) else np.zeros(0, np.int64)
        # Vectors held as float16 (half the memory of float32, and faster to scan); cosine
        # rankings are unchanged at this precision.
        self.faiss = faiss.IndexScalarQuantizer(
            stored.dim, faiss.ScalarQuantizer.QT_fp16, faiss.METRIC_INNER_PRODUCT
        )
        if stored.chunks:
            self.faiss.add(np.ascontiguousarray(self.a["chunk_vec"], dtype=np.float32))
        self._texts: dict[int, str] = {}

    @cached_property
    def initialisms(self) -> dict[str, str]:
        """The initialisms of the segment's articles ("ipef" → Indo Pacific Economic Framework).

        Once per segment and process (segments never change): about 0.07 s per MB of text.
        """
        texts = (self.stored.source_text(local) for local in range(len(self.stored.sources)))
        return _first_of(initialisms(text) for text in texts)

    @cached_property
    def defined_heads(self) -> dict[str, str]:
        """The nouns the segment's articles define by an initialism, by stem ("gas" → "LNG")."""
        texts = (self.stored.source_text(local) for local in range(len(self.stored.sources)))
        return _first_of(
            {(tokenize(head) or [head])[0]: short for head, short in defined_heads(text).items()} for text in texts
        )

    def text(self, local: int) -> str:
        """The cleaned text of one of the segment's sources (decoded once)."""
        text = self._texts.get(local)
        if text is None:
            text = self._texts[local] = self.stored.source_text(local)
        return text


@dataclass
class _Part:
    seg: LoadedSegment
    dead: frozenset[int]
    chunk_alive: np.ndarray
    base: int  # global id of the segment's first chunk
    df: np.ndarray  # live chunks holding each term: a deleted article's chunks do not count


def _live_df(seg: LoadedSegment, dead: Sequence[int]) -> np.ndarray:
    """Document frequencies without the deleted articles' chunks (as a cold build has them)."""
    if not dead:
        return seg.df
    ptr = seg.a["chunk_terms_ptr"]
    gone = [seg.a["chunk_terms"][ptr[e.chunk_lo] : ptr[e.chunk_hi]] for e in (seg.stored.sources[i] for i in dead)]
    return seg.df - np.bincount(np.concatenate(gone), minlength=len(seg.df))


def _live_surface(seg: LoadedSegment, dead: Sequence[int]) -> Mapping[str, int]:
    """The segment's word counts without the deleted articles' units (column names aside)."""
    if not dead:
        return seg.stored.surface
    counts = dict(seg.stored.surface)
    for local in dead:
        e = seg.stored.sources[local]
        for unit in range(e.unit_lo, e.unit_hi):
            if seg.a["unit_kind"][unit] == _HEADER:
                continue
            for word in set(surface_words(seg.stored.unit_text_of(unit))):
                counts[word] -= 1
    return {w: n for w, n in counts.items() if n > 0}


@dataclass(frozen=True)
class Window:
    """A candidate quote: consecutive units of one source."""

    part: int
    first: int  # unit ids in the segment
    last: int
    extended: bool = False  # grown backwards to say what "it" is


@dataclass(frozen=True)
class Picked:
    """A quote chosen for an answer, before it becomes a record."""

    source: Source
    text: str
    start: int
    end: int
    score: float
    chunk_id: str
    also: tuple[Source, ...]


@dataclass(frozen=True)
class Retrieval:
    """What the pipeline found for a question: picks, and the evidence abstention weighs."""

    picks: tuple[Picked, ...]
    features: dict[str, float]
    best_score: float


class Searcher:
    """One generation of the index, ready to answer (immutable once built)."""

    def __init__(self, generation: Generation, segments: Mapping[str, LoadedSegment]) -> None:
        self.generation = generation
        self.parts: list[_Part] = []
        self.sources: dict[str, tuple[int, int]] = {}
        summaries: list[SourceSummary] = []
        base = 0
        total_len = 0.0
        live_chunks = 0
        for index, (name, dead) in enumerate(generation.segments):
            seg = segments[name]
            stored = seg.stored
            alive = np.ones(stored.chunks, dtype=bool)
            for local in dead:
                e = stored.sources[local]
                alive[e.chunk_lo : e.chunk_hi] = False
            for local, e in enumerate(stored.sources):
                if local in dead:
                    continue
                self.sources[e.source.id] = (index, local)
                summaries.append(
                    SourceSummary(e.source, e.chunk_hi - e.chunk_lo, e.chars, e.opening)
                )
            lengths = np.asarray(stored.arrays["chunk_len"])
            total_len += float(lengths[alive].sum())
            live_chunks += int(alive.sum())
            self.parts.append(_Part(seg, frozenset(dead), alive, base, _live_df(seg, dead)))
            base += stored.chunks
        self.summaries = tuple(sorted(summaries, key=lambda s: s.source.id))
        self.chunk_count = live_chunks
        self._support: dict[str, float] = {}
        # An article's terms, for the place checks: bounded, as a big corpus has thousands of articles.
        self._article_terms = lru_cache(maxsize=ARTICLE_TERMS_CACHE)(self._read_article_terms)
        self._foreign_term = lru_cache(maxsize=FOREIGN_TERMS_CACHE)(self._read_foreign_term)
        self.words = WordSpace()  # set by the engine when it loads this generation (index.nearby)
        self.avgdl = total_len / live_chunks if live_chunks else 1.0

    @cached_property
    def _source_index(self) -> tuple[object, list[str]]:
        import faiss

        vecs, ids = [], []
        for part in self.parts:
            for local, e in enumerate(part.seg.stored.sources):
                if local not in part.dead:
                    vecs.append(part.seg.a["source_vec"][local])
                    ids.append(e.source.id)
        dim = self.parts[0].seg.stored.dim if self.parts else 1
        index = faiss.IndexFlatIP(dim)
        if vecs:
            index.add(np.ascontiguousarray(np.array(vecs, dtype=np.float32)))
        return index, ids

    def support(self, source_ids: Sequence[str]) -> dict[str, float]:
        """How much of the corpus tells the same story as each article (0..1).

        The mean similarity of an article to its three nearest other articles. A community's
        corpus covers its main story in several articles that corroborate one another; a
        neighbouring story usually stands alone. Used as a mild prior, so a vague question
        ("when did they sign it?") is answered from the main story rather than from a
        look-alike, while a question that names the other story still finds it.
        """
        missing = [s for s in dict.fromkeys(source_ids) if s not in self._support]
        if missing:
            index, ids = self._source_index
            n = len(ids)
            k = min(4, n)
            if n <= 1:
                for sid in missing:
                    self._support[sid] = 1.0
            else:
                rows = []
                for sid in missing:
                    part, local = self.sources[sid]
                    rows.append(self.parts[part].seg.a["source_vec"][local])
                sims, found = index.search(np.ascontiguousarray(np.array(rows, dtype=np.float32)), k)
                for sid, row_sims, row_ids in zip(missing, sims, found, strict=True):
                    others = [float(v) for v, i in zip(row_sims, row_ids, strict=True) if i >= 0 and ids[i] != sid]
                    self._support[sid] = float(np.mean(others[:3])) if others else 1.0
        return {sid: self._support[sid] for sid in source_ids}

    @staticmethod
    def _share(query: Query, terms: frozenset[str]) -> float:
        """Share of the question's weight carried by `terms`."""
        total = float(sum(query.weights)) or 1.0
        return sum(w for t, w in zip(query.terms, query.weights, strict=True) if t in terms) / total

    def _one_article_terms(self, query: Query) -> frozenset[str]:
        """The question's terms that only one live article uses.

        A question naming something only one article mentions ("the zebracorn refinery") is
        about that article, main story or not: the support prior steps aside for it.
        """
        out: set[str] = set()
        for term in query.terms:
            owners = self._term_owners(term, ONE_ARTICLE_POSTINGS, stop_after=2)
            if owners is not None and len(owners) == 1:
                out.add(term)
        return frozenset(out)

    def _term_owners(self, term: str, most: int, stop_after: int = 0) -> frozenset[str] | None:
        """The live articles whose passages use a term; None past `most` postings in a segment.

        A term in that many passages is common (certainly in several articles): the walk is
        bounded whatever the corpus size. With `stop_after`, the walk ends once that many are found.
        """
        owners: set[str] = set()
        for part in self.parts:
            tid = part.seg.term_ids.get(term)
            if tid is None:
                continue
            a = part.seg.a
            lo, hi = int(a["post_ptr"][tid]), int(a["post_ptr"][tid + 1])
            if hi - lo > most:
                return None
            docs = a["post_doc"][lo:hi]
            alive = docs[part.chunk_alive[docs]]
            sources = part.seg.stored.sources
            owners.update(sources[int(src)].source.id for src in np.unique(a["chunk_src"][alive]))
            if stop_after and len(owners) >= stop_after:
                break
        return frozenset(owners)

    def in_main_story(self, source_id: str) -> bool:
        """Whether the article tells the corpus's main story (see `support`), not a lone one."""
        return self.support([source_id])[source_id] >= abstention.LONE_STORY_SUPPORT

    @cached_property
    def catalogue(self) -> about.Catalogue:
        """Which articles metadata questions could mean (see `index.about.candidates`)."""
        return about.catalogue([s.source for s in self.summaries], self.source_text)

    @cached_property
    def vocabulary(self) -> Vocabulary:
        """The corpus's words (for typo correction and unknown-word signals)."""
        names: dict[str, int] = {}
        for summary in self.summaries:
            src = summary.source
            for word in surface_words(" ".join((src.title, src.outlet, src.author))):
                names[word] = names.get(word, 0) + 1
        return merge_vocabularies([*(_live_surface(p.seg, sorted(p.dead)) for p in self.parts), names])

    def known_term(self, term: str) -> bool:
        """Whether a stemmed term occurs in any live passage."""
        for part in self.parts:
            tid = part.seg.term_ids.get(term)
            if tid is not None and part.df[tid] > 0:
                return True
        return False

    def analyse(self, question: str, *, foreign: frozenset[str] = frozenset()) -> Query:
        """A question read against this corpus (typos, slang, unknown words).

        `foreign`: terms of the question read as unknown, as the main story's articles would
        read them (see `foreign_terms`).
        """
        def lone(word: str) -> bool:
            terms = tokenize(word)
            return bool(terms) and all(t in foreign for t in terms)

        query = analyse(question, self.vocabulary, self.known_term, lone if foreign else None)
        # "any update in 2026 on which projects got picked": a year after every article was
        # published, which none mentions, is news they cannot have (as a month none mentions)
        later = tuple(
            y
            for y in dict.fromkeys(query.question_numbers)
            if self.newest_year and re.fullmatch(r"(?:19|20)\d\d", y) and int(y) > self.newest_year and not self.known_term(y)
        )
        return replace(query, unknown_months=query.unknown_months + later) if later else query

    @cached_property
    def newest_year(self) -> int:
        """The year of the newest article's publication date (0 when none gives one)."""
        years = [int(s.source.published[:4]) for s in self.summaries if re.match(r"\d{4}", s.source.published)]
        return max(years, default=0)

    def foreign_terms(self, query: Query) -> frozenset[str]:
        """The question's own terms that only lone neighbouring stories use.

        The corpus's words grow with every added story, and a question about the main story
        asking a detail its articles never give ("is the pentagon running the stockpile")
        stops naming anything unknown once a story on the Pentagon's stake in a miner is
        added. Judged on the question's terms as tokenised in it ("united states" is one term,
        not "unit"); a term in many passages is taken as shared (bounded work per term).
        """
        own = (t for t, w in zip(query.terms, query.weights, strict=True) if w >= 1.0)
        return frozenset(t for t in own if self._foreign_term(t))

    def _read_foreign_term(self, term: str) -> bool:
        owners = self._term_owners(term, FOREIGN_POSTINGS)
        if not owners:
            return False
        return all(v < abstention.LONE_STORY_SUPPORT for v in self.support(sorted(owners)).values())

    def _entry(self, source_id: str) -> SourceEntry | None:
        """A live source's entry in its segment (metadata, spans, furniture), if it is live."""
        where = self.sources.get(source_id)
        if where is None:
            return None
        part, local = where
        return self.parts[part].seg.stored.sources[local]

    def source(self, source_id: str) -> Source | None:
        """A live source by id."""
        entry = self._entry(source_id)
        return entry.source if entry else None

    @cached_property
    def page_holders(self) -> dict[str, frozenset[str]]:
        """Each term of the articles' page parts (headings, furniture) and the articles having it.

        Built once per snapshot, so "which article has the faq" looks terms up, not articles.
        The headings are the segmenter's (the index's heading units, their terms as stored), so
        no article's text is read again.
        """
        holders: dict[str, set[str]] = {}
        for part in self.parts:
            a, stored = part.seg.a, part.seg.stored
            # "which article has the table", "the one with a chart": a table is a part of its
            # page whatever its heading says.
            with_rows = {int(local) for local in a["unit_src"][a["unit_kind"] == _ROW]} - set(part.dead)
            for local in with_rows:
                for term in about.TABLE_TERMS:
                    holders.setdefault(term, set()).add(stored.sources[local].source.id)
            for u in np.flatnonzero(a["unit_kind"] == _HEADING).tolist():
                local = int(a["unit_src"][u])
                if local in part.dead:
                    continue
                sid = stored.sources[local].source.id
                for tid in a["unit_terms"][int(a["unit_terms_ptr"][u]) : int(a["unit_terms_ptr"][u + 1])].tolist():
                    holders.setdefault(stored.vocab[tid], set()).add(sid)
        for sid in self.sources:
            for term in tokenize(" ".join(self.furniture(sid))):
                holders.setdefault(term, set()).add(sid)
        return {t: frozenset(s) for t, s in holders.items()}

    @cached_property
    def office_holders(self) -> dict[tuple[str, tuple[str, ...]], dict[str, int]]:
        """Who holds each office the articles name, by country ("" when none is given).

        "U.S. President Donald Trump", "Japan's newly elected Prime Minister, Sanae Takaichi",
        "President Trump": each name as written under ("us", ("presid",)), ("japan", ("prime",
        "minist")), ("", ("presid",)), counted. Built once per snapshot, on first use, from the
        units that have an office's word, so "what did the japanese PM say" can be asked of the
        person the articles quote ("Vice President" and "former" are other offices).
        """
        office_ids = {t for title in _OFFICES for t in title}

        def texts() -> Iterator[str]:
            for part in self.parts:
                wanted = [part.seg.term_ids[t] for t in office_ids if t in part.seg.term_ids]
                if wanted:
                    yield from (part.seg.stored.unit_text_of(u) for u in _live_units_holding(part, wanted))

        return office_holders_in(texts())

    def together(self, terms: Sequence[str]) -> bool:
        """Whether any live sentence holds every one of `terms` ("takaichi" and "xi": none does).

        Read from the term arrays of only the questions that ask it (who met whom), so nothing
        is kept per snapshot.
        """
        return any(_live_units_holding_all(part, terms) for part in self.parts)

    def story_names(self, terms: Sequence[str]) -> bool:
        """Whether a live sentence of the main story (an article others corroborate) holds every term.

        "Is the Minamitorishima mud project part of this?": a neighbouring story about the
        project says nothing of whether this deal includes it.
        """
        for part in self.parts:
            units = _live_units_holding_all(part, terms)
            if not units:
                continue
            names = [e.source.id for e in part.seg.stored.sources]
            owners = {names[int(part.seg.a["unit_src"][u])] for u in units}
            support = self.support(sorted(owners))
            if any(support[o] >= abstention.LONE_STORY_SUPPORT for o in owners):
                return True
        return False

    def holder(self, speaker: Sequence[str]) -> str:
        """Who holds the office a speaker names, as the articles go on to name them ("" if unclear).

        "the japanese prime minister" is "Takaichi" ("Prime Minister Takaichi ... thanked");
        "the president" is the one the articles most often call that, when they favour one by
        two to one; "the chinese president" is "Xi Jinping", whom no article quotes, so a quote
        of Trump's is not his.
        """
        return office_holder(speaker, self.office_holders)

    def page_holder(self, wanted: Sequence[str]) -> Source | None:
        """The one live article whose page parts hold most of the terms `wanted` (see `about.page_holder`)."""
        sid = about.page_holder(wanted, self.page_holders)
        return self.source(sid) if sid else None

    def furniture(self, source_id: str) -> tuple[str, ...]:
        """The page furniture of a live source: its lines that are not the story (() if unknown)."""
        entry = self._entry(source_id)
        return entry.furniture if entry else ()

    def source_text(self, source_id: str) -> str:
        """The cleaned text of a live source ("" if unknown)."""
        where = self.sources.get(source_id)
        if where is None:
            return ""
        part, local = where
        return self.parts[part].seg.text(local)

    @cached_property
    def initialisms(self) -> dict[str, str]:
        """The segments' initialisms, merged (the engine builds this when it loads a generation).

        A removed article's may remain until its segment is merged away: reading "IPEF" as the
        phrase then finds nothing more than "IPEF" did.
        """
        return _first_of(part.seg.initialisms for part in self.parts)

    @cached_property
    def defined_heads(self) -> dict[str, str]:
        """The segments' defined nouns, merged, as `initialisms` are (built when a generation loads)."""
        return _first_of(part.seg.defined_heads for part in self.parts)

    def spell_out(self, question: str) -> str:
        """The question with an initialism no article uses followed by the phrase it stands for.

        "what is IPEF" is read as "what is IPEF (Indo Pacific Economic Framework)": members
        write initialisms the articles spell out. The other way round too (`abbreviate`): a
        noun the articles define by an initialism is followed by it.
        """
        lo, hi = ACRONYM_LETTERS

        def one(match: re.Match[str]) -> str:
            word = match.group(0)
            lower = word.lower()
            if (
                lower in FILLER
                or zipf(lower) >= RARE_ZIPF  # an everyday word ("lol", "plan"), not an initialism
                or self.vocabulary.counts.get(lower)
                or self.known_term((tokenize(word) or [""])[0])
            ):
                return word
            phrase = self.initialisms.get(lower)
            return f"{word} ({phrase})" if phrase else word

        spelled = re.sub(rf"\b[A-Za-z]{{{lo},{hi}}}\b", one, question)
        return self.abbreviate(spelled)

    def abbreviate(self, question: str) -> str:
        """The question with a noun the articles define by an initialism followed by it.

        "that gas part, how long does it run" is read as "that gas (LNG) part ...": an article
        defines "liquefied natural gas (LNG)", and the others, like it after that, write only
        "LNG" where the deal's gas is meant. Not when the question already has the initialism.
        """
        heads = self.defined_heads
        if not heads:
            return question
        present = set(tokenize(question))
        seen: set[str] = set()

        def one(match: re.Match[str]) -> str:
            word = match.group(0)
            short = heads.get((tokenize(word) or [""])[0])
            if not short or short in seen or (tokenize(short) or [""])[0] in present:
                return word
            seen.add(short)
            return f"{word} ({short})"

        return re.sub(r"\b[a-z][a-z-]+\b", one, question)

    # -- retrieval --------------------------------------------------------------------------

    def _locate(self, gid: int) -> tuple[int, int]:
        for index in range(len(self.parts) - 1, -1, -1):
            if gid >= self.parts[index].base:
                return index, gid - self.parts[index].base
        raise IndexError(gid)

    def place(self, gid: int) -> tuple[str, int]:
        """A chunk's source and position in it, which ties are broken by.

        Not the global id: that depends on how the articles happen to be spread over segments,
        and an index updated one article at a time must rank like a cold build of them.
        """
        part_index, local = self._locate(gid)
        seg = self.parts[part_index].seg
        entry = seg.stored.sources[int(seg.a["chunk_src"][local])]
        return entry.source.id, local - entry.chunk_lo

    def dense(self, query: np.ndarray, depth: int) -> tuple[list[int], dict[int, float]]:
        """Live chunks by cosine to the question: ranked global ids and their similarities."""
        found: list[tuple[float, int]] = []
        q = np.ascontiguousarray(query[None, :], dtype=np.float32)
        for part in self.parts:
            n = part.seg.stored.chunks
            if not n:
                continue
            dead = n - int(part.chunk_alive.sum())
            sims, ids = part.seg.faiss.search(q, min(n, depth + dead))
            for sim, local in zip(sims[0].tolist(), ids[0].tolist(), strict=True):
                if local >= 0 and part.chunk_alive[local]:
                    found.append((sim, part.base + local))
        found.sort(key=lambda x: (-x[0], self.place(x[1])))
        found = found[:depth]
        return [g for _, g in found], {g: s for s, g in found}

    def lexical(self, terms: Sequence[str], weights: Sequence[float], depth: int) -> tuple[list[int], dict[int, float]]:
        """Live chunks by BM25 (corpus-wide idf and length), ranked, with their scores."""
        if not terms or not self.chunk_count:
            return [], {}
        df = np.zeros(len(terms))
        for part in self.parts:
            for n, term in enumerate(terms):
                tid = part.seg.term_ids.get(term)
                if tid is not None:
                    df[n] += part.df[tid]
        term_idf = idf(df, self.chunk_count)
        found: list[tuple[float, int]] = []
        for part in self.parts:
            stored = part.seg.stored
            a = part.seg.a
            scores = np.zeros(stored.chunks, dtype=np.float64)
            touched = False
            for n, term in enumerate(terms):
                tid = part.seg.term_ids.get(term)
                if tid is None:
                    continue
                lo, hi = int(a["post_ptr"][tid]), int(a["post_ptr"][tid + 1])
                docs = np.asarray(a["post_doc"][lo:hi])
                tf = np.asarray(a["post_tf"][lo:hi], dtype=np.float64)
                lengths = np.asarray(a["chunk_len"])[docs]
                scores[docs] += weights[n] * term_idf[n] * bm25_weights(tf, lengths, self.avgdl)
                touched = True
            if not touched:
                continue
            scores[~part.chunk_alive] = 0.0
            positive = np.flatnonzero(scores > 0)
            if len(positive) > depth:
                top = positive[np.argpartition(-scores[positive], depth)[:depth]]
            else:
                top = positive
            found.extend((float(scores[i]), part.base + int(i)) for i in top)
        found.sort(key=lambda x: (-x[0], self.place(x[1])))
        found = found[:depth]
        return [g for _, g in found], {g: s for s, g in found}

    # -- windows ----------------------------------------------------------------------------

    def _windows(self, part_index: int, local_chunk: int, tuning: Tuning) -> list[Window]:
        """Candidate quotes inside one chunk, plus list and anaphora extensions."""
        seg = self.parts[part_index].seg.stored
        a = self.parts[part_index].seg.a
        lo, hi = (int(x) for x in a["chunk_units"][local_chunk])
        src = int(a["chunk_src"][local_chunk])
        entry = seg.sources[src]
        kinds = a["unit_kind"][entry.unit_lo : entry.unit_hi]
        pos = a["unit_pos"][entry.unit_lo : entry.unit_hi]
        base = entry.unit_lo
        text = self.parts[part_index].seg.text(src)
        quotable = self.parts[part_index].seg.quotable[entry.unit_lo : entry.unit_hi]
        out: list[Window] = []

        def chars(i: int, j: int) -> int:
            return int(pos[j - base, 1] - pos[i - base, 2])

        def leads_list(u: int) -> bool:
            # "The key elements include:" followed by list items.
            ru = u - base
            return text[pos[ru, 2] : pos[ru, 1]].rstrip().endswith(":") and u + 1 < entry.unit_hi and kinds[ru + 1] == _ITEM

        def ends_open(j: int) -> bool:
            # A question, or a lead-in ending with "," or ":", is not an answer on its own.
            return text[pos[j - base, 2] : pos[j - base, 1]].rstrip('"”’) ').endswith(("?", ",", ":", ";"))

        for i in range(lo, hi):
            r = i - base
            if not quotable[r]:
                continue
            if kinds[r] == _ROW:
                out.append(Window(part_index, i, i))
                continue
            lead = leads_list(i)
            for j in range(i, min(i + tuning.max_window_units, entry.unit_hi)):
                rj = j - base
                if not quotable[rj] or kinds[rj] == _ROW or pos[rj, 3] != pos[r, 3]:
                    break
                if j > i and leads_list(j - 1):
                    break  # a lead-in comes with its whole list (below), not its first items
                if j > i and chars(i, j) > tuning.max_quote_chars:
                    break
                if ends_open(j):
                    continue
                out.append(Window(part_index, i, j))
            # A list is quoted whole (with its lead-in sentence when it has one).
            starts_list = kinds[r] == _ITEM and (i == entry.unit_lo or kinds[r - 1] != _ITEM)
            if starts_list or lead:
                j = i + 1
                while (
                    j < entry.unit_hi
                    and kinds[j - base] == _ITEM
                    and chars(i, j) <= tuning.max_quote_chars
                ):
                    j += 1
                if j - 1 >= i + 1:
                    out.append(Window(part_index, i, j - 1))
            # A sentence that opens with "It"/"This" is quoted with the one before it.
            if anaphoric(text[pos[r, 2] : pos[r, 1]]) and i > entry.unit_lo:
                p = i - 1
                if quotable[p - base] and kinds[p - base] != _ROW and pos[p - base, 1] <= pos[r, 2]:
                    for j in range(i, min(i + 2, entry.unit_hi)):
                        rj = j - base
                        if not quotable[rj] or kinds[rj] == _ROW or pos[rj, 3] != pos[r, 3]:
                            break
                        if chars(p, j) <= tuning.max_quote_chars and not ends_open(j):
                            out.append(Window(part_index, p, j, extended=True))
        return out

    def window_text(self, w: Window) -> tuple[str, int, int]:
        """The verbatim text of a window and its span in the source's cleaned text."""
        seg = self.parts[w.part].seg
        a = seg.a
        src = int(a["unit_src"][w.first])
        if w.first == w.last and int(a["unit_kind"][w.first]) == _ROW:
            start, end = (int(x) for x in a["unit_pos"][w.first][:2])
            return seg.stored.unit_text_of(w.first), start, end
        start = int(a["unit_pos"][w.first][2])
        end = int(a["unit_pos"][w.last][1])
        return seg.text(src)[start:end], start, end

    def window_vectors(self, windows: Sequence[Window]) -> np.ndarray:
        """Each window's vector: its units' token sums, added and normalised (no model call)."""
        dim = self.parts[0].seg.stored.dim if self.parts else 0
        out = np.zeros((len(windows), dim), dtype=np.float32)
        by_part: dict[int, list[int]] = {}
        for n, w in enumerate(windows):
            by_part.setdefault(w.part, []).append(n)
        for part_index, rows in by_part.items():
            a = self.parts[part_index].seg.a
            units = sorted({u for n in rows for u in range(windows[n].first, windows[n].last + 1)})
            at = {u: i for i, u in enumerate(units)}
            sums = a["unit_sum"][units].astype(np.float32)
            sums[a["unit_kind"][units] == _HEADER] = 0.0
            for n in rows:
                w = windows[n]
                out[n] = sums[at[w.first] : at[w.last] + 1].sum(axis=0)
        return normalize_rows(out)

    def _heading_terms(self, w: Window) -> frozenset[int]:
        """The terms of the heading of the section a window is in (empty if none is near)."""
        a = self.parts[w.part].seg.a
        src = a["unit_src"][w.first]
        for u in range(w.first - 1, max(-1, w.first - 1 - SECTION_LOOKBACK), -1):
            if a["unit_src"][u] != src:
                break
            if a["unit_kind"][u] == _HEADING:
                lo, hi = int(a["unit_terms_ptr"][u]), int(a["unit_terms_ptr"][u + 1])
                return frozenset(a["unit_terms"][lo:hi].tolist())
        return frozenset()

    def _place_absent(self, query: Query, source_id: str) -> float:
        """1.0 if the article does not name a place or a chemical element the question names.

        A place counts as named in any of its forms ("China", "Chinese", "Beijing"); an element
        by its name ("what share of the world's lithium does china control").
        """
        if not query.places and not query.elements:
            return 0.0
        terms = self._article_terms(source_id)
        if any(not all(t in terms for t in tokenize(e)) for e in query.elements):
            return 1.0
        for place in query.places:
            own, capitals = place_terms(place)
            if not (own and all(t in terms for t in own)) and not any(t in terms for t in capitals):
                return 1.0
        return 0.0

    def _names_neighbour(
        self,
        query: Query,
        lexical: np.ndarray,
        lone: np.ndarray,
        source_ids: Sequence[str],
        support: Mapping[str, float],
        share: Mapping[str, float],
    ) -> bool:
        """Whether the question names something only neighbouring stories have.

        Judged on the candidates: a word of the question is in a lone story's article and in
        none of the main story's ("tungsten"), or a lone story's window holds LONE_STORY_COVER
        more of the question's words (`share`: by weight) than the main story's best ("what did
        takaichi ask xi about rare earths"). "How long did trump and takaichi's meeting last"
        names nothing the main story lacks, though a story on Takaichi meeting Xi has it all.
        An everyday word the main story lacks ("how much did the jera lng deal cost", "which
        agency will run the stockpile") is asked of it as of any story: it names nothing, and
        the cover it gives a neighbour's window does not count.
        """
        own = {t for t, w in zip(query.terms, query.weights, strict=True) if w >= 1.0} - query.offered
        main: set[str] = set()
        lone_terms: set[str] = set()
        for sid in set(source_ids):
            (lone_terms if support[sid] < abstention.LONE_STORY_SUPPORT else main).update(own & self._article_terms(sid))
        only_lone = lone_terms - main
        if only_lone - query.everyday:
            return True
        discount = sum(share.get(t, 0.0) for t in only_lone | query.offered)
        return float(lexical[lone].max() - lexical[~lone].max()) - discount >= LONE_STORY_COVER

    def _read_article_terms(self, source_id: str) -> frozenset[str]:
        return frozenset(tokenize(self.source_text(source_id)))

    def _terms_present(self, w: Window, term_ids: Sequence[int]) -> np.ndarray:
        a = self.parts[w.part].seg.a
        lo, hi = int(a["unit_terms_ptr"][w.first]), int(a["unit_terms_ptr"][w.last + 1])
        have = set(a["unit_terms"][lo:hi].tolist())
        return np.array([t in have for t in term_ids], dtype=bool)

    # -- the pipeline -----------------------------------------------------------------------

    def retrieve(
        self,
        query: Query,
        vector: np.ndarray,
        k: int,
        tuning: Tuning,
        *,
        one_per_source: bool = False,
        must: frozenset[str] = frozenset(),
        only: frozenset[str] = frozenset(),
        elsewhere: bool = False,
        trace: list[object] | None = None,
    ) -> Retrieval:
        """Quotes for a question, best first, with the evidence for abstention.

        `only`: quote these articles alone ("what does the law firm say about ..."); their
        passages are all candidates, whatever their rank in the whole corpus. `elsewhere`: quote
        lone neighbouring stories alone, judged as in any other search (see `Engine._judge`).
        """
        empty = Retrieval((), {}, -1.0)
        if not self.chunk_count:
            return empty
        # Looking in lone neighbouring stories alone (`elsewhere`), the main story's chunks and
        # ledes are not wanted.
        leaning = query.leans and not only and not elsewhere and tuning.story_heard > 0
        # "why'd they do it": a reason asked of the story, naming nothing else; "when did this go
        # down", "who signed it": what the story's lede tells, asked of the story
        bare = query.leans and not any(w >= 1.0 for w in query.weights)
        told_asked = bare and query.expected in _LEDE_TELLS
        # "what's the point of the deal": the story named by its kind names nothing else either
        why_asked = query.expected is AnswerType.REASON and query.leans and not any(
            w >= 1.0 and not (query.points and t in _STORY_TERMS) for t, w in zip(query.terms, query.weights, strict=True)
        )
        ledes = not elsewhere and (query.summary or why_asked or told_asked)
        # One scan of the index, deep enough to find the main story's closest chunks
        # (`_story_chunks`); a flat index reads every vector whatever the depth.
        deep_rank, deep_sim = self.dense(vector, max(tuning.dense_depth, STORY_DEPTH if not only and not elsewhere else 0))
        dense_rank = deep_rank[: tuning.dense_depth]
        dense_sim = {g: deep_sim[g] for g in dense_rank}
        lex_rank, lex_score = self.lexical(query.terms, query.weights, tuning.dense_depth)
        fused = reciprocal_rank_fusion([dense_rank, lex_rank])
        if only:
            fused = self._within(only, fused, dense_sim, vector, tuning.candidate_chunks)
        if elsewhere:
            sources = {g: self._chunk_source(g).id for g in fused}
            lone_story = self.support(list(sources.values()))
            fused = {g: f for g, f in fused.items() if lone_story[sources[g]] < abstention.LONE_STORY_SUPPORT}
        one_article = self._one_article_terms(query)
        prior_scale = 1.0 - self._share(query, one_article)
        if tuning.support_prior and fused and prior_scale > 0:
            # Reciprocal ranks are ~1/60; an article's support shifts its chunks by up to a few ranks.
            chunk_sources = {g: self._chunk_source(g).id for g in fused}
            prior = self.support(list(chunk_sources.values()))
            fused = {
                g: f + prior_scale * tuning.support_prior * prior[chunk_sources[g]] / 60.0
                for g, f in fused.items()
            }
        top = sorted(fused, key=lambda g: (-fused[g], self.place(g)))[: tuning.candidate_chunks]
        if not only and not elsewhere:
            # Each retriever's own best chunk is always heard. The support prior may rank a lone
            # new article's chunk below the main story's, even the one chunk that holds the rare
            # name asked about ("the Greenbushes deal"); it may reorder candidates, not drop it.
            for g in (*lex_rank[: tuning.always_heard], *dense_rank[: tuning.always_heard]):
                if g in fused and g not in top:
                    top.append(g)
            # "tldr?": the opening chunks of the best-supported articles the deep scan found (a
            # story's lede need not share a word with "tldr of this deal pls", and the sixteen
            # candidates held only three of five); "what's in the table for japan": the closest
            # table chunks.
            heard = [
                *(self._lede_chunks(deep_rank, vector, tuning.ledes_heard) if ledes else ()),
                *(self._table_chunks(vector, tuning.tables_heard) if query.wants_table else ()),
                *(self._story_chunks(deep_rank, deep_sim, tuning.story_heard) if leaning and prior_scale >= 1.0 else ()),
            ]
            if not heard and tuning.story_heard > 0 and not self._tells_main_story(top):
                # "is jbic or the dfc handling the financing for this": neighbouring stories'
                # financing fills every candidate; the main story must be among them for the
                # set-aside below to prefer it, and for its silence to be heard.
                heard = self._story_chunks(deep_rank, deep_sim, tuning.story_heard)
            for g, sim in heard:
                dense_sim.setdefault(g, sim)
                fused.setdefault(g, 0.0)
                if g not in top:
                    top.append(g)
        if not top:
            return empty
        best_fused = fused[top[0]] or 1.0
        windows: dict[tuple[int, int, int], Window] = {}
        chunk_of: dict[tuple[int, int, int], tuple[float, float, str, float]] = {}
        weights = np.asarray(query.weights, dtype=np.float64)
        df = np.zeros(len(query.terms))
        for part in self.parts:
            for n, term in enumerate(query.terms):
                tid = part.seg.term_ids.get(term)
                if tid is not None:
                    df[n] += part.df[tid]
        # Idf of each question term across the corpus, so rare words count more in coverage.
        term_weight = weights * idf(df, self.chunk_count) if len(df) else weights
        total_weight = float(term_weight.sum()) if len(term_weight) else 0.0
        ids = [[p.seg.term_ids.get(t, -1) for t in query.terms] for p in self.parts]
        for g in top:
            part_index, local = self._locate(g)
            sim = dense_sim.get(g)
            if sim is None:
                stored = self.parts[part_index].seg.stored
                sim = float(self.parts[part_index].seg.a["chunk_vec"][local] @ vector)
            cid = f"{self.parts[part_index].seg.name}:{local}"
            a = self.parts[part_index].seg.a
            lo_t, hi_t = int(a["chunk_terms_ptr"][local]), int(a["chunk_terms_ptr"][local + 1])
            have = set(a["chunk_terms"][lo_t:hi_t].tolist())
            context = (
                float(sum(w for w, t in zip(term_weight, ids[part_index], strict=True) if t in have)) / total_weight
                if total_weight > 0
                else 0.0
            )
            for w in self._windows(part_index, local, tuning):
                key = (w.part, w.first, w.last)
                previous = chunk_of.get(key)
                if previous is None or sim > previous[0]:
                    chunk_of[key] = (sim, fused[g] / best_fused, cid, context)
                    windows[key] = w
        if not windows:
            return empty
        keys = list(windows)
        cands = [windows[k] for k in keys]
        vecs = self.window_vectors(cands)
        texts = [self.window_text(w) for w in cands]
        # What each unit of the candidates holds, gathered once (windows share units).
        unit_info: dict[tuple[int, int], tuple[frozenset[int], int, int, int]] = {}
        for part_index in {w.part for w in cands}:
            a = self.parts[part_index].seg.a
            units = sorted({u for w in cands if w.part == part_index for u in range(w.first, w.last + 1)})
            if not units:
                continue
            ptr = a["unit_terms_ptr"]
            kinds_of = a["unit_kind"][units].tolist()
            types_of_units = a["unit_types"][units].tolist()
            srcs = a["unit_src"][units].tolist()
            for u, kind, mask, src in zip(units, kinds_of, types_of_units, srcs, strict=True):
                terms = frozenset(a["unit_terms"][int(ptr[u]) : int(ptr[u + 1])].tolist())
                unit_info[(part_index, u)] = (terms, kind, mask, src)
        lexical = np.zeros(len(cands))
        type_ok = np.zeros(len(cands))
        told = np.zeros(len(cands))  # how many of who, when and where a window's sentence tells
        purposed = np.zeros(len(cands), dtype=bool)  # whether a window gives a reason or a purpose
        expected = None if query.wants_table else query.expected
        city_half = expected is AnswerType.VENUE and city_half_answers(query.search_text)
        kinds: list[list[int]] = []
        source_ids: list[str] = []
        source_sim = np.zeros(len(cands))
        sim_of: dict[tuple[int, int], float] = {}
        for n, w in enumerate(cands):
            info = [unit_info[(w.part, u)] for u in range(w.first, w.last + 1)]
            kinds.append([i[1] for i in info])
            if total_weight > 0:
                have = frozenset().union(*(i[0] for i in info))
                wanted = ids[w.part]
                lexical[n] = sum(tw for tw, t in zip(term_weight, wanted, strict=True) if t in have) / total_weight
            mask = 0
            for i in info:
                mask |= i[2]
            told[n] = max(len(types_of(i[2]) & _FIVE_WS) for i in info)  # in one sentence, not spread over several
            purposed[n] = AnswerType.REASON in types_of(mask)
            ok = satisfies(expected, types_of(mask))
            if ok is None or (not ok and expected in _WEAK_TYPES):
                type_ok[n] = 0.0  # a reason or a quotation is often said in words no pattern knows
            elif ok and expected is AnswerType.NUMBER and rough_count_only(texts[n][0]):
                # "how many sailors": "thousands of sailors" is half an answer beside a figure
                type_ok[n] = 0.5
            elif not ok and city_half and AnswerType.PLACE in types_of(mask):
                # "where did australia and japan sign it": "signed ... in Perth" is half an
                # answer where no building is named
                type_ok[n] = 0.5
            else:
                type_ok[n] = 1.0 if ok else -1.0
            if query.region and not query.wants_table:
                # "which us states supply the gas": a state named is the kind of answer asked
                type_ok[n] = 1.0 if names_region(texts[n][0]) else -1.0
            elif query.city and not query.wants_table:
                # "what city is trump meeting xi in": a city named ("... Xi Jinping in Seoul")
                type_ok[n] = 1.0 if names_city(texts[n][0]) else -1.0
            elif query.wants_elements and not query.wants_table:
                # "which rare earths do they name": an element named, not rare earths in general
                type_ok[n] = 1.0 if names_element(texts[n][0], query.search_text) else -1.0
            elif query.term and not query.wants_table:
                # "how long will the gas contract last": a term stated ("for 20 years"), not a deadline
                type_ok[n] = 1.0 if states_term(texts[n][0]) else -1.0
            src = info[0][3]
            stored = self.parts[w.part].seg.stored
            source_ids.append(stored.sources[src].source.id)
            key = (w.part, src)
            if key not in sim_of:
                sim_of[key] = float(self.parts[w.part].seg.a["source_vec"][src] @ vector)
            source_sim[n] = sim_of[key]
        support = self.support(source_ids)
        structure = np.zeros(len(cands))
        asked = set(query.terms)
        # the question's own words (not looked-up neighbours), by how few passages have them
        own_weight = [float(w) if q >= 1.0 else 0.0 for w, q in zip(term_weight, query.weights, strict=True)]
        example = frozenset(t for t, w in zip(query.terms, query.weights, strict=True) if w >= 1.0) - _STORY_TERMS
        # "what questions does the FAQ cover", "the final thoughts bit": a question asking for a
        # part of a page and naming, in its own words, every word of the heading of the section
        # a window is in asks for that section, not a passage elsewhere that shares its verb ("a
        # multi-part framework covering trade"). Only for a part of a page asked: a heading is
        # often a topic's words too ("Tariffs"), which a question names for the topic.
        own_ids = (
            [{t for t, wt in zip(part_ids, query.weights, strict=True) if wt >= 1.0 and t >= 0} for part_ids in ids]
            if query.page_part
            else []
        )
        for n, ks in enumerate(kinds):
            heading = self._heading_terms(cands[n]) if query.page_part else frozenset()
            if heading and heading <= own_ids[cands[n].part]:
                structure[n] = 1.0
            elif _ROW in ks:
                # A row is about its first cell ("European Union — …"): a question naming that
                # entity asks about this row, whichever other rows mention the entity.
                head = row_head_terms(texts[n][0])
                named = bool((asked - query.besides - query.contingent) & head)
                if named and not query.wants_table:
                    # ... and asks what the row's cells tell ("what are china's policy tools"), not
                    # only names it ("so is china gonna be mad about this"): a word of the row
                    # beyond its first cell, and not one most passages have ("minerals")
                    cells = set(tokenize(texts[n][0])) - head
                    named = any(w >= ROW_WORD_WEIGHT and t in cells for t, w in zip(query.terms, own_weight, strict=True))
                # ("what does the chart show": every row is asked for, none by its words)
                structure[n] = 1.0 if query.whole_table else (0.5 if query.wants_table else 0.0) + (0.5 if named else 0.0)
                if (named or query.whole_table) and query.points_table and support[source_ids[n]] >= abstention.LONE_STORY_SUPPORT:
                    # "in the table, what's japan's approach": the row is where the member
                    # looks, not prose sharing a word ("... this economic security approach");
                    # "the table" is the main story's, as "the deal" is, not a lone neighbour's
                    structure[n] *= TABLE_POINTED_ROW
            elif query.wants_list and ((_ITEM in ks and len(ks) > 1) or lists_with(texts[n][0], example)):
                # "what tools ... subsidies etc, list them": the items beside the example given
                # ("a mix of subsidies, loans, trade incentives, and storage systems")
                structure[n] = 1.0
        features = {
            "dense": vecs @ vector,
            "chunk": np.array([chunk_of[k][0] for k in keys]),
            "lexical": lexical,
            "answer_type": type_ok,
            "source": source_sim,
            "structure": structure,
            "anaphora": np.array(
                [1.0 if anaphoric(t) and not w.extended else 0.0 for (t, _, _), w in zip(texts, cands, strict=True)]
            ),
            "fused": np.array([chunk_of[k][1] for k in keys]),
            "context": np.array([chunk_of[k][3] for k in keys]),
            "support": prior_scale * np.array([support[sid] for sid in source_ids]),
            "short": np.array([1.0 if len(t) < 60 else 0.0 for t, _, _ in texts]),
        }
        scores = window_scores(features, tuning.weights)
        # "any deadline on it?", "is it a big deal or nah": the story the conversation is about
        # is the one several articles tell; a lone neighbouring story's sentence that happens to
        # match such a question is set aside while the main story has any. One that names more
        # ("the price floor in this deal"), or nothing a neighbouring story alone has, in words
        # or in how many of them it holds ("how long did trump and takaichi's meeting last"), is
        # about the main story too, unless a neighbouring story matches it far better ("how much
        # is each government putting in under the deal with australia").
        lone = np.array([support[sid] < abstention.LONE_STORY_SUPPORT for sid in source_ids])
        share = {t: float(w) / total_weight for t, w in zip(query.terms, term_weight, strict=True)} if total_weight else {}
        # An everyday word only one article uses ("when does the six month window close") names
        # no article: the set-aside still stands for such a question.
        names_one = bool(one_article - query.everyday - query.offered)
        # A question leaning on the story ("does it cover germanium"), or pointing at it by its
        # kind ("is the framework legally binding"), asks about the story even when it names what
        # one neighbouring story alone has ("binding", said of another deal's memorandum).
        if not only and (query.leans or query.raised or query.points or not names_one) and lone.any() and not lone.all():
            behind = float(scores[lone].max() - scores[~lone].max()) < LONE_STORY_LEAD
            if query.leans or query.raised or (
                behind and (query.points or not self._names_neighbour(query, lexical, lone, source_ids, support, share))
            ):
                scores = np.where(lone, scores - np.float32(_SET_ASIDE), scores).astype(np.float32)
        if ledes:
            # "tldr?": a news story's opening paragraph is its summary; "why'd they do it": and
            # says why, the story's purpose ("... signed a pact to reduce dependence on China").
            bonus = np.float32(tuning.lede) * np.array([self._is_lede(w) for w in cands], dtype=np.float32)
            if query.summary or told_asked:
                # "tldr?": of the ledes, the one telling who did it, when and where (the news
                # lede's convention) says what happened; "the agreement marks a major step" does not.
                bonus = bonus * (1.0 + np.float32(tuning.lede_facts / tuning.lede) * told.astype(np.float32))
            else:
                # "why'd they do it": of the ledes, the one whose purpose the other articles give
                # too ("... a pact to reduce dependence on China", beside "reduces dependence on
                # Chinese exports", "technological independence from China"), not one article's
                # own framing ("aimed at strengthening cooperation in mining").
                # (Compared with the purposes given outside the ledes: ledes all sound alike.)
                agreed = agreed_purpose(vecs, source_ids, purposed & (bonus == 0))
                bonus = bonus + np.float32(tuning.lede_consensus) * (bonus > 0) * agreed
            scores = scores + bonus
        spans = [(s, e) for _, s, e in texts]
        if trace is not None:  # every candidate's features, for weight experiments offline
            trace.append((features, [t for t, _, _ in texts], source_ids, [self._source_of(w) for w in cands]))

        def choose(*, first: int | None = None) -> list[int]:
            # With `first` chosen, the rest weigh what of their chunk's words it explains.
            after = first is not None
            return select_windows(
                scores,
                vecs,
                source_ids,
                spans,
                k=max(k, WHOLE_TABLE_ROWS) if query.whole_table else k,
                margin=tuning.margin,
                # a table's rows read alike to the model, and each is asked for here
                same_meaning=WHOLE_TABLE_SAME if query.whole_table else tuning.same_meaning,
                chunks=[chunk_of[key][2] for key in keys] if after else None,
                chunk_cover=features["context"] if after else None,
                own_cover=lexical if after else None,
                cover_weight=tuning.weights.context if after else 0.0,
                first=first,
            )

        if one_per_source:
            # "Which articles say X": the best window of each article, if it scores near the best
            # and holds the words that pick out X (`must`, those of them few passages have).
            must = self._distinctive(must)
            order = np.argsort(-scores, kind="stable")
            seen: set[str] = set()
            picks = []
            for i in order.tolist():
                if source_ids[i] in seen or float(scores[i]) < float(scores[order[0]]) - 2 * tuning.margin:
                    continue
                if must and not self._terms_present(
                    cands[i], [self.parts[cands[i].part].seg.term_ids.get(t, -1) for t in must]
                ).any():
                    continue  # "which articles mention JERA": one that does not is no answer
                seen.add(source_ids[i])
                picks.append(i)
                if len(picks) >= k:
                    break
            if not picks:
                return empty
        else:
            picks = choose()
        # "how many mines": a quote shown that counts mines goes first, if the best does not;
        # "what did Takaichi say": one reporting her speaking.
        if query.counted and not only:
            picks = first_that(picks, lambda i: counts(texts[i][0], query.counted, query.measured))
        if query.speaker and not only:
            picks = first_that(picks, lambda i: speaks(texts[i][0], query.speaker))
        elif query.talk and not only:
            picks = first_that(picks, lambda i: reports_talk(texts[i][0]))
        org_asked = (query.org_described or query.company) and not only

        def names_org(i: int) -> bool:  # an organisation the question asks for, not one it names
            return names_new_org(texts[i][0], query.search_text, company=query.company, agency=query.agency)

        if org_asked:
            picks = first_that(picks, names_org)
        best = picks[0]
        # "which agency": whether the best windows name the thing asked for, judged on the
        # windows as first chosen, the ones abstention was calibrated on.
        judged = picks[:3]
        if not one_per_source:
            # The quotes after the first, chosen once it is: a sentence beside it in the same
            # chunk no longer counts the question's words that the first one put there.
            picks = choose(first=best)
        if query.whole_table and _ROW in kinds[best]:
            # "what does the chart show": the best row's table read top to bottom, as its page
            # prints it, then whatever else was chosen
            table = sorted((i for i in picks if _ROW in kinds[i] and source_ids[i] == source_ids[best]), key=lambda i: cands[i].first)
            picks = table + [i for i in picks if i not in table]
        best_text = texts[best][0]
        speaker_missing = 0.0
        if query.speaker and not only:  # "what did Clash Report say": the article speaks
            speaker_missing = 0.0 if speaks(best_text, query.speaker) else 1.0
        elif query.talk and not only:
            speaker_missing = 0.0 if reports_talk(best_text) else 1.0
        named_match = 0.0
        # the names the asker guesses at ("is jbic or the dfc ...") are not what it is about
        named = [t for t in query.named if t not in query.offered]
        if named:
            term_ids = self.parts[cands[best].part].seg.term_ids
            present = self._terms_present(cands[best], [term_ids.get(t, -1) for t in named])
            named_match = float(present.mean())
        head_missing = 0.0
        if query.head_terms:
            shown = {t for i in judged for t in tokenize(texts[i][0])}
            head_missing = sum(t not in shown for t in query.head_terms) / len(query.head_terms)
        typed_focus = 0.0
        typed_off = 0.0
        if expected is not None and expected not in _WEAK_TYPES:
            wb = cands[best]
            units = [unit_info[(wb.part, u)] for u in range(wb.first, wb.last + 1)]
            # Counted: the question's own words that some passage has. Not counted: a word no
            # passage has (it is in no sentence), a looked-up neighbour (a guess), and a word the
            # amount itself answers ("cost", "pledged": see `cue_words`).
            cues = set(tokenize(" ".join(cue_words(expected, query.search_text))))
            # Nor, for an amount, a figure the question writes: "what percent of japan's LNG comes
            # from sakhalin-2" is not about "raise defense spending to 2 percent", nor "how much is
            # seoul putting in compared to japan's 550" about a sentence with 550 in it.
            figure = expected in AMOUNTS
            own = np.array(
                [
                    t not in cues and w >= 1.0 and not (figure and t.isdigit())
                    for t, w in zip(query.terms, query.weights, strict=True)
                ]
            )
            typed = [bool(satisfies(expected, types_of(i[2]))) for i in units]
            counted = term_weight * (df > 0) * own
            cover = typed_sentence_cover([i[0] for i in units], typed, ids[wb.part], counted)
            typed_focus = -1.0 if cover < TYPED_COVER_FLOOR else 0.0
            # Each sentence's words with those of the one before, if the same article's: a
            # sentence often names its subject there ("... a new container terminal.
            # Construction will cost $2.5 billion").
            before = [unit_info.get((wb.part, u - 1)) for u in range(wb.first, wb.last + 1)]
            joined = [
                i[0] | b[0] if b is not None and b[3] == i[3] else i[0] for i, b in zip(units, before, strict=True)
            ]
            about_articles = expected is AnswerType.DATE and bool(set(query.terms) & _ARTICLE_TERMS)
            if expected in _FOCUS_GATED and typed_focus < 0 and not about_articles:
                # Before declining, the sentence before counts too, and a word only a sentence or
                # two use ("how many working mines" where the article says "operational") weighs
                # no more than WEIGHT_CAP: alone it would decide.
                capped = np.minimum(counted, WEIGHT_CAP)
                # "how soon": a span of time ("within six months") says when as well.
                gated = [
                    t or (expected is AnswerType.DATE and AnswerType.DURATION in types_of(i[2]))
                    for t, i in zip(typed, units, strict=True)
                ]
                # A sentence naming the story's subject only as "the deal", "the pact" ("... unveiled
                # the deal at Akasaka Palace on October 28") is about what its heading names ("U.S.
                # and Japan Sign Rare Earths Supply Deal").
                heading = self._heading_terms(wb)
                if heading:
                    stored = self.parts[wb.part].seg.stored
                    joined = [
                        j | heading if t and _SUBJECT_NAMED.search(stored.unit_text_of(u)) else j
                        for j, t, u in zip(joined, gated, range(wb.first, wb.last + 1), strict=True)
                    ]
                typed_off = float(typed_sentence_cover(joined, gated, ids[wb.part], capped) < TYPED_COVER_FLOOR)
            if expected in _FOCUS_GATED and query.owners and not typed_off:
                # "what percentage of japan's rare earths come from china": the amount must be
                # the owner's ("China still processes over 90 percent of global rare earths" is
                # the world's), named in its sentence or the one before, or by its capital.
                typed_off = float(not _typed_names_all(query.owners, typed, joined, self.parts[wb.part].seg.term_ids))
            if expected in AMOUNTS and query.between and not typed_off:
                # "what % of japan's rare earth imports come from china": an amount between two
                # places is stated with both ("a tariff reduction to 15% for certain Japanese
                # imports" names no China), in its sentence or the one before.
                typed_off = float(not _typed_names_all(query.between, typed, joined, self.parts[wb.part].seg.term_ids))
            if expected in _FOCUS_GATED and query.doers and not typed_off:
                # "how much rare earth does japan mine": the amount's own sentence names the
                # place doing it, or at least opens with no other ("China currently controls
                # over 60% of global rare-earth mining", after a sentence naming Japan, is
                # China's; "Utility giant JERA agreed to import 5.5 million tons" is Japan's).
                seg = self.parts[wb.part].seg
                doers = [_place_ids(place, seg.term_ids) for place in query.doers]
                typed_off = float(
                    not any(
                        t
                        and (
                            all(d & i[0] for d in doers)
                            or not led_by_another_place(seg.stored.unit_text_of(u), query.doers)
                        )
                        for t, i, u in zip(typed, units, range(wb.first, wb.last + 1), strict=True)
                    )
                )
        # "which state gets the first plant": a state named, in a sentence about what is asked
        # ("U.S. suppliers in Alaska and Louisiana" answers which states supply the gas, not
        # which get the rare earth plants), as an amount or a company is judged above; "how long
        # is the framework valid": likewise a term stated ("for 20 years" is the gas contract's).
        wb = cands[best]
        units_of_best = range(wb.first, wb.last + 1)

        def held_about(holds: Callable[[str], bool], asked_for: frozenset[str]) -> bool:
            seg = self.parts[wb.part].seg
            held = [holds(seg.stored.unit_text_of(u)) for u in units_of_best]
            cue = asked_for | set(tokenize(" ".join(cue_words(query.expected, query.search_text))))
            own = np.array([t not in cue and w >= 1.0 for t, w in zip(query.terms, query.weights, strict=True)])
            cover = typed_sentence_cover(
                [unit_info[(wb.part, u)][0] for u in units_of_best], held, ids[wb.part], term_weight * (df > 0) * own
            )
            return any(held) and cover >= TYPED_COVER_FLOOR

        no_region = float(query.region and not only and not held_about(names_region, _REGION_WORDS))
        no_city = float(query.city and not only and not held_about(names_city, _CITY_WORDS))
        no_parallel = float(
            query.parallel
            and bool(query.places)
            and not only
            and not any(
                reports_deal_of(set(tokenize(sentence)), tokenize(place))
                for i in judged
                for sentence in _SENTENCES.findall(texts[i][0])
                for place in query.places
            )
        )
        # "whats the us-australia minerals deal worth": no sentence shown names both with a deal
        if query.deal_parties and not only and not no_parallel:
            no_parallel = float(
                not any(
                    reports_deal_between(sentence, query.deal_parties)
                    for i in judged
                    for sentence in _SENTENCES.findall(texts[i][0])
                )
            )
        # "is the minamitorishima mud project part of this": only the story can say so
        no_member = float(bool(query.member) and not only and not self.story_names(query.member))
        no_term = float(query.term and not only and not held_about(states_term, _TERM_WORDS))
        # "did takaichi meet xi too": no live sentence names both (Trump's meeting with Xi is his)
        no_meeting = float(len(query.met) >= 2 and not only and not self.together(query.met))
        no_next = float(
            query.next_meeting
            and not only
            and not any(still_ahead(texts[i][0], query.named, every=True) for i in judged)
        )
        # "what did trump say on the carrier": the best quote says nothing of the occasion, which
        # a quote shown has still ahead ("will visit the USS George Washington"); words said
        # there cannot be in the articles yet (a `not_yet`, as how an event went)
        occasion_ahead = bool(
            query.occasion
            and not only
            and not self._terms_present(wb, [self.parts[wb.part].seg.term_ids.get(t, -1) for t in query.occasion]).any()
            and any(ahead_of(texts[i][0], query.occasion) for i in judged)
        )
        # ... or speaks of it only as still to come ("what did takaichi tell the sailors on the
        # george washington": "Trump and Takaichi will visit the USS George Washington")
        occasion_ahead = occasion_ahead or bool(query.occasion and not only and only_ahead(best_text, query.occasion))
        # ... nor at an occasion described in words no article has at all ("in his speech to the
        # sailors on the carrier"). One such word alone may be the asker's for the signing
        # ("what did trump say in his speech"), whose remarks the articles quote.
        occasion_ahead = occasion_ahead or bool(
            len(query.occasion) >= 2
            and not only
            and not any(part.seg.term_ids.get(t, -1) >= 0 for part in self.parts for t in query.occasion)
        )
        shown = {*judged, *picks[:3]}
        # "which mining companies got picked": no window shown names an organisation, other than
        # one the question names ("which us company sells the LNG to jera")
        no_org = float(org_asked and not any(names_org(i) for i in shown))
        # "which elements did china add to its list": no window shown names an element
        # ... or "which elements did china add": none with China in its sentence or the one before
        actors = element_actors(query.search_text) if query.wants_elements else frozenset()
        no_element = float(
            query.wants_elements
            and not query.wants_table
            and not only
            and not any(
                names_element_by(texts[i][0], query.search_text, actors, title=self._source_of(cands[i]).title)
                if actors
                else names_element(texts[i][0], query.search_text)
                for i in shown
            )
        )
        # "did rare earth stocks pop", "is it legally binding": the first quote does not speak of it
        # (in any sentence: "Shares in the Las Vegas-based company jumped" names the company in
        # the one before)
        # (Asked of one article, its passages are the answer, except for a judgement of the
        # article itself, "is the clash report piece reliable", which no passage makes.)
        no_topic = float(
            any(not states_topic(t, best_text) for t in query.topics if not only or t in TOPICS_OF_SOURCES)
        )
        # "did rare earth stocks pop after the signing", naming nothing of its own: the story
        # asked about is the main one, not a lone neighbouring story's share jump ("how much
        # did MP Materials shares jump" names that story's company).
        topic_elsewhere = float(
            bool(query.topics)
            and not only
            and not names_own(query)
            and support[source_ids[best]] < abstention.LONE_STORY_SUPPORT
        )
        # "the US row in the table": the question asks for a table and names, in its own words
        # (not a looked-up neighbour of an unknown word), the row quoted; a capital names its
        # country's ("what levers does tokyo pull, per the chart").
        table_row = 0.0
        if query.whole_table and _ROW in kinds[best]:
            table_row = 1.0  # "what columns does the chart have": the table itself, quoted
        elif query.wants_table and _ROW in kinds[best]:
            own_terms = as_countries(t for t, wt in zip(query.terms, query.weights, strict=True) if wt >= 1.0)
            table_row = 1.0 if own_terms & row_head_terms(best_text) else 0.0
        # "the interesting facts list", "what's in the FAQ": the question names the heading of
        # the section quoted, in its own words, and names nothing the corpus lacks (words for
        # an article's parts, "list", "bullet points", and for where on the page, "at the
        # bottom", aside).
        section = 0.0
        names_unknown = any(
            word not in _PART_WORDS and not set(tokenize(word)) <= about.PAGE_WORDS and zipf(word) < SPECIFIC_ZIPF
            for word in query.unknown
        )
        if not names_unknown:
            own_ids = {t for t, wt in zip(ids[cands[best].part], query.weights, strict=True) if wt >= 1.0}
            heading = self._heading_terms(cands[best])
            if heading and 2 * len(heading & own_ids) >= len(heading):
                section = 1.0
        novel = 0.0
        if query.expected in _NUMERIC_TYPES:
            found = set(numbers_in(best_text)) - set(query.question_numbers)
            novel = 1.0 if found else -1.0
        second = next(
            (float(scores[i]) for i in np.argsort(-scores) if source_ids[i] != source_ids[best] or not _overlap(spans[i], spans[best])),
            float(scores[best]) - 0.2,
        )
        evidence = {
            "score": float(scores[best]),
            "dense": float(features["dense"][best]),
            "chunk": float(features["chunk"][best]),
            "lexical": float(lexical[best]),
            "answer_type": float(type_ok[best]),
            "source": float(source_sim[best]),
            "margin": float(scores[best]) - second,
            "top_dense_chunk": float(max(dense_sim.values(), default=0.0)),
            "top_lexical": float(max(lex_score.values(), default=0.0)),
            "speaker_missing": speaker_missing,
            "speaker_quoted": 1.0 if query.speaker and not speaker_missing else 0.0,
            # "will taiwan join?": a place named that the best quote's article never mentions
            "place_absent": self._place_absent(query, source_ids[best]),
            # "how many jobs": the best quote has no number counting jobs
            "count_missing": 1.0 if query.counted and not only and not counts(best_text, query.counted, query.measured) else 0.0,
            "part_missing": 1.0 if query.part_of and not only and not states_part(best_text, query.part_of) else 0.0,
            "no_prior": 1.0 if query.prior and not only and not states_prior(best_text, query.text) else 0.0,
            "no_use": 1.0 if query.use_of and not only and not tells_use(best_text, query.use_of) else 0.0,
            "pointed": 1.0 if only else 0.0,
            # "what do they mean by optical materials": no quote shown says (only names them)
            "undefined": float(not any(defines(texts[i][0], query.defined) for i in shown)),
            # "what did the clash report article say about nuclear power": the article pointed at
            # never speaks of it (no word of it, in any form), though others may
            "unsaid": float(
                bool(only)
                and bool(query.said_about)
                and not any(t in self._article_terms(sid) for sid in only for forms in query.said_about for t in forms)
            ),
            # how much of the corpus tells the quoted article's story (a lone neighbouring story: low)
            "article_support": float(support[source_ids[best]]),
            # "how did the Xi meeting go": the quote still has it ahead ("a planned meeting")
            # ... or the question asks what has happened since ("has china hit back yet"), which
            # the main story's articles, written as it broke, cannot tell; a later one may
            "not_yet": float(
                (query.outcome and still_ahead(best_text, query.terms))
                or occasion_ahead
                or (query.after_story and not only and self.in_main_story(source_ids[best]))
            ),
            # "what's the name of the one mine": the quote names nothing the question does not
            "no_name": 1.0 if query.name and not names_something_new(best_text, query.text) else 0.0,
            # "which state gets the first plant": the best quote names no state in a sentence about it
            "no_region": no_region,
            # "which city is the apec summit in": the best quote names no city in a sentence about it
            "no_city": no_city,
            # "how long is the framework valid": no term stated about it ("within six months" is a deadline)
            "no_term": no_term,
            "no_next": no_next,
            "no_topic": no_topic,
            "topic_elsewhere": topic_elsewhere,
            "no_org": no_org,
            "no_element": no_element,
            # "did south korea sign a similar deal": no sentence shown reports a deal of the place named
            "no_parallel": no_parallel,
            "no_member": no_member,
            "no_meeting": no_meeting,
            # "where will the stockpile be stored": the best quote puts nothing in a named place
            "no_location": 1.0 if query.where and not only and not locates(best_text) else 0.0,
            # "who is japan's foreign minister": the best quote does not name the office
            "no_office": 1.0 if query.office and not only and not names_office(best_text, query.office) else 0.0,
            # "whats the capital of australia": an encyclopedia's fact, which the quote must state
            "no_fact": 1.0 if query.fact and not set(query.fact) <= set(tokenize(best_text)) else 0.0,
            # "whats dysprosium going for per kilo": no quote of the best quote's article gives a
            # price (a sum paid for a stake in a mine is none; another story's price, of nickel,
            # is no answer either)
            "no_price": 1.0
            if query.price
            and not only
            and not any(states_price(texts[i][0]) for i in shown if source_ids[i] == source_ids[best])
            else 0.0,
            # "which louisiana lng terminal": no quote shown names one ("suppliers in Alaska and
            # Louisiana" names the places only)
            "no_kind": 1.0 if query.kind and not only and not any(names_near(texts[i][0], query.kind, query.text) for i in shown) else 0.0,
            # "when is takaichi going to washington": no quote shown tells of a trip there ("The
            # visit to Japan ... precedes a meeting" is another journey)
            "no_trip": 1.0 if query.trip_to and not only and not any(tells_trip(texts[i][0], query.trip_to) for i in shown) else 0.0,
            # "who signed the paperwork for the 550bn vehicle": the best quote reports no signing
            "no_signing": 1.0 if query.signer and not only and not reports_signing(best_text) else 0.0,
            # "whats the exact date the six month window closes": the best quote gives no day of
            # the calendar but the question's own ("within six months" is a span)
            "no_day": 1.0 if query.exact_date and not only and not calendar_days(best_text) - calendar_days(query.text) else 0.0,
            # "how much is japan putting into SMRs specifically": no quote shown gives a number
            # beside the part ("~US $550 billion" is the whole)
            "no_part_amount": 1.0
            if query.specific and not only and not any(states_amount_of(texts[i][0], query.specific) for i in shown)
            else 0.0,
            "table_row": table_row,
            # the best quote is a table row or list items, as a question asking for them wants
            "structure": 1.0 if (_ROW in kinds[best] or (_ITEM in kinds[best] and len(kinds[best]) > 1)) else 0.0,
            "section": section,
            "head_missing": head_missing,
            "novel_number": novel,
            # "whats the 2002 thing": every figure the question writes is in the quote
            "numbers_shown": 1.0 if query.question_numbers and set(query.question_numbers) <= set(numbers_in(best_text)) else 0.0,
            "named_match": named_match,
            "typed_focus": typed_focus,
            # "how much did the LNG deal cost", "which agency runs the stockpile": the only
            # amount or organisation shown sits in a sentence about something else
            "typed_off": 0.0 if only else typed_off,
            # The best match of any window, by similarity and words alone (no priors): how
            # closely the corpus speaks to the question at all.
            "match": float(
                np.max(0.55 * features["dense"] + 0.15 * features["chunk"] + 0.30 * lexical)
            ),
        }
        other_vecs, other_sources = self._corroboration_pool(dense_rank, tuning)
        picked: list[Picked] = []
        for i in picks:
            text, start, end = texts[i]
            also = corroborating(
                vecs[i],
                other_vecs,
                other_sources,
                source_ids[i],
                same_meaning=tuning.same_meaning,
                most=tuning.also_most,
            )
            picked.append(
                Picked(
                    source=self._source_of(cands[i]),
                    text=text,
                    start=start,
                    end=end,
                    score=round(float(scores[i]), 4),
                    chunk_id=chunk_of[keys[i]][2],
                    also=tuple(s for s in (self.source(sid) for sid, _ in also) if s is not None),
                )
            )
        return Retrieval(tuple(picked), evidence, float(scores[best]))

    def _within(
        self,
        only: frozenset[str],
        fused: Mapping[int, float],
        dense_sim: dict[int, float],
        vector: np.ndarray,
        most: int,
    ) -> dict[int, float]:
        """The fused scores of these articles' chunks only, their closest chunks added.

        A chunk outside the whole corpus's top ranks gets a fused score of 0 and its cosine in
        `dense_sim`; the `most` closest by cosine are kept (numpy over each article's chunks).
        """
        out: dict[int, float] = {}
        for index, part in enumerate(self.parts):
            locals_ = [self.sources[sid][1] for sid in only if self.sources.get(sid, (-1, 0))[0] == index]
            if not locals_:
                continue
            a = part.seg.a
            chunks = np.flatnonzero(np.isin(a["chunk_src"], locals_) & part.chunk_alive)
            if not len(chunks):
                continue
            sims = a["chunk_vec"][chunks].astype(np.float32) @ vector
            for j in np.argsort(-sims, kind="stable")[:most].tolist():
                g = part.base + int(chunks[j])
                dense_sim.setdefault(g, float(sims[j]))
                out[g] = float(fused.get(g, 0.0))
        return out

    def _story_chunks(self, ranked: Sequence[int], sims: Mapping[int, float], most: int) -> list[tuple[int, float]]:
        """The closest chunks of articles telling the main story, among the nearest `ranked`.

        "Did they say how they're gonna pay for all this" leans on the channel's story, which the
        set-aside in `retrieve` prefers; when neighbouring stories fill the nearest chunks (other
        deals' financing, "paying 25 percent tariffs"), the main story must still be among the
        candidates to be preferred. A flat index reads every vector whatever the depth, so the
        deeper search costs the heap only.
        """
        owner = {g: self._chunk_source(g).id for g in ranked}
        support = self.support(list(dict.fromkeys(owner.values())))
        chosen = [g for g in ranked if support[owner[g]] >= abstention.LONE_STORY_SUPPORT]
        return [(g, sims[g]) for g in chosen[:most]]

    def _tells_main_story(self, chunks: Sequence[int]) -> bool:
        """Whether any of the chunks is an article of the main story (one others corroborate)."""
        return any(self.in_main_story(sid) for sid in dict.fromkeys(self._chunk_source(g).id for g in chunks))

    def _lede_chunks(self, found: Sequence[int], vector: np.ndarray, most: int) -> list[tuple[int, float]]:
        """The first chunk of each of the `most` best-supported articles among `found`'s, with cosines."""
        firsts: dict[str, tuple[int, int]] = {}
        for g in found:
            part_index, local = self._locate(g)
            part = self.parts[part_index]
            entry = part.seg.stored.sources[int(part.seg.a["chunk_src"][local])]
            firsts.setdefault(entry.source.id, (part_index, entry.chunk_lo))
        prior = self.support(list(firsts))
        chosen = sorted(firsts, key=lambda sid: (-prior[sid], sid))[:most]
        return [
            (self.parts[p].base + c, float(self.parts[p].seg.a["chunk_vec"][c] @ vector))
            for p, c in (firsts[sid] for sid in chosen)
        ]

    def _is_lede(self, w: Window) -> bool:
        """Whether a window opens in its article's first paragraph of prose."""
        a = self.parts[w.part].seg.a
        entry = self.parts[w.part].seg.stored.sources[int(a["unit_src"][w.first])]
        for u in range(entry.unit_lo, entry.unit_hi):
            if a["unit_kind"][u] == _SENTENCE:
                return int(a["unit_pos"][w.first][3]) == int(a["unit_pos"][u][3])
        return False

    def _distinctive(self, terms: frozenset[str]) -> frozenset[str]:
        """Those of `terms` few passages have (at most a quarter of them), or all if none is.

        "Which articles say the deal was signed at Akasaka Palace": an article mentioning the
        palace says so; one mentioning "the deal" need not.
        """
        if not terms:
            return terms
        df = {t: sum(int(p.df[p.seg.term_ids[t]]) for p in self.parts if t in p.seg.term_ids) for t in terms}
        rare = frozenset(t for t, n in df.items() if 0 < n <= max(1.0, DISTINCTIVE_SHARE * self.chunk_count))
        return rare or terms

    def _table_chunks(self, vector: np.ndarray, most: int) -> list[tuple[int, float]]:
        """The live chunks holding a table row closest to the question, with their cosines."""
        found: list[tuple[int, float]] = []
        for part in self.parts:
            local = part.seg.table_chunks
            local = local[part.chunk_alive[local]] if len(local) else local
            if not len(local):
                continue
            sims = part.seg.a["chunk_vec"][local].astype(np.float32) @ vector
            found.extend((part.base + int(local[j]), float(sims[j])) for j in np.argsort(-sims)[:most])
        return sorted(found, key=lambda x: -x[1])[:most]

    def source_relevance(self, query: Query, vector: np.ndarray, depth: int = 50) -> dict[str, float]:
        """How well each article's best passage matches a question (0 for articles not found).

        The best chunk's cosine, plus a little for the best BM25 score relative to the top one:
        enough to tell which article "the rare earths supply deal story" means.
        """
        dense_rank, dense_sim = self.dense(vector, depth)
        lex_rank, lex_score = self.lexical(query.terms, query.weights, depth)
        top_lex = max(lex_score.values(), default=0.0) or 1.0
        out: dict[str, float] = {}
        for g in dense_rank:
            sid = self._chunk_source(g).id
            out[sid] = max(out.get(sid, 0.0), dense_sim[g])
        for g in lex_rank:
            sid = self._chunk_source(g).id
            out[sid] = out.get(sid, 0.0) + 0.2 * lex_score[g] / top_lex
        return out

    def _chunk_source(self, g: int) -> Source:
        part_index, local = self._locate(g)
        seg = self.parts[part_index].seg
        return seg.stored.sources[int(seg.a["chunk_src"][local])].source

    def _kinds(self, w: Window) -> list[int]:
        a = self.parts[w.part].seg.a
        return [int(x) for x in a["unit_kind"][w.first : w.last + 1]]

    def _source_of(self, w: Window) -> Source:
        seg = self.parts[w.part].seg
        return seg.stored.sources[int(seg.a["unit_src"][w.first])].source

    def _source_vec(self, w: Window) -> np.ndarray:
        a = self.parts[w.part].seg.a
        return a["source_vec"][int(a["unit_src"][w.first])].astype(np.float32)

    def _corroboration_pool(self, chunks: Sequence[int], tuning: Tuning) -> tuple[np.ndarray, list[str]]:
        """Sentence and sentence-pair vectors of the question's nearest chunks, with sources.

        "Also reported by" compares a quote with these only: other sources saying the same
        thing are among the question's nearest chunks, and the cost stays bounded whatever the
        size of the corpus.
        """
        vectors: list[np.ndarray] = []
        sources: list[str] = []
        by_part: dict[int, list[int]] = {}
        for g in chunks[: tuning.also_depth]:
            part_index, local = self._locate(g)
            by_part.setdefault(part_index, []).append(local)
        for part_index, locals_ in by_part.items():
            seg = self.parts[part_index].seg
            a = seg.a
            ranges = a["chunk_units"][np.array(locals_)]
            units = np.unique(np.concatenate([np.arange(lo, hi) for lo, hi in ranges]))
            units = units[seg.quotable[units]]
            if not len(units):
                continue
            sums = a["unit_sum"][units].astype(np.float32)
            follows = np.flatnonzero(units[1:] == units[:-1] + 1)
            pairs = sums[follows] + sums[follows + 1]
            vectors.extend((normalize_rows(sums), normalize_rows(pairs)))
            src = a["unit_src"][units]
            names = [e.source.id for e in seg.stored.sources]
            sources.extend(names[i] for i in src.tolist())
            sources.extend(names[i] for i in src[follows].tolist())
        if not sources:
            return np.zeros((0, 1), np.float32), []
        return np.concatenate(vectors), sources


_SPEECH = frozenset(
    ["said", "says", "say", "saying", "told", "tells", "telling", "stated", "states", "stating", "statement", "called", "calls", "calling", "thanked", "thanks", "thanking", "praised", "praises", "praising", "described", "describes", "describing", "announced", "announces", "announcing", "announcement", "added", "adds", "adding", "warned", "warns", "warning", "noted", "notes", "noting", "wrote", "writes", "according", "reacted", "reacts", "responded", "responds", "response", "welcomed", "welcomes", "welcoming", "criticised", "criticized", "criticizes", "criticising", "criticizing", "invoked", "invokes", "invoking", "pledged", "pledges", "pledging", "expressed", "expresses", "expressing", "urged", "urges", "urging", "insisted", "insists", "argued", "argues", "arguing", "remarked", "remarks", "hailed", "hails", "hailing", "touted", "touts", "touting", "stressed", "stresses", "stressing", "emphasised", "emphasized", "emphasises", "emphasizes", "vowed", "vows", "vowing", "promised", "promises", "declared", "declares", "claimed", "claims", "asserted", "explained", "explains", "acknowledged", "admitted", "quoted", "quoting", "spokesperson", "spokesman", "spokeswoman"]
)
_SPEECH_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def speaks(text: str, speaker: Sequence[str]) -> bool:
    """Whether a passage reports the named speaker saying something.

    The speaker's terms (stemmed, as `tokenize` gives them) must appear together, in order and
    at most one word apart, within six words before or ten after a verb of saying: "Trump
    said", "according to the White House", "Takaichi, in office for just a week, thanked". A
    passage that only mentions the speaker does not report their words, and a capitalised word
    inside a sentence is a name, not a verb ("the United States agreed").
    """
    found = _SPEECH_WORD.findall(text)
    if not speaker or not found:
        return False
    lowered = [w.lower().replace("’", "'") for w in found]
    words = [
        "" if i and low in _SPEECH and w[:1].isupper() and found[i - 1][:1].isupper() else low
        for i, (w, low) in enumerate(zip(found, lowered, strict=True))
    ]
    stems = [(tokenize(w) or [""])[0] for w in words]
    n = len(speaker)
    for i, stem in enumerate(stems):
        if stem != speaker[0]:
            continue
        j, k = i + 1, 1
        while k < n and j < len(stems) and j - i <= n + 1:
            if stems[j] == speaker[k]:
                k += 1
            j += 1
        if k == n and any(w in _SPEECH for w in words[max(0, i - 6) : j + 10]):
            return True
    return False


def _live_units_holding_all(part: _Part, terms: Sequence[str]) -> set[int]:
    """The live units of a part holding every one of `terms` (none if a term is not in the part)."""
    ids = [part.seg.term_ids.get(t, -1) for t in terms]
    if not ids or min(ids) < 0:
        return set()
    return set.intersection(*(set(_live_units_holding(part, [i])) for i in ids))


def _live_units_holding(part: _Part, ids: Sequence[int]) -> list[int]:
    """The units (sentences) of a part holding any of the term ids, in live articles only.

    Read from the term arrays (`unit_terms`, `unit_terms_ptr`), not by reading every unit.
    """
    a = part.seg.a
    at = np.flatnonzero(np.isin(a["unit_terms"], ids))
    units = np.unique(np.searchsorted(a["unit_terms_ptr"], at, side="right") - 1).tolist()
    return [u for u in units if int(a["unit_src"][u]) not in part.dead]


# A country's own terms ("japan", "us"): what may lead an office ("the japanese prime minister").
_COUNTRY_TERMS = frozenset(t for country in CAPITALS.values() for t in tokenize(country))


# Offices whose holders the articles name after the title ("Prime Minister Sanae Takaichi").
_OFFICES = frozenset(
    tuple(tokenize(title))
    for title in ("president", "prime minister", "emperor", "premier", "chancellor", "king", "queen", "secretary")
)
_OFFICE_NAMED = re.compile(
    r"(?:\b(?P<country>U\.S\.|US|United States|American|[A-Z][a-z]+(?:ese|ian|an|ish)|[A-Z][a-z]+['’]s)\s+"
    r"(?:(?:newly\s+)?elected\s+|new\s+)?)?"
    r"(?<![Vv]ice )(?<![Vv]ice-)(?<![Dd]eputy )(?<![Ff]ormer )"
    r"\b(?P<office>President|Prime Minister|Emperor|Premier|Chancellor|King|Queen|Secretary)\b,?\s+"
    r"(?P<name>(?:[A-Z][a-z]+\s?){1,3})"
)
# Words a member puts before an office that do not change who holds it ("the new PM").
_OFFICE_EPITHETS = frozenset(["new", "newli", "elect", "current", "sit"])


def offices_named(text: str) -> list[tuple[str, tuple[str, ...], str]]:
    """Each office a text names with its holder: (country term or "", office terms, the name)."""
    found = []
    for m in _OFFICE_NAMED.finditer(text):
        country = m.group("country") or ""
        place = tokenize(country)
        place_term = place[0] if len(place) == 1 and place[0] in _COUNTRY_TERMS else ""
        if country and not place_term and not country.endswith(("’s", "'s")):
            continue  # "Acting President X": a capitalised word that is no country
        name = m.group("name").strip()
        if tokenize(name):
            found.append((place_term, tuple(tokenize(m.group("office"))), name))
    return found


def office_holders_in(texts: Iterable[str]) -> dict[tuple[str, tuple[str, ...]], dict[str, int]]:
    """How often each name holds each office in the texts, by country and also under "" (any)."""
    held: dict[tuple[str, tuple[str, ...]], dict[str, int]] = {}
    for text in texts:
        for country, office, name in offices_named(text):
            for key in ((country, office), ("", office)) if country else (("", office),):
                counts = held.setdefault(key, {})
                counts[name] = counts.get(name, 0) + 1
    return held


@cache
def _name_terms(name: str) -> frozenset[str]:
    return frozenset(tokenize(name))


def office_holder(speaker: Sequence[str], held: Mapping[tuple[str, tuple[str, ...]], Mapping[str, int]]) -> str:
    """The short name of whoever holds the office a speaker names, or "" if none or unclear.

    The office is the speaker's last words; before it only a country ("the japanese PM") or an
    epithet ("the new prime minister") may stand. Of several holders, one the articles name at
    least twice as often as any other is the one meant.
    """
    for cut in range(len(speaker)):
        office = tuple(speaker[cut:])
        if office not in _OFFICES:
            continue
        before = [t for t in speaker[:cut] if t not in _OFFICE_EPITHETS]
        if len(before) > 1 or (before and before[0] not in _COUNTRY_TERMS):
            return ""
        names = held.get((before[0] if before else "", office), {})
        # "President Trump" is "President Donald Trump": a name inside a longer one is that person.
        # Named by the shortest form, as the articles go on to name them ("Trump said").
        merged: dict[str, int] = {}
        for name, count in names.items():
            whole = max((n for n in names if _name_terms(name) <= _name_terms(n)), key=len)
            merged[whole] = merged.get(whole, 0) + count
        ranked = sorted(merged.items(), key=lambda item: (-item[1], item[0]))
        if not ranked or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
            return ""
        top = _name_terms(ranked[0][0])
        forms = [n for n in (*names, *held.get(("", office), {})) if _name_terms(n) <= top]
        return min(forms, key=lambda n: (len(n), n))
    return ""


# Reported as done (not "are expected to discuss"): what the parties agreed or spoke of.
_AGREEING = frozenset(["agreed", "signed", "discussed", "talked", "committed", "reaffirmed", "affirmed", "confirmed"])
_TALK_WORDS = _SPEECH | _AGREEING


def reports_talk(text: str) -> bool:
    """Whether a passage reports anything said or agreed, by anyone.

    "Takaichi thanked Trump", "the two leaders signed" tell what passed between them; "a meeting
    with Emperor Naruhito" alone does not.
    """
    words = {w.lower() for w in _SPEECH_WORD.findall(text)}
    return not words.isdisjoint(_TALK_WORDS)


def _first_of(maps: Iterable[Mapping[str, str]]) -> dict[str, str]:
    """The maps merged, the first to give a key keeping it."""
    out: dict[str, str] = {}
    for mapping in maps:
        for key, value in mapping.items():
            out.setdefault(key, value)
    return out


def _typed_names_all(
    places: Sequence[str], typed: Sequence[bool], joined: Sequence[frozenset[int]], term_ids: Mapping[str, int]
) -> bool:
    """Whether a sentence holding the kind of answer asked names every place (with the one before)."""
    wanted = [_place_ids(place, term_ids) for place in places]
    return any(t and all(ids_ & terms for ids_ in wanted) for t, terms in zip(typed, joined, strict=True))


def _place_ids(place: str, term_ids: Mapping[str, int]) -> set[int]:
    """A place's term ids in a segment (`place_terms`), and a capital's country's: each stands for the other."""
    own, capitals = place_terms(place)
    return {term_ids.get(t, -1) for t in (*own, *capitals, *tokenize(CAPITALS.get(place, "")))}


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def unknown_share(query: Query) -> float:
    """Share of the question's content words that no passage uses."""
    if not query.content_words:
        return 0.0
    return min(1.0, len(query.unknown) / query.content_words)


# A casual question pointing at the story ("ok but is this actually legit") leans on it as a
# vague one does when its nearest passage is at least this close: "is it normal for my cat to
# sleep 16 hours" points with "it" too, and nothing in the five articles comes near it (0.003;
# with the neighbouring stories added one comes to 0.15, and it is answered).
CASUAL_DENSE = 0.1


def abstention_features(query: Query, evidence: Mapping[str, float]) -> dict[str, float]:
    """The signals the abstention model weighs, for one question."""
    return {
        **{k: float(v) for k, v in evidence.items()},
        "unknown_share": unknown_share(query),
        "unknown_rare": float(len(query.unknown_rare)),
        "unknown_common": float(len(query.unknown) - len(query.unknown_rare)),
        "head_unknown": 1.0 if query.head_unknown else 0.0,
        "vague": 1.0 if query.vague or (query.casual and evidence.get("top_dense_chunk", 0.0) >= CASUAL_DENSE) else 0.0,
        "specific_unknown": float(query.specific_unknown),
        "typed": 0.0 if query.expected is None else 1.0,
        "log_content_words": math.log1p(query.content_words),
        "unknown_all": 1.0 if names_nothing_known(query) else 0.0,
        "asks_parts": 1.0 if asks_for_parts(query) else 0.0,
        "unknown_place": float(len(query.unknown_places)),
        "unknown_name": float(len(query.unknown_names)),
        "time_absent": float(len(query.unknown_months)),
        "advice": 1.0 if query.advice else 0.0,
        "summary": 1.0 if query.summary else 0.0,
    }


@cache
def place_terms(place: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A place's terms as the index reads them, and its capital's: an article naming either names it.

    "united states" is read as us and "europe" as eu; "china" has the capital beijing.
    """
    own = tuple(tokenize(place))
    capitals = tuple(t for c, country in CAPITALS.items() if tuple(tokenize(country)) == own for t in tokenize(c))
    return own, capitals


def row_head_terms(row_text: str) -> set[str]:
    """The terms of a table row's first cell ("European Union — ..."): what the row is about."""
    return set(tokenize(row_text.split(" — ", 1)[0]))


_AHEAD = re.compile(
    r"\b(planned|upcoming|scheduled|anticipated|expected to|set to|later this (week|month|year)|"
    r"next (week|month)|ahead of|precedes?|preceding|will (meet|travel|visit|hold))\b",
    re.IGNORECASE,
)
_SENTENCES = re.compile(r"[^.!?]+[.!?]*")


def names_own(query: Query) -> bool:
    """Whether a question names something of its own: an uncommon word, or a capitalised one.

    A capitalised word after the first ("how did MP Materials stock do") is how a member names a
    company or a person.
    """
    later = query.text.split()[1:]
    return bool(query.named) or any(w[:1].isupper() and w not in ("I", "I'm", "I’m") for w in later)


def names_office(quote: str, office: Sequence[str]) -> bool:
    """Whether the quote names the office, its words in a row ("Japanese Prime Minister").

    "who is japan's trade minister" is not answered by "U.S.–Japan trade agreement ... Prime
    Minister Sanae Takaichi": both words are there, but no trade minister.
    """
    words = tokenize(quote)
    n = len(office)
    return any(tuple(words[i : i + n]) == tuple(office) for i in range(len(words) - n + 1))


def ahead_of(quote: str, terms: Sequence[str]) -> bool:
    """Whether a sentence of the quote has one of the terms still to come, after the word saying so.

    "Trump and Takaichi will visit the USS George Washington at Yokosuka" has Yokosuka ahead;
    "The signing precedes Trump's planned meeting" has the meeting ahead, not the signing.
    """
    wanted = set(terms)
    for sentence in _SENTENCES.findall(quote):
        marker = _AHEAD.search(sentence)
        if marker and wanted & set(tokenize(sentence[marker.start() :])):
            return True
    return False


def only_ahead(quote: str, terms: Sequence[str]) -> bool:
    """Whether every sentence of the quote naming one of the terms has it still to come.

    "Trump and Takaichi will visit the USS George Washington": what anyone said on the carrier
    is not in it. A sentence naming it otherwise ("Washington's push") may be about it.
    """
    wanted = set(terms)
    naming = [s for s in _SENTENCES.findall(quote) if wanted & set(tokenize(s))]
    return bool(naming) and all(ahead_of(s, terms) for s in naming)


def still_ahead(quote: str, terms: Sequence[str], *, every: bool = False) -> bool:
    """Whether a sentence of the quote on what the question names has it still to come.

    "The visit ... precedes a highly anticipated meeting between President Trump and Chinese
    President Xi Jinping scheduled for later this week": how that meeting went is not in it.
    With `every`, the sentence must name every one of `terms`: "when's the next meeting between
    trump and takaichi" is not answered by "... precedes Trump's planned meeting with China's Xi
    Jinping", a meeting ahead, but not with her.
    """
    wanted = set(terms)
    for sentence in _SENTENCES.findall(quote):
        said = set(tokenize(sentence))
        if (wanted <= said if every else wanted & said) and _AHEAD.search(sentence):
            return True
    return False


_CAPITALISED_WORD = re.compile(r"[A-Z][\w’'&.-]*[A-Za-z]")
_NOT_NAMES = frozenset(
    ["i", "mr", "mrs", "ms", "dr", "the", "a", "an", *(m.lower() for m in MONTHS),
     "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
)
_NAME_OF = re.compile(
    r"\bname of (?:the |that |this |a |an )?(?P<of>(?:[\w'-]+ ){0,5}?[\w'-]+?)(?= (?:the|that|which|who|they|he|she|it|is|was|are|does|did|has|have|in|on|at|for|from)\b|[?.!]|$)|"
    + WHICH_ONE,
    re.IGNORECASE,
)


def names_something_new(quote: str, question: str) -> bool:
    """Whether the quote names, next to the thing asked about, something the question does not.

    "What's the name of the one rare earth mine?": "the U.S. has only one operational rare
    earth mine" names no mine (its "China", further on, is no name of it); "the Mountain Pass
    mine" would. A question without "name of X", or a quote without X, is left to the rest
    (requiring X cost right answers: "name of the chaney finn article?").
    """
    match = _NAME_OF.search(question)
    if not match:
        return True
    head = (tokenize((match.group("of") or match.group("one")).split()[-1]) or [""])[0]
    # the quote names the thing otherwise ("the pact" for the agreement), or not at all
    return names_near(quote, head, question, unsaid=True)


# Words reporting that something was signed ("signed", "inked", "sealed", "unveiled the deal").
_SIGNING_TERMS = frozenset(tokenize("sign signs signed signing signatory signatories ink inked seal sealed unveil unveiled struck"))


def reports_signing(quote: str) -> bool:
    """Whether a quote reports a signing: it may then say who signed."""
    return not _SIGNING_TERMS.isdisjoint(tokenize(quote))


_TRIP_TERMS = frozenset(
    tokenize(
        "visit visits visited visiting trip trips travel travels travelled traveled travelling traveling "
        "heads headed heading flies flew flight arrive arrives arrived tour toured stop stopover leg bound"
    )
)
TRIP_REACH = 8  # terms at most from a word of travel to the place it goes to


def tells_trip(quote: str, place: str) -> bool:
    """Whether a quote tells of a journey to a place ("travels to Seoul", "the visit to Japan").

    A capital counts for its country and the country for its capital ("Trump's visit to Japan"
    answers when he goes to Tokyo).
    """
    country = CAPITALS.get(place, place)
    own, capitals = place_terms(country)
    forms = {*own, *capitals, *tokenize(place)}
    terms = tokenize(quote)
    travel = [i for i, t in enumerate(terms) if t in _TRIP_TERMS]
    there = [i for i, t in enumerate(terms) if t in forms]
    return any(0 < p - i <= TRIP_REACH or 0 < i - p <= 1 for i in travel for p in there)


def names_near(quote: str, head: str, question: str, *, unsaid: bool = False) -> bool:
    """Whether the quote has a name the question lacks within four words of `head` (a stem).

    "the Mountain Pass mine" names a mine; "the only operational rare earth mine" does not.
    A quote without the head word gives `unsaid`.
    """
    asked = {t for w in re.findall(r"[\w.’'-]+", question.lower()) for t in tokenize(w.replace(".", ""))}
    words = re.findall(r"[\w.’'&-]+", quote)
    stems = [(tokenize(w.replace(".", "")) or [""])[0] for w in words]
    spots = [i for i, t in enumerate(stems) if t == head]
    if not spots:
        return unsaid
    for i in spots:
        for j in range(max(0, i - 4), min(len(words), i + 5)):
            w = words[j]
            opens = j == 0 or words[j - 1].endswith((".", "!", "?", ":"))
            if (
                _CAPITALISED_WORD.fullmatch(w)
                and not opens
                and w.lower().replace(".", "") not in _NOT_NAMES
                and stems[j] not in asked
            ):
                return True
    return False


def agreed_purpose(
    vecs: np.ndarray, source_ids: Sequence[str], purposed: np.ndarray, most: int = CONSENSUS_NEAREST
) -> np.ndarray:
    """How close each window comes to the reasons and purposes other articles give.

    The mean cosine of its `most` nearest `purposed` windows from another article (0 where
    none is): a story's purpose is what its reports agree on, not one report's own framing.
    """
    out = np.zeros(len(source_ids), dtype=np.float32)
    if not purposed.any():
        return out
    sims = vecs @ vecs[purposed].T
    owners = np.array(source_ids, dtype=object)
    purpose_owners = owners[purposed]
    for n in range(len(source_ids)):
        other = sims[n][purpose_owners != owners[n]]
        if other.size:
            out[n] = float(np.sort(other)[-most:].mean())
    return out


def asks_for_parts(query: Query) -> bool:
    """Whether a question asks for an article's list or table and names nothing else unknown.

    "the bullet points in the law firm post": its only words no article uses are words for an
    article's parts.
    """
    unknown = set(query.unknown)
    return (query.wants_list or query.wants_table) and bool(unknown) and unknown <= _PART_WORDS


def names_nothing_known(query: Query) -> bool:
    """Two or more content words, none of which any article uses ("who is the CEO of Sony?").

    A place the articles name does not count ("what's the weather in Tokyo tomorrow?"): every
    story names places, so a place alone does not make a question about this one. Words of an
    amount ("550bn", "thousand") are set aside, known or not: an amount may be written otherwise
    ("$550 billion"); so are words for an article's parts ("table", "bullet points"), which no
    topic is. "is bitcoin gonna hit 150k before xmas" names nothing known.
    """
    # "what's in the table for japan": words for an article's parts name no topic, whether or
    # not an article prints the word.
    # An amount is neither: "150k" is read "150 thousand", and "thousand" may be a word no
    # article writes (they write "130,000") without the question being about something else.
    aside = set(query.unknown) & (_PART_WORDS | SCALE_WORDS) | {w for w in query.unknown if any(c.isdigit() for c in w)}
    unknown = set(query.unknown) - aside
    content = query.content_words - len(aside)
    return content >= 2 and bool(unknown) and len(unknown) + query.place_words >= content
