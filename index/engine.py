"""The core's public face: answer a question, list the sources, change the articles.

One `Engine` is opened per process (model and index loaded once). The work is split into
rooms a newcomer can find:

- building the index: `index.indexer` (segments, embedding, merges) and `index.store` (files);
- answering: `index.query` (reading the question), `index.answering` (retrieval and quote
  selection), `index.abstain` (when not to answer);
- corpus changes: `index.ingest` (adding and removing article files safely).

Threads: `answer()` may be called from any number of threads; it uses one immutable `Searcher`
snapshot per question. A rebuild (`reindex`, `ingest`, `remove`) runs under a process-wide
lock and the data folder's file lock, embeds with its own model session (so questions never
wait for it), publishes a new generation and swaps the snapshot with one assignment. Other
processes serving the same data folder pick the new generation up within `watch_seconds`.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

import numpy as np

from index import about as metadata
from index import examples as example_questions
from index import followup, nearby, store
from index.answering import LoadedSegment, Picked, Retrieval, Searcher, Tuning, abstention_features
from index.chunking import ChunkParams
from index.config import CoreSettings
from index.context import around
from index.corpus import article_paths
from index.declines import chatter_line, not_covered_line, not_english_line, unrecorded_line
from index.embed import Embedder, EmbeddingCache, Pooled, TransformerEmbedder, vectors_cached
from index.indexer import Indexer, Progress, Update, up_to_date
from index.ingest import (
    ArticleMeta,
    IngestError,
    delete_article,
    restore_article,
    undo_write,
    validate_article,
    write_article,
)
from index.language import not_english
from index.lexical import tokenize
from index.lexicon import element_names, place_names
from index.query import (
    RARE_ZIPF,
    TYPO_OF_ZIPF,
    Query,
    common_english,
    corrected,
    english_words,
    numbers_in,
    speaker_replaced,
    without_purpose,
    zipf,
)
from index.question import validate_question
from index.records import (
    MAX_QUESTION_CHARS,
    Answer,
    CorpusError,
    Document,
    IngestReport,
    Quote,
    QuoteContext,
    ReindexBusy,
    ReindexReport,
    Source,
    SourceSummary,
)
from index.smalltalk import small_talk
from index.text import UndecodableError, decode_bytes

log = logging.getLogger(__name__)

EXAMPLE_CACHE = 16  # candidate lists (e.g. one per server) whose verified examples are kept
EXAMPLE_ARTICLES = 64  # example questions are drawn from at most this many articles


@dataclass(frozen=True)
class Unrecorded:
    """What a question asks of one article that its metadata lacks: declined, saying so.

    "Who wrote the Clash Report piece?" when it has no byline.
    """

    source: Source
    field: str  # about.Intent value: "author", "date", "outlet", "title", "credit", "section", "dateline", "cites", "related", "link"


@dataclass(frozen=True)
class _Examples:
    """Verified example questions of one index snapshot (and one list of preferred candidates)."""

    searcher: Searcher
    first: tuple[str, ...]
    questions: tuple[str, ...]
    vecs: np.ndarray


@dataclass(frozen=True)
class _Known:
    """What `validate_article` needs to tell a re-upload: the indexed articles' text."""

    documents: tuple[Document, ...]


class Engine:
    """Answers questions from the articles; see the module docstring for threads and processes."""

    def __init__(
        self,
        settings: CoreSettings,
        embedder: Embedder,
        *,
        build_embedder: Embedder | Callable[[], Embedder] | None = None,
        tuning: Tuning | None = None,
    ) -> None:
        self.settings = settings
        self.embedder = embedder
        if build_embedder is None and not isinstance(embedder, TransformerEmbedder):
            build_embedder = embedder  # a custom model (tests, plug-ins) builds with itself
        self._build_embedder = build_embedder
        self.params = ChunkParams()
        self.tuning = tuning or Tuning()
        if settings.answer_threshold:
            self.tuning = with_threshold(self.tuning, settings.answer_threshold)
        self._cache: EmbeddingCache | None = None
        self._lock = threading.Lock()  # one rebuild at a time in this process
        self._swap = threading.Lock()  # guards the segment table while swapping
        self._segments: dict[str, LoadedSegment] = {}
        self._searcher: Searcher | None = None
        self._generation_name = ""
        self._checked = 0.0
        self._watcher: threading.Thread | None = None
        self._examples: dict[tuple[str, ...], _Examples] = {}
        self._examples_lock = threading.Lock()
        self._closing = threading.Event()
        self.opened_report: ReindexReport | None = None  # set when open() had to build

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        settings: CoreSettings | None = None,
        *,
        embedder: Embedder | None = None,
        build_embedder: Embedder | Callable[[], Embedder] | None = None,
        progress: Progress | None = None,
        watch: bool = False,
        warm: bool = True,
        tuning: Tuning | None = None,
    ) -> Engine:
        """Load the model and the saved index, building or updating it when needed.

        Raises CorpusError before loading the model (seconds) when there is neither a readable
        seeds folder nor a saved index to serve. With `watch`, a thread picks up generations
        that other processes publish.
        """
        settings = settings or CoreSettings()
        try:
            article_paths(settings.seeds_dir)
        except CorpusError as unreadable:
            try:
                store.read_current(settings.index_dir)
            except (store.IndexMissing, store.IndexCorrupt):
                raise unreadable from None
        if embedder is None:
            embedder = TransformerEmbedder(
                settings.embedding_model,
                backend=settings.embedding_backend,
                threads=settings.query_threads,
                cache_dir=settings.model_dir,
            )
        import faiss

        # One question is one short scan: FAISS's OpenMP threads only contend with each other
        # (and with other processes) for it; 50 ms instead of 14 at 100k passages on a busy host.
        faiss.omp_set_num_threads(settings.query_threads)
        engine = cls(settings, embedder, build_embedder=build_embedder, tuning=tuning)
        engine._start(progress)
        # The first queries are slower (lazy initialisation in ONNX Runtime, FAISS, the
        # tokenizer, wordfreq): pay for them now, not on the first member's question.
        for words in (2, 8, 16) if warm else ():
            engine.answer(" ".join(["warm"] * words))
        if watch and settings.watch_seconds > 0:
            engine._watcher = threading.Thread(
                target=engine._watch, name="index-watch", daemon=True
            )
            engine._watcher.start()
        return engine

    def _start(self, progress: Progress | None) -> None:
        index_dir = self.settings.index_dir
        saved: store.Generation | None = None
        unusable = ""  # why the saved index was refused (said once, not again under the lock)
        try:
            generation = store.read_current(index_dir)
            why = generation.mismatch(
                model=self.embedder.name, dim=self.embedder.dim, chunker=self.params.as_dict()
            )
            if why:
                log.info("saved index is stale (%s): rebuilding", why)
            else:
                self._load(generation)
                saved = generation
                if up_to_date(self.settings.seeds_dir, generation):
                    self._tidy()
                    return  # nothing to do: no lock taken, nothing written
        except store.IndexMissing:
            log.info("no index in %s yet: building it", index_dir)
        except store.IndexCorrupt as exc:
            unusable = str(exc)
            log.warning("saved index is unusable (%s): rebuilding", exc)
        try:
            with self._exclusive(wait=saved is None):
                started = time.perf_counter()
                current = self._current_generation(unusable)
                update = self._update(current, progress)
                if update.changed_anything or current is None:
                    old = self._searcher
                    self._publish(update)
                    self.opened_report = _report(old, self._live, update, started)
        except (store.IndexWriteError, ReindexBusy) as exc:
            if self._searcher is None:
                raise CorpusError(f"cannot build the index: {exc}") from exc
            log.warning("serving the saved index without updating it: %s", exc)
        except CorpusError:
            if self._searcher is None:
                raise
            log.warning("cannot read the seeds folder; serving the saved index")

    def _tidy(self) -> None:
        """Remove what a killed build left behind (only files older than the grace period)."""
        if os.access(self.settings.index_dir, os.W_OK):
            with suppress(OSError):
                store.tidy(self.settings.index_dir)

    def _current_generation(self, reported: str = "") -> store.Generation | None:
        try:
            generation = store.read_current(self.settings.index_dir)
        except (store.IndexMissing, store.IndexCorrupt):
            return None
        if generation.mismatch(
            model=self.embedder.name, dim=self.embedder.dim, chunker=self.params.as_dict()
        ):
            log.info("saved index is stale: rebuilding")
            return None
        try:
            self._load(generation)
        except store.IndexCorrupt as exc:
            level = logging.INFO if str(exc) == reported else logging.WARNING
            log.log(level, "saved index is unusable (%s): rebuilding", exc)
            return None
        return generation

    def _segment(self, name: str) -> LoadedSegment:
        seg = self._segments.get(name)
        if seg is None:
            seg = LoadedSegment(store.load_segment(self.settings.index_dir, name))
            self._segments[name] = seg
        return seg

    def _load(self, generation: store.Generation) -> None:
        """Make `generation` the live snapshot, opening only segments not already open."""
        with self._swap:
            for name, _ in generation.segments:
                self._segment(name)
            searcher = Searcher(generation, self._segments)
            _ = searcher.catalogue  # every question consults it: built here, not on a question
            _ = searcher.initialisms  # so may reading an initialism ("IPEF")
            _ = searcher.defined_heads  # and a noun the articles define by one ("gas" → "LNG")
            english_words()  # so does typo correction (read once per process)
            common_english(TYPO_OF_ZIPF)  # and telling a typo from a word English lacks
            place_names()  # and reading which places a question names
            element_names()  # and which elements (importing periodictable takes ~0.5 s)
            searcher.words = self._word_space(searcher)
            self._searcher = searcher
            self._generation_name = generation.name
            used = {name for name, _ in generation.segments}
            for name in list(self._segments):
                if name not in used:
                    del self._segments[name]

    def _embedding_cache(self) -> EmbeddingCache:
        if self._cache is None:
            self._cache = EmbeddingCache(self.settings.data_dir / "embeddings.sqlite")
        return self._cache

    def _word_space(self, searcher: Searcher) -> nearby.WordSpace:
        """The corpus's everyday words with their vectors.

        Words the live index has keep their vectors; the others come from the embedding cache
        (filled by the process that built the index) or, failing that, the model.
        """
        words = nearby.corpus_words(searcher.vocabulary.counts)
        if not words:
            return nearby.WordSpace()
        live = self._searcher.words if self._searcher is not None else nearby.WordSpace()
        row = {w: i for i, w in enumerate(live.words)}
        todo = [w for w in words if w not in row]
        fresh = (
            dict(zip(todo, vectors_cached(self.embedder, self._embedding_cache(), todo), strict=True))
            if todo
            else {}
        )
        vectors = np.stack([live.vectors[row[w]] if w in row else fresh[w] for w in words])
        return nearby.WordSpace(tuple(words), vectors.astype(np.float32))

    def _read(
        self, searcher: Searcher, asked: str, texts: Sequence[str] | None = None
    ) -> tuple[Query, np.ndarray]:
        """The question read against the corpus, and the vectors of `texts` (default: itself).

        One model call embeds them with the question's unknown words, whose nearest corpus
        words join the lexical search (index.nearby).
        """
        query = searcher.analyse(searcher.spell_out(asked))
        holder = searcher.holder(query.speaker) if query.speaker else ""
        if holder and not set(tokenize(holder)) & set(query.terms):
            # "what did the us president say about japan": asked of Trump, as the articles name him.
            query = searcher.analyse(searcher.spell_out(speaker_replaced(asked, holder)))
        first = list(texts) if texts is not None else [query.search_text]
        words = nearby.asked_words(query) if searcher.words.words else []
        vectors = self.embedder.embed([*first, *words])
        if words:
            found = searcher.words.nearest(vectors[len(first) :])
            query = nearby.expand(query, dict(zip(words, found, strict=True)))
        return query, vectors[: len(first)]

    # -- other processes ---------------------------------------------------------------------

    def refresh(self) -> bool:
        """Load the generation another process published, if any; True if it changed."""
        try:
            name = store.current_name(self.settings.index_dir)
        except (store.IndexMissing, store.IndexCorrupt):
            return False
        if name == self._generation_name:
            return False
        for attempt in range(3):
            try:
                generation = store.read_current(self.settings.index_dir)
                if generation.mismatch(
                    model=self.embedder.name, dim=self.embedder.dim, chunker=self.params.as_dict()
                ):
                    log.warning("the published index was built with other settings; ignoring it")
                    self._generation_name = name
                    return False
                self._load(generation)
                log.info("now serving %s (published by another process)", generation.name)
                return True
            except store.IndexCorrupt as exc:
                # A segment may have been tidied between reading CURRENT and opening it.
                if attempt == 2:
                    log.warning("cannot load the published index (%s); keeping the current one", exc)
        return False

    def _watch(self) -> None:
        while not self._closing.wait(self.settings.watch_seconds):
            if self._lock.locked():
                continue  # this process is rebuilding; it swaps in what it publishes
            try:
                self.refresh()
            except Exception:  # a watcher that dies would leave the process on an old index
                log.exception("checking for a new index failed; will try again")

    # -- building ----------------------------------------------------------------------------

    def _builder(self) -> Embedder:
        if self._build_embedder is None:
            self._build_embedder = TransformerEmbedder(
                self.settings.embedding_model,
                backend=self.settings.embedding_backend,
                threads=self.settings.effective_build_threads,
                cache_dir=self.settings.model_dir,
            )
        elif callable(self._build_embedder) and not hasattr(self._build_embedder, "embed"):
            self._build_embedder = self._build_embedder()
        return self._build_embedder  # type: ignore[return-value]

    def _update(self, current: store.Generation | None, progress: Progress | None) -> Update:
        indexer = Indexer(self.settings.index_dir, _LazyEmbedder(self), self._embedding_cache(), self.params)
        try:
            return indexer.update(
                self.settings.seeds_dir, current, lambda n: self._segment(n).stored, progress=progress
            )
        finally:
            if isinstance(self._build_embedder, TransformerEmbedder) and self._build_embedder is not self.embedder:
                # Rebuilds are rare: the build session's memory (~100 MB) goes back meanwhile.
                self._build_embedder = None

    def _publish(self, update: Update) -> None:
        store.publish(self.settings.index_dir, update.generation)
        self._load(update.generation)

    @contextmanager
    def _exclusive(self, *, wait: bool = False) -> Iterator[None]:
        if not self._lock.acquire(blocking=False):
            raise ReindexBusy("A reindex is already running; try again when it has finished.")
        try:
            deadline = time.monotonic() + (3600 if wait else 0)
            while True:
                try:
                    with store.build_lock(self.settings.index_dir):
                        yield
                    return
                except store.BuildLocked as exc:
                    if time.monotonic() >= deadline:
                        raise ReindexBusy(
                            "Another process is rebuilding the index; try again when it has finished."
                        ) from exc
                    log.info("another process is building the index; waiting for it")
                    time.sleep(0.5)
                    if self.refresh():
                        wait = False
        finally:
            self._lock.release()

    # -- the public API ----------------------------------------------------------------------

    @property
    def _live(self) -> Searcher:
        searcher = self._searcher
        if searcher is None:
            raise RuntimeError("Engine not opened: use Engine.open()")
        return searcher

    @property
    def chunk_count(self) -> int:
        """Passages in the live index."""
        return self._live.chunk_count

    @property
    def generation(self) -> store.Generation:
        """What the live index was built from."""
        return self._live.generation

    def sources(self) -> tuple[SourceSummary, ...]:
        """The indexed sources with their metadata and chunk counts."""
        return self._live.summaries

    def source_text(self, source_id: str) -> str:
        """The cleaned text of one source ("" if unknown)."""
        return self._live.source_text(source_id)

    def answer(self, question: str, k: int = 3, *, previous: str | None = None) -> Answer:
        """Quotes that answer the question, or answered=False when the articles don't cover it.

        `previous` is the earlier question of a conversation (a reply to an answer, a thread):
        an elliptical question ("who signed it?", "and what about batteries?") is read with it
        (see `index.followup`), and `Answer.read_as` says how. A question that is not English is
        declined as such (`reason="not_english"`), not as something the articles lack.
        """
        started = time.perf_counter()
        text = validate_question(question)
        k = max(1, min(int(k), 10))
        searcher = self._live  # one snapshot for the whole question, whatever a rebuild does
        language = not_english(text)
        # "gm everyone how's it going 😄" is about nothing, yet some passage is always nearest:
        # chatter, like a question in another language, gets no quote but an answerable example.
        chatter = not language and small_talk(text) is not None
        if language or chatter:
            shown = self._example_pool(searcher).questions[:1]
            return Answer(
                text,
                False,
                (),
                (time.perf_counter() - started) * 1000,
                searcher.chunk_count,
                suggestion=not_english_line(language, shown) if language else chatter_line(shown),
                reason="not_english" if language else "small_talk",
                examples=shown,
            )
        before = " ".join((previous or "").split())[:MAX_QUESTION_CHARS]
        # "for my econ homework: what tariff ..." is read without why it is asked
        plain = without_purpose(text)
        reading = followup.read(plain, before)
        about = metadata.intent_in(plain, searcher.catalogue)
        only, asked = _pointed(searcher, reading.text, about)
        if reading.combined:
            query, (own, earlier) = self._read(searcher, asked, [searcher.analyse(plain).search_text, before])
            vector = followup.blend(own, earlier, reading.weight)
        else:
            query, (vector,) = self._read(searcher, asked)
        if before and query.leans:
            # "what are the refining projects in it", replying to a question about an added
            # story: the conversation, not the corpus's main story, says what "it" is.
            query = replace(query, leans=False)
        if about is not None:
            quotes = self._about_articles(about, plain, query, vector, searcher, k)
            if isinstance(quotes, Unrecorded):
                return Answer(
                    text,
                    False,
                    (),
                    (time.perf_counter() - started) * 1000,
                    searcher.chunk_count,
                    suggestion=unrecorded_line(quotes.source, quotes.field),
                    reason="not_covered",
                    nearest=(quotes.source,),
                    read_as=reading.read_as,
                    unrecorded=quotes.field,
                )
            if quotes:
                took = (time.perf_counter() - started) * 1000
                return Answer(text, True, quotes, took, searcher.chunk_count, read_as=reading.read_as)
        query, retrieval, features, answered = self._judge(searcher, asked, query, vector, k, only)
        if not answered:
            nearest = tuple(dict.fromkeys(p.source for p in retrieval.picks))[:2]
            shown = self._near_examples(searcher, vector, 2)
            unmentioned = query.unknown_places + query.unknown_names + query.unknown_months
            untold = query.topics if features.get("no_topic") else ()
            return Answer(
                text,
                False,
                (),
                (time.perf_counter() - started) * 1000,
                searcher.chunk_count,
                suggestion=not_covered_line(shown, nearest, unmentioned, untold),
                reason="not_covered",
                nearest=nearest,
                examples=shown,
                read_as=reading.read_as,
                unmentioned=unmentioned,
                untold=untold,
            )
        quotes = tuple(_quote(p) for p in retrieval.picks)
        took = (time.perf_counter() - started) * 1000
        return Answer(text, True, quotes, took, searcher.chunk_count, read_as=reading.read_as)

    def _judge(
        self, searcher: Searcher, asked: str, query: Query, vector: np.ndarray, k: int, only: frozenset[str]
    ) -> tuple[Query, Retrieval, dict[str, float], bool]:
        """The quotes for a question, their abstention features, and whether to answer.

        "How did the trump xi meeting go" is declined when the main story has the meeting still
        ahead (`not_yet`); a later story reporting it, once added, is what answers it. So such a
        question is looked up again in the lone neighbouring stories alone, and their best quote
        answers if it passes the same models (it must not have the meeting ahead either). So is
        one naming a month the main story never mentions ("what did china restrict back in
        april", `time_absent`): another story may report that month. Only for these gates: tried
        for every detail gate, a neighbour's window passed the others by coincidence ("which
        agency runs the stockpile" quoted with another stockpile's agency).
        """
        first = query
        query, retrieval = self._retrieve(searcher, asked, query, vector, k, only)
        features = abstention_features(query, retrieval.features)
        answered = bool(retrieval.picks) and self.tuning.abstain.answers(features)
        later_news = features.get("not_yet") or features.get("time_absent")
        if answered or only or not later_news or not searcher.in_main_story(retrieval.picks[0].source.id):
            return query, retrieval, features, answered
        later = searcher.retrieve(first, vector, k, self.tuning, elsewhere=True)
        if not later.picks:
            return query, retrieval, features, answered
        reported = abstention_features(first, later.features)
        if not self.tuning.abstain.answers(reported):
            return query, retrieval, features, answered
        return first, later, reported, True

    def _retrieve(
        self, searcher: Searcher, asked: str, query: Query, vector: np.ndarray, k: int, only: frozenset[str]
    ) -> tuple[Query, Retrieval]:
        """The quotes found for a question, read as the story answering it reads it.

        Answered from the main story, a question naming a word only neighbouring stories use
        is read again with that word unknown, as it was before they were added: adding
        articles must not make "is the pentagon running the stockpile" look answered.
        """
        retrieval = searcher.retrieve(query, vector, k, self.tuning, only=only)
        if only or not retrieval.picks:
            return query, retrieval
        foreign = searcher.foreign_terms(query) if searcher.in_main_story(retrieval.picks[0].source.id) else frozenset()
        if not foreign:
            return query, retrieval
        # The words searched, whether it leans on the story or points at it, and what it asks
        # is part of the story stay the first reading's.
        scoped = replace(
            searcher.analyse(searcher.spell_out(asked), foreign=foreign),
            terms=query.terms,
            weights=query.weights,
            leans=query.leans,
            points=query.points,
            member=query.member,
        )
        again = searcher.retrieve(scoped, vector, k, self.tuning, only=only)
        if not again.picks or not searcher.in_main_story(again.picks[0].source.id):
            return query, retrieval
        return scoped, again

    # -- examples and context ----------------------------------------------------------------

    def examples(
        self, n: int = 3, *, candidates: Sequence[str] = (), near: str | None = None
    ) -> tuple[str, ...]:
        """Example questions the live index answers well, from different passages.

        `candidates` (e.g. questions members found helpful) are tried first, then questions
        drawn from the articles (`index.examples`). Each is verified by answering it; the result
        is cached per index and candidate list, so only the first call after a rebuild pays.
        With `near`, the examples closest in meaning to that text come first.
        """
        searcher = self._live
        pool = self._example_pool(searcher, tuple(candidates))
        if near and near.strip():
            vec = self.embedder.embed([" ".join(near.split())[:MAX_QUESTION_CHARS]])[0]
            return example_questions.nearest(vec, pool.vecs, pool.questions, n)
        return pool.questions[: max(0, n)]

    def _near_examples(self, searcher: Searcher, vec: np.ndarray, n: int) -> tuple[str, ...]:
        pool = self._example_pool(searcher)
        return example_questions.nearest(vec, pool.vecs, pool.questions, n)

    def _example_pool(self, searcher: Searcher, first: tuple[str, ...] = ()) -> _Examples:
        """The verified examples of a snapshot (cached per index and per candidate list)."""
        with self._examples_lock:
            cached = self._examples.get(first)
            if cached is not None and cached.searcher is searcher:
                return cached
            pool = self._verify_examples(searcher, first)
            if searcher is self._searcher:
                if any(p.searcher is not searcher for p in self._examples.values()):
                    self._examples = {}  # a new index: the old ones are of no use
                if len(self._examples) >= EXAMPLE_CACHE:
                    self._examples.pop(next(iter(self._examples)))
                self._examples[first] = pool
            return pool

    def _verify_examples(self, searcher: Searcher, first: tuple[str, ...]) -> _Examples:
        """Keep the candidate questions this index answers confidently, one per quote."""
        tuning = self.tuning
        ids = [s.source.id for s in searcher.summaries]
        if len(ids) > EXAMPLE_ARTICLES:
            # Examples come from the main story's articles: reading and parsing all of a large
            # corpus would take a minute, for a handful of questions.
            prior = searcher.support(ids)
            chosen = set(sorted(ids, key=lambda sid: (-prior[sid], sid))[:EXAMPLE_ARTICLES])
            ids = [sid for sid in ids if sid in chosen]
        texts = [searcher.source_text(sid) for sid in ids]
        tried = [
            q
            for q in example_questions.candidates(texts, first=first)
            if q.strip() and len(q) <= MAX_QUESTION_CHARS and not not_english(q)
        ][: tuning.example_tries + len(first)]
        preferred = frozenset(" ".join(q.split()).casefold() for q in first)
        vecs = self.embedder.embed(tried) if tried else np.zeros((0, self.embedder.dim), np.float32)
        places: dict[tuple[str, int], int] = {}

        def best(question: str, vec: np.ndarray) -> tuple[int, float, str] | None:
            query = searcher.analyse(question)
            retrieval = searcher.retrieve(query, vec, 1, tuning)
            if not retrieval.picks:
                return None
            features = abstention_features(query, retrieval.features)
            if not tuning.abstain.answers(features):
                return None  # an example must be one the bot answers, not one it declines
            top = retrieval.picks[0]
            place = places.setdefault((top.source.id, top.start), len(places))
            return place, tuning.abstain.probability(features), top.source.id

        threshold = tuning.abstain.topical.threshold * tuning.abstain.detail.threshold
        kept = example_questions.select(
            tried,
            vecs,
            best,
            floor=min(0.99, threshold + tuning.example_margin),
            strong=min(0.995, threshold + 2 * tuning.example_margin),
            preferred=preferred,
            size=tuning.example_pool,
        )
        matrix = np.zeros((len(kept), self.embedder.dim), dtype=np.float32)
        for row, (_, vec) in enumerate(kept):
            matrix[row] = vec
        return _Examples(searcher, first, tuple(q for q, _ in kept), matrix)

    def context(self, source_id: str, start: int, end: int) -> QuoteContext | None:
        """The paragraph around a quoted span (None if the source is gone or the span is stale)."""
        searcher = self._live
        source = searcher.source(source_id)
        text = searcher.source_text(source_id)
        if source is None or not text:
            return None
        found = around(text, int(start), int(end))
        if found is None:
            return None
        return QuoteContext(source, found.paragraph, found.mark_start, found.mark_end)

    def _about_articles(
        self,
        about: metadata.Intent,
        text: str,
        query: Query,
        vector: np.ndarray,
        searcher: Searcher,
        k: int,
    ) -> tuple[Quote, ...] | Unrecorded:
        """Answer a question about the articles themselves; () to answer it the normal way.

        `Unrecorded` when the article the question clearly means lacks the field asked for.
        """
        sources = [s.source for s in searcher.summaries]

        def card(source: Source, score: float = 1.0) -> Quote:
            return Quote(
                text=metadata.card_text(source),
                source=source,
                score=round(score, 4),
                start=0,
                end=0,
                chunk_id="",
                kind="source",
            )

        if about is metadata.Intent.SOURCES:
            return tuple(card(s) for s in sources[: max(k, 10)])
        # "who wrote the clsh report article": names are matched as the member meant them.
        text = corrected(text, query.corrections)
        rest = metadata.rest_terms(text)
        catalogue = searcher.catalogue
        unknown = [t for t in rest if t not in catalogue.terms and not searcher.known_term(t)]
        pointed = set(metadata.referenced(text, catalogue)[0])
        if not pointed and about is not metadata.Intent.WHICH and (part := metadata.part_described(text)):
            # "who wrote the one with the faq": the article whose page has that part
            holder = searcher.page_holder(part)
            if holder is not None:
                pointed = {holder}
        if about is metadata.Intent.DATE and not pointed and (order := metadata.asks_order(text)):
            # "which piece is the oldest": the articles by their dates, not the best match
            dated = metadata.by_date(sources, order)
            if dated:
                return tuple(card(s) for s in dated[:k])
        page_asked = set(rest) - metadata.PAGE_WORDS
        if about is metadata.Intent.WHICH and (
            (set(tokenize(text)) & metadata.PAGE_WORDS and page_asked) or (page_asked and page_asked <= metadata.TABLE_TERMS)
        ):
            # "which article has an faq at the bottom", "which one has the hcaptcha thing": a part
            # of an article's page (a heading, a link list, a notice), whatever the passages say;
            # and "which article has the comparison table" when it names nothing else (a table
            # "with the eu and china in it" is found by what it says, as before).
            holder = searcher.page_holder(sorted(page_asked))
            if holder is not None:
                body = searcher.source_text(holder.id)
                span = metadata.section_span(body, page_asked - metadata.TABLE_TERMS)
                if span is not None:
                    # the part itself, quoted under the article's card
                    return (Quote(body[span[0] : span[1]], holder, 1.0, span[0], span[1], ""),)
                return (card(holder),)
        if not pointed and (
            (len(unknown) >= 2 and len(unknown) == len(rest))
            or any(_NAMING_FLOOR <= zipf(w) < RARE_ZIPF for w in _words_of(text, unknown))
        ):
            # "Who wrote Pride and Prejudice?", "who published the tungsten venture story?" (no
            # article mentions tungsten): something no article is about, not a way to pick one
            # (one unknown everyday word alone may be the asker's: "when did they put it out";
            # a typo has no frequency). "Does the emoji blog post cite anyone or is it just
            # vibes" points at an article all the same.
            return ()
        big = len(catalogue.sources) > metadata.SMALL_CORPUS
        covering = searcher.source_relevance(query, vector) if rest or big else {}
        pool = metadata.candidates(text, catalogue, covering)
        if about is metadata.Intent.WHICH and not (metadata.asks_outlet(text) and not rest):
            named = metadata.rank_sources(text, pool, {}, {})
            # A title sharing the question's words picks that article ("which site ran the rare
            # earths supply deal story"); when the question asks which articles mention them,
            # only an outlet or author named outright does (`rank_sources`: 1.5 x 2.0).
            by_title = bool(named) and named[0].score >= (3.0 if metadata.asks_mention(text) else 1.0)
            if rest and named and not by_title and not metadata.describes_article(text):
                retrieval = searcher.retrieve(
                    query, vector, max(k, 5), self.tuning, one_per_source=True, must=frozenset(rest)
                )
                features = abstention_features(query, retrieval.features)
                if retrieval.picks and self.tuning.abstain.answers(features):
                    # "which source says the deal is worth 550 billion": the articles saying that
                    # number, not one saying "$360 billion worth" (when any says it at all)
                    asked = set(query.question_numbers)
                    saying = [p for p in retrieval.picks if asked <= set(numbers_in(p.text))]
                    return tuple(_quote(p) for p in (saying or retrieval.picks))
                # "which article mentions Lynas": only a headline in one page's related links does.
                holder = searcher.page_holder(rest)
                return (card(holder),) if holder is not None else ()
        content = covering if rest else {}
        texts = {s.id: searcher.source_text(s.id) for s in pool}
        prior = searcher.support([s.id for s in pool])
        pages = {s.id: searcher.furniture(s.id) for s in pool}
        ranked = metadata.rank_sources(text, pool, content, texts, prior, pages)
        # Answers from an article's own words come from the article pointed at, if any.
        own = ranked if not pointed else [m for m in ranked if m.source in pointed]
        if about is metadata.Intent.CITES:
            # "does the blog post cite anyone": the sources line of the article pointed at, or of
            # the first that names what else the question does ("does any article cite the
            # Canadian Press"); otherwise the passages answer (an article may cite in sentences).
            for match in own:
                body = texts[match.source.id]
                for start, end in metadata.sources_lines(body):
                    if pointed or not rest or set(rest) & set(tokenize(body[start:end])):
                        return (Quote(body[start:end], match.source, round(match.score, 4), start, end, ""),)
            if len(pointed) == 1:
                # "does the Clash Report story cite anyone?": it lists none.
                return Unrecorded(next(iter(pointed)), about.value)
            return ()
        if about is metadata.Intent.CONTACT:
            # "who do i hit up if i got questions about trade deals": the page's own line saying
            # whom to contact, of the article pointed at, or of the first whose line speaks of
            # what else the question names ("Should you have any questions about global trade
            # developments ..."); a line on nothing asked is no answer to "who do i contact to
            # join the server".
            # Asked of no article in particular, the main story's page first, as for "the deal".
            looked_at = own if pointed else sorted(own, key=lambda m: not searcher.in_main_story(m.source.id))
            for match in looked_at:
                for line in metadata.contact_lines(searcher.furniture(match.source.id)):
                    if pointed or (set(rest) - metadata.CONTACT_TERMS) & set(tokenize(line)):
                        return (Quote(line, match.source, round(match.score, 4), 0, 0, "", kind="notice"),)
            if len(pointed) == 1:
                return Unrecorded(next(iter(pointed)), about.value)
            return ()
        if about is metadata.Intent.RELATED:
            # "what related stories does clash report link": the page's link list, shown as the
            # article's (never quoted as its words), from the article pointed at if any. Asked of
            # no article ("which one has a related news list?"), every page with one, the main
            # story's first: a grown corpus has many.
            listing = []
            for match in own:
                headlines = metadata.related_headlines(searcher.furniture(match.source.id))
                if headlines:
                    listed = "\n".join(headlines)[: self.tuning.max_quote_chars]
                    listing.append(Quote(listed, match.source, round(match.score, 4), 0, 0, "", kind="page"))
            if pointed:
                if listing:
                    return tuple(listing[:1])
                return Unrecorded(next(iter(pointed)), about.value) if len(pointed) == 1 else ()
            support = searcher.support([q.source.id for q in listing])
            return tuple(sorted(listing, key=lambda q: -support[q.source.id])[:k])
        if about in (metadata.Intent.SECTION, metadata.Intent.DATELINE, metadata.Intent.CREDIT):
            # Answered by the article's own words (its section label, its dateline): a quote,
            # from the article the question points at if it does ("the blog post's section").
            for match in own:
                span = metadata.attribution_span(texts[match.source.id], match.source.title, about)
                if span is not None:
                    start, end = span
                    body = texts[match.source.id][start:end]
                    return (Quote(body, match.source, round(match.score, 4), start, end, ""),)
            if len(pointed) == 1:
                # "who took the photo in the Clash Report story?": that story credits none.
                return Unrecorded(next(iter(pointed)), about.value)
            return ()
        if about is metadata.Intent.DATE and metadata.asks_updated(text) and own:
            # "when was it last updated": the page's own line saying so, shown with its card;
            # without one, the card's date (when it was published) is the best there is.
            # Asked of no article in particular ("the one that says last updated, what date"),
            # the first page that has such a line.
            looked_at = own[:1] if pointed or metadata.describes_article(text) else own
            for match in looked_at:
                line = metadata.updated_line(searcher.furniture(match.source.id))
                if line is not None:
                    return (Quote(line, match.source, round(match.score, 4), 0, 0, "", kind="notice"),)
        field = metadata.Intent.OUTLET if about is metadata.Intent.WHICH else about
        if len(pointed) == 1 and about is not metadata.Intent.WHICH and not metadata.has_field(next(iter(pointed)), field):
            # The one article the question points at does not record what is asked.
            return Unrecorded(next(iter(pointed)), field.value)
        # "which law firm wrote about the deal": the article by a law firm, whatever the title
        # words match ("... Rare Earths Supply Deal" is Clash Report's)
        lead = own if pointed else ranked
        fitting = [m for m in lead if metadata.has_field(m.source, field)]
        if about is metadata.Intent.WHICH and pointed and not (metadata.asks_outlet(text) or metadata.asks_mention(text)):
            # "what sources does the emoji post say it used": the article described, and neither
            # its publisher nor which article mentions something asked: its passages answer,
            # whatever outlet it records (or does not).
            return ()
        if rest and fitting and lead[0].score >= fitting[0].score + 1.0:
            # The article the question clearly describes ("the Clash Report piece") does not
            # record what is asked (no byline): say so, rather than give another article's
            # author or leave the member to notice a field missing from a card.
            return Unrecorded(lead[0].source, field.value)
        if not fitting and len(pointed) == 1:
            # "which site is the emoji blog from": the page meant names none
            return Unrecorded(next(iter(pointed)), field.value)
        if not fitting:
            # "link to the law firm post?" where no article has an address recorded: say so of
            # the article meant, rather than quote its passages as if they were the answer.
            if about is metadata.Intent.LINK and ranked:
                return Unrecorded((own or ranked)[0].source, about.value)
            return ()
        best = fitting[0]

        def shown(match: metadata.SourceMatch) -> Quote:
            # "what date is on the law firm's post": the card, with the date as its page prints it
            printed = (
                metadata.printed_date(searcher.furniture(match.source.id), match.source.published)
                if about is metadata.Intent.DATE and not metadata.asks_updated(text)
                else None
            )
            if printed:
                return Quote(printed, match.source, round(match.score, 4), 0, 0, "", kind="notice")
            return card(match.source, match.score)

        if not rest and len(fitting) > 1:
            if pointed:
                # "the headline on the law firm's writeup" when two law firms wrote one: the
                # description fits both, whatever their scores, the main story's first.
                both = sorted(fitting, key=lambda m: not searcher.in_main_story(m.source.id))
                return tuple(shown(m) for m in both[:k])
            # Nothing but the kind of article asked for ("who wrote it?", "which one is from a
            # law firm?"): every article that fits equally well, the main story's first.
            tied = [m for m in fitting if m.score >= best.score - 0.6]
            if len(tied) > 1:
                return tuple(shown(m) for m in tied[:k])
        return (shown(best),)

    def explain(self, question: str) -> dict[str, float]:
        """The abstention features and P(answerable) of a question, as `answer` weighs them.

        `routed` is 1 for a question answered from the articles' metadata, which abstention
        does not judge (calibration leaves such rows out).
        """
        text = without_purpose(validate_question(question))
        searcher = self._live
        about = metadata.intent_in(text, searcher.catalogue)
        only, asked = _pointed(searcher, text, about)
        query, (vector,) = self._read(searcher, asked)
        if about is not None and self._about_articles(about, text, query, vector, searcher, 3):
            return {"routed": 1.0, "p_answer": 1.0, "score": 1.0}
        query, retrieval, features, _ = self._judge(searcher, asked, query, vector, 3, only)
        features["routed"] = 0.0
        features["p_answer"] = self.tuning.abstain.probability(features) if retrieval.picks else 0.0
        return features

    def best_score(self, question: str) -> float:
        """The best window score for a question."""
        return float(self.explain(question).get("score", -1.0))

    @staticmethod
    def _suggestion(searcher: Searcher) -> str:
        titles = [s.source.title for s in searcher.summaries][:3]
        return (
            "The articles cover: "
            + "; ".join(titles)
            + ("; …" if len(searcher.summaries) > 3 else "")
        )

    def reindex(self, progress: Progress | None = None) -> ReindexReport:
        """Bring the index up to date with the seeds folder and swap it in.

        Raises ReindexBusy if a rebuild runs here or in another process. Only new or changed
        articles are embedded; a failure leaves the live index untouched.
        """
        with self._exclusive():
            return self._reindex_locked(progress)

    def _reindex_locked(self, progress: Progress | None = None) -> ReindexReport:
        started = time.perf_counter()
        self.refresh()
        old = self._live
        update = self._update(old.generation, progress)
        if update.changed_anything:
            self._publish(update)
        return _report(old, self._live, update, started)

    def ingest(
        self, data: bytes, upload_name: str, meta: ArticleMeta, progress: Progress | None = None
    ) -> IngestReport:
        """Validate an uploaded article, add it to the seeds folder and index it.

        Raises IngestError (nothing written) or ReindexBusy. If indexing fails after the files
        were written, they are removed again, so the previous article set and index stay.
        """
        with self._exclusive():
            seeds = self.settings.seeds_dir
            taken = {p.name for p in seeds.iterdir()} if seeds.is_dir() else set()
            article = validate_article(data, upload_name, meta, self._known(), frozenset(taken))
            seeds.mkdir(parents=True, exist_ok=True)
            previous = write_article(seeds, article)
            try:
                report = self._reindex_locked(progress)
            except BaseException:
                undo_write(seeds, article, previous)
                raise
            source = self._live.source(Path(article.filename).stem)
            if source is None:  # indexed nothing from it: undo rather than keep a dead file
                undo_write(seeds, article, previous)
                self._reindex_locked()
                raise IngestError("The article could not be indexed (no readable text).")
            return IngestReport(source=source, report=report)

    def _known(self) -> _Known:
        """The indexed articles' cleaned texts (from the index) and raw texts (from the folder).

        A re-upload may clean differently under other metadata (an outlet line is furniture
        only when it names the outlet), so the raw text is compared too.
        """
        searcher = self._live
        files = {
            e.source.id: e.file
            for part in searcher.parts
            for local, e in enumerate(part.seg.stored.sources)
            if local not in part.dead
        }
        docs = []
        for summary in searcher.summaries:
            clean = searcher.source_text(summary.source.id)
            raw = clean
            path = self.settings.seeds_dir / files.get(summary.source.id, "")
            with suppress(OSError, UndecodableError):
                raw = decode_bytes(path.read_bytes()) if path.is_file() else clean
            docs.append(Document(summary.source, str(path), raw, clean, ""))
        return _Known(tuple(docs))

    def remove(self, source_id: str, progress: Progress | None = None) -> ReindexReport:
        """Delete an article and its metadata from the seeds folder and update the index.

        If the rebuild fails, the article and its metadata are put back.
        """
        with self._exclusive():
            searcher = self._live
            if searcher.source(source_id) is None:
                raise IngestError("There is no such source.")
            if len(searcher.sources) == 1:
                raise IngestError("That is the last article; the bot needs at least one.")
            removed = delete_article(self.settings.seeds_dir, source_id)
            try:
                return self._reindex_locked(progress)
            except BaseException:
                restore_article(self.settings.seeds_dir, removed)
                raise

    def close(self) -> None:
        """Stop watching and release the embedding cache."""
        self._closing.set()
        if self._cache is not None:
            self._cache.close()


class _LazyEmbedder:
    """The build embedder, created only when something must actually be embedded."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self.name = engine.embedder.name
        self.dim = engine.embedder.dim
        self.max_tokens = engine.embedder.max_tokens

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return self._engine._builder().embed(texts)

    def embed_spans(self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]) -> list[Pooled]:
        return _lowered(lambda: self._engine._builder().embed_spans(texts, spans))

    def count_model_tokens(self, text: str) -> int:
        return self._engine.embedder.count_model_tokens(text)


# An unknown word of a question about the articles this common names something no article is
# about ("tungsten", "Bloomberg"); below it, a typo or a made-up name, which the search reads.
_NAMING_FLOOR = 2.0


def _words_of(text: str, terms: Sequence[str]) -> list[str]:
    """The question's words, as written, whose index terms are among `terms`."""
    wanted = set(terms)
    return [w for w in re.findall(r"[a-z]+", text.lower()) if (t := tokenize(w)) and t[0] in wanted]


def _pointed(searcher: Searcher, text: str, about: metadata.Intent | None) -> tuple[frozenset[str], str]:
    """The articles a question points at as documents, and the question to read.

    A question pointing at articles ("what does the law firm say about ...") is read without
    the pointing words; a metadata question points at none (it picks its article otherwise).
    """
    if about is metadata.Intent.WHICH:
        # "how many articles mention JERA" is read as "which articles ...": the answer lists
        # them, and "how many" would make the model look for a number.
        return frozenset(), re.sub(r"\bhow many\b", "which", text, flags=re.IGNORECASE)
    if about is not None:
        return frozenset(), text
    pointed, asked = metadata.referenced(text, searcher.catalogue)
    return (frozenset(s.id for s in pointed), asked) if pointed else (frozenset(), text)


T = TypeVar("T")


def _lowered(work: Callable[[], T]) -> T:
    """Run build embedding on a thread of lowered priority, so questions get the CPU first."""
    result: list[T] = []
    error: list[BaseException] = []

    def run() -> None:
        with suppress(OSError, AttributeError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
        try:
            result.append(work())
        except BaseException as exc:  # handed back to the caller's thread
            error.append(exc)

    thread = threading.Thread(target=run, name="index-build-embed")
    thread.start()
    thread.join()
    if error:
        raise error[0]
    return result[0]


def _quote(p: Picked) -> Quote:
    return Quote(
        text=p.text,
        source=p.source,
        score=p.score,
        start=p.start,
        end=p.end,
        chunk_id=p.chunk_id,
        also=p.also,
    )


def _report(old: Searcher | None, new: Searcher, update: Update, started: float) -> ReindexReport:
    """What a rebuild changed, for the moderator or operator who asked for it."""
    titles = dict(update.titles)
    return ReindexReport(
        added=tuple(titles.get(i, i) for i in update.added),
        removed=tuple(titles.get(i, i) for i in update.removed),
        changed=tuple(titles.get(i, i) for i in update.changed),
        unchanged=update.unchanged,
        sources=len(new.summaries),
        chunks=new.chunk_count,
        embedded=update.embedded,
        skipped=update.skipped,
        took_ms=(time.perf_counter() - started) * 1000,
    )


def with_threshold(tuning: Tuning, threshold: float) -> Tuning:
    """Tuning whose abstention threshold is overridden (ANSWER_THRESHOLD; 1e-9 answers all)."""
    return replace(tuning, abstain=replace(tuning.abstain, override=threshold))


__all__ = ["Engine", "Source", "validate_question"]
