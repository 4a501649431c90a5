"""The core's public face: answer a question, list the sources, rebuild the index.

One `Engine` is opened at start-up (model and index loaded once). `answer()` may be called from
any number of threads; `reindex()` builds a complete new index beside the old one and swaps it
in with a single reference assignment, so queries in flight finish on the index they started
with and nobody ever sees half an index.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from index import examples as example_questions
from index import followup, store
from index.chunking import ChunkParams, Window, build_windows, chunk_units
from index.config import CoreSettings
from index.context import around
from index.corpus import Corpus, article_paths, load_corpus
from index.declines import not_covered_line, not_english_line
from index.embed import Embedder, EmbeddingCache, SentenceTransformerEmbedder, embed_cached
from index.fusion import rank_order, reciprocal_rank_fusion, top_fused
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
from index.lexical import BM25, coverage, tokenize
from index.question import validate_question
from index.quotes import Pick, Weights, select_windows, window_scores
from index.records import (
    MAX_QUESTION_CHARS,
    Answer,
    Chunk,
    CorpusError,
    IngestReport,
    QuestionError,
    Quote,
    QuoteContext,
    ReindexBusy,
    ReindexReport,
    Source,
    SourceSummary,
)
from index.segment import segment
from index.tokens import count_tokens

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Tuning:
    """Retrieval knobs. The defaults are calibrated on the dev set (see README, "Calibration")."""

    answer_threshold: float = 0.37  # a best quote scoring below this means "not covered"
    margin: float = 0.12  # further quotes must score within this of the best one
    same_meaning: float = 0.83  # cosine above which two windows say the same thing
    candidate_chunks: int = 8  # chunks whose windows are considered for quoting
    dense_depth: int = 50  # neighbours asked of FAISS
    weights: Weights = field(default_factory=Weights)
    example_margin: float = 0.1  # an example's best quote must beat the threshold by this
    example_tries: int = 24  # candidate examples verified per index (and per candidate list)
    example_pool: int = 8  # verified examples kept, from different passages


EXAMPLE_CACHE = 16  # candidate lists (servers' helpful questions) whose examples are kept


@dataclass(frozen=True)
class _Examples:
    """Verified example questions of one index (and one list of preferred candidates)."""

    state: _Searchable
    first: tuple[str, ...]
    questions: tuple[str, ...]
    vecs: np.ndarray


def _texts(corpus: Corpus, digests: dict[str, str] | None = None) -> dict[str, str]:
    """Cleaned texts by source id; with `digests`, only of documents the index was built from."""
    return {
        d.source.id: d.clean
        for d in corpus.documents
        if digests is None or digests.get(d.source.id) == d.digest
    }


class _Searchable:
    """An IndexData plus the structures derived from it for fast queries (immutable)."""

    def __init__(self, data: store.IndexData, texts: dict[str, str] | None = None) -> None:
        import faiss

        self.data = data
        # The cleaned texts, for quotes' context; empty if the seeds folder could not be read.
        self.texts = texts or {}
        self.sources = {s.source.id: s.source for s in data.summaries}
        self.faiss = faiss.IndexFlatIP(data.manifest.dim)
        if len(data.chunk_vecs):
            self.faiss.add(data.chunk_vecs)
        self.bm25 = BM25.fit([tokenize(c.embed_text or c.text) for c in data.chunks])
        self.window_terms = [frozenset(tokenize(w.text)) for w in data.windows]
        self.window_sources = [w.source_id for w in data.windows]
        self.window_spans = [(w.start, w.end) for w in data.windows]
        # Windows lying inside each chunk: the quotes a chunk can give.
        by_source: dict[str, list[int]] = {}
        for i, w in enumerate(data.windows):
            by_source.setdefault(w.source_id, []).append(i)
        self.chunk_windows: list[list[int]] = []
        self.window_chunk: dict[int, int] = {}  # the first chunk holding each window
        for n, c in enumerate(data.chunks):
            inside = [
                i
                for i in by_source.get(c.source_id, [])
                if c.start <= data.windows[i].start and data.windows[i].end <= c.end
            ]
            self.chunk_windows.append(inside)
            for i in inside:
                self.window_chunk.setdefault(i, n)


class Engine:
    """Answers questions from the seed articles; see the module docstring for threading."""

    def __init__(
        self, settings: CoreSettings, embedder: Embedder, tuning: Tuning | None = None
    ) -> None:
        self.settings = settings
        self.embedder = embedder
        self.params = ChunkParams()
        tuning = tuning or Tuning()
        if settings.answer_threshold:
            tuning = Tuning(**{**tuning.__dict__, "answer_threshold": settings.answer_threshold})
        self.tuning = tuning
        self._cache = EmbeddingCache(settings.data_dir / "embeddings.sqlite")
        self._reindex_lock = threading.Lock()
        self._builder: Embedder | None = None  # see _build_embedder
        self._state: _Searchable | None = None
        # Verified examples of the live index, per list of preferred candidates.
        self._examples: dict[tuple[str, ...], _Examples] = {}
        self._examples_lock = threading.Lock()
        self.opened_report: ReindexReport | None = None  # set when open() had to build

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def open(
        cls, settings: CoreSettings | None = None, *, embedder: Embedder | None = None
    ) -> Engine:
        """Load the model and the saved index, building or rebuilding it when needed.

        Raises CorpusError before loading the model (seconds) when there is neither a readable
        seeds folder nor a saved index to serve.
        """
        settings = settings or CoreSettings()
        try:
            article_paths(settings.seeds_dir)
        except CorpusError as unreadable:
            try:
                store.read_manifest(settings.index_dir)
            except (store.IndexMissing, store.IndexCorrupt):
                raise unreadable from None
        engine = cls(settings, embedder or SentenceTransformerEmbedder(settings.embedding_model))
        engine._state = engine._load_or_build()
        # The first queries are much slower (lazy initialisation in torch, FAISS, the tokenizer):
        # pay for them now, not on the first member's question.
        for words in (2, 8, 16, 32):
            engine.answer(" ".join(["warm"] * words))
        return engine

    def _load_or_build(self) -> _Searchable:
        index_dir = self.settings.index_dir
        saved: store.IndexData | None = None
        try:
            saved = store.load(index_dir)
        except store.IndexMissing:
            log.info("no index in %s yet: building it", index_dir)
        except store.IndexCorrupt as exc:
            log.warning("saved index is unusable (%s): rebuilding", exc)
        try:
            corpus = load_corpus(self.settings.seeds_dir)
        except CorpusError:
            if saved is None:
                raise
            log.warning("cannot read the seeds folder; serving the saved index", exc_info=False)
            return _Searchable(saved)
        if saved is not None:
            why = saved.manifest.mismatch(
                model=self.embedder.name,
                dim=self.embedder.dim,
                chunker=self.params.as_dict(),
                corpus_hash=corpus.digest(),
            )
            if not why:
                return _Searchable(saved, _texts(corpus, saved.digests))
            log.info("saved index is stale (%s): rebuilding", why)
        started = time.perf_counter()
        data, embedded = self._build(corpus, self.embedder)  # nobody is asking yet
        store.save(data, index_dir)
        self.opened_report = _report(saved, data, embedded, corpus.skipped, started)
        return _Searchable(data, _texts(corpus))

    def _build_embedder(self) -> Embedder:
        """The model instance rebuilds embed with: its own, so questions never wait for a batch.

        One instance serialises its calls (a lock), so a question asked during a rebuild used to
        wait for the whole batch encode. A twin of the same model (loaded at the first rebuild)
        lets both run at once; an embedder without `twin()` (the tests' fakes) is shared.
        """
        if self._builder is None:
            twin = getattr(self.embedder, "twin", None)
            self._builder = twin() if callable(twin) else self.embedder
        return self._builder

    def _build(self, corpus: Corpus, embedder: Embedder) -> tuple[store.IndexData, int]:
        chunks: list[Chunk] = []
        windows: list[Window] = []
        summaries: list[SourceSummary] = []
        for doc in corpus.documents:
            units = segment(doc.clean)
            doc_chunks = chunk_units(
                units,
                doc.clean,
                source_id=doc.source.id,
                title=doc.source.title,
                count=count_tokens,
                params=self.params,
            )
            chunks.extend(doc_chunks)
            windows.extend(
                build_windows(units, doc.clean, source_id=doc.source.id, params=self.params)
            )
            opening = "\n".join(doc.clean.split("\n")[:6])[:600]
            summaries.append(SourceSummary(doc.source, len(doc_chunks), len(doc.clean), opening))
        chunk_vecs, n1 = embed_cached(embedder, self._cache, [c.embed_text for c in chunks])
        window_vecs, n2 = embed_cached(embedder, self._cache, [w.text for w in windows])
        manifest = store.Manifest(
            format_version=store.FORMAT_VERSION,
            model=self.embedder.name,
            dim=self.embedder.dim,
            chunker=self.params.as_dict(),
            corpus_hash=corpus.digest(),
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            chunks=len(chunks),
            windows=len(windows),
            per_source={s.source.id: s.chunks for s in summaries},
        )
        data = store.IndexData(
            manifest=manifest,
            summaries=tuple(summaries),
            digests={d.source.id: d.digest for d in corpus.documents},
            chunks=tuple(chunks),
            chunk_vecs=chunk_vecs,
            windows=tuple(windows),
            window_vecs=window_vecs,
        )
        return data, n1 + n2

    # -- the public API ---------------------------------------------------------------------

    @property
    def _live(self) -> _Searchable:
        state = self._state
        if state is None:
            raise RuntimeError("Engine not opened: use Engine.open()")
        return state

    @property
    def chunk_count(self) -> int:
        """Passages in the live index."""
        return len(self._live.data.chunks)

    @property
    def manifest(self) -> store.Manifest:
        """What the live index was built from."""
        return self._live.data.manifest

    def sources(self) -> tuple[SourceSummary, ...]:
        """The indexed sources with their metadata and chunk counts."""
        return self._live.data.summaries

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
        state = self._live  # one snapshot for the whole query, whatever reindex() does
        searched = len(state.data.chunks)
        language = not_english(text)
        if language:
            shown = self._example_pool(state).questions[:1]
            return Answer(
                text,
                False,
                (),
                (time.perf_counter() - started) * 1000,
                searched,
                suggestion=not_english_line(language, shown),
                reason="not_english",
                examples=shown,
            )
        try:
            before = validate_question(previous) if previous else ""
        except QuestionError:
            before = ""  # an unusable earlier question: read this one alone
        reading = followup.read(text, before)
        if reading.combined:
            own, earlier = self.embedder.embed([text, before])
            query_vec = followup.blend(own, earlier, reading.weight)
        else:
            query_vec = self.embedder.embed([text])[0]
        picks, scores = self._rank(state, reading.text, query_vec, k)
        if not picks:
            nearest = self._nearest_sources(state, scores)
            shown = self._near_examples(state, query_vec, 2)
            return Answer(
                text,
                False,
                (),
                (time.perf_counter() - started) * 1000,
                searched,
                suggestion=not_covered_line(shown, nearest),
                reason="not_covered",
                nearest=nearest,
                examples=shown,
                read_as=reading.read_as,
            )
        quotes = []
        for pick in picks:
            i, score = pick.window, pick.score
            window = state.data.windows[i]
            also = [state.window_sources[w] for w in pick.also]
            chunk = state.data.chunks[state.window_chunk[i]] if i in state.window_chunk else None
            quotes.append(
                Quote(
                    text=window.text,
                    source=state.sources[window.source_id],
                    score=round(score, 4),
                    start=window.start,
                    end=window.end,
                    chunk_id=chunk.id if chunk else "",
                    also=tuple(state.sources[s] for s in also if s in state.sources),
                )
            )
        took = (time.perf_counter() - started) * 1000
        return Answer(text, True, tuple(quotes), took, searched, read_as=reading.read_as)

    @staticmethod
    def _nearest_sources(
        state: _Searchable, scores: np.ndarray, most: int = 2
    ) -> tuple[Source, ...]:
        """The sources of the best-scoring windows of a declined question, best first."""
        found: list[Source] = []
        for i in np.argsort(-scores, kind="stable")[: 10 * most] if len(scores) else ():
            if scores[i] < 0:
                break
            source = state.sources.get(state.window_sources[int(i)])
            if source is not None and source not in found:
                found.append(source)
            if len(found) == most:
                break
        return tuple(found)

    # -- examples, context, texts ------------------------------------------------------------

    def examples(
        self, n: int = 3, *, candidates: Sequence[str] = (), near: str | None = None
    ) -> tuple[str, ...]:
        """Example questions the live index answers well, from different passages.

        `candidates` (e.g. questions members found helpful) are tried first, then questions
        drawn from the articles (`index.examples`). Each is verified by answering it; the result
        is cached per index and candidate list, so only the first call after a rebuild pays.
        With `near`, the examples closest in meaning to that text come first.
        """
        state = self._live
        pool = self._example_pool(state, tuple(candidates))
        if near and near.strip():
            vec = self.embedder.embed([" ".join(near.split())[:MAX_QUESTION_CHARS]])[0]
            return example_questions.nearest(vec, pool.vecs, pool.questions, n)
        return pool.questions[: max(0, n)]

    def _near_examples(self, state: _Searchable, vec: np.ndarray, n: int) -> tuple[str, ...]:
        pool = self._example_pool(state)
        return example_questions.nearest(vec, pool.vecs, pool.questions, n)

    def _example_pool(self, state: _Searchable, first: tuple[str, ...] = ()) -> _Examples:
        """The verified examples of `state` (cached: one index, one candidate list at a time)."""
        with self._examples_lock:
            cached = self._examples.get(first)
            if cached is not None and cached.state is state:
                return cached
            pool = self._verify_examples(state, first)
            if state is self._state:
                if any(p.state is not state for p in self._examples.values()):
                    self._examples = {}  # a new index: the old ones are of no use
                if len(self._examples) >= EXAMPLE_CACHE:
                    self._examples.pop(next(iter(self._examples)))
                self._examples[first] = pool
            return pool

    def _verify_examples(self, state: _Searchable, first: tuple[str, ...]) -> _Examples:
        tuning = self.tuning
        texts = [
            state.texts[s.source.id] for s in state.data.summaries if s.source.id in state.texts
        ]
        tried = [
            q
            for q in example_questions.candidates(texts, first=first)
            if q.strip() and len(q) <= MAX_QUESTION_CHARS and not not_english(q)
        ][: tuning.example_tries + len(first)]
        preferred = frozenset(" ".join(q.split()).casefold() for q in first)
        vecs = self._embed_examples(tried, preferred)

        def best(question: str, vec: np.ndarray) -> tuple[int, float, str] | None:
            picks, _ = self._rank(state, question, vec, 1)
            if not picks:
                return None
            return picks[0].window, picks[0].score, state.window_sources[picks[0].window]

        kept = example_questions.select(
            tried,
            vecs,
            best,
            floor=tuning.answer_threshold + tuning.example_margin,
            strong=tuning.answer_threshold + 2 * tuning.example_margin,
            preferred=preferred,
            size=tuning.example_pool,
        )
        matrix = np.zeros((len(kept), self.embedder.dim), dtype=np.float32)
        for row, (_, vec) in enumerate(kept):
            matrix[row] = vec
        return _Examples(state, first, tuple(q for q, _ in kept), matrix)

    def _embed_examples(self, questions: list[str], members: frozenset[str]) -> np.ndarray:
        """Vectors of candidate examples: the articles' own from the embedding cache.

        Members' questions are embedded afresh and never cached: the cache has no retention
        period, and their words must not outlive the answer log's.
        """
        out = np.zeros((len(questions), self.embedder.dim), dtype=np.float32)
        theirs = [i for i, q in enumerate(questions) if q.casefold() in members]
        ours = [i for i, q in enumerate(questions) if q.casefold() not in members]
        if theirs:
            out[theirs] = self.embedder.embed([questions[i] for i in theirs])
        if ours:
            out[ours], _ = embed_cached(self.embedder, self._cache, [questions[i] for i in ours])
        return out

    def source_text(self, source_id: str) -> str:
        """The cleaned text of one source ("" if unknown, or its file could not be read)."""
        return self._live.texts.get(source_id, "")

    def context(self, source_id: str, start: int, end: int) -> QuoteContext | None:
        """The paragraph around a quoted span (None if the source is gone or the span is stale)."""
        state = self._live
        source = state.sources.get(source_id)
        text = state.texts.get(source_id, "")
        if source is None or not text:
            return None
        found = around(text, int(start), int(end))
        if found is None:
            return None
        return QuoteContext(source, found.paragraph, found.mark_start, found.mark_end)

    def _rank(
        self, state: _Searchable, text: str, query_vec: np.ndarray, k: int
    ) -> tuple[list[Pick], np.ndarray]:
        tuning = self.tuning
        n = len(state.data.chunks)
        if n == 0:
            return [], np.zeros(0)
        depth = min(n, tuning.dense_depth)
        sims, ids = state.faiss.search(query_vec[None, :].astype(np.float32), depth)
        chunk_dense = np.full(n, -1.0, dtype=np.float32)
        dense_rank = [int(i) for i in ids[0] if i >= 0]
        chunk_dense[dense_rank] = sims[0][: len(dense_rank)]
        terms = tokenize(text)
        bm = state.bm25.scores(terms)
        lexical_rank = [i for i in rank_order(bm) if bm[i] > 0][:depth]
        fused = reciprocal_rank_fusion([dense_rank, lexical_rank])
        top = top_fused(fused, tuning.candidate_chunks)
        best_chunk_sim: dict[int, float] = {}
        for c in top:
            for w in state.chunk_windows[c]:
                best_chunk_sim[w] = max(best_chunk_sim.get(w, -1.0), float(chunk_dense[c]))
        candidates = sorted(best_chunk_sim)
        if not candidates:
            return [], np.zeros(0)
        vecs = state.data.window_vecs[candidates]
        lexical = np.array([coverage(terms, state.window_terms[w], state.bm25) for w in candidates])
        local = window_scores(
            query_vec,
            vecs,
            np.array([best_chunk_sim[w] for w in candidates]),
            lexical,
            tuning.weights,
        )
        scores = np.full(len(state.data.windows), -1.0, dtype=np.float32)
        scores[candidates] = local
        picks = select_windows(
            candidates,
            scores,
            state.data.window_vecs,
            state.window_sources,
            state.window_spans,
            k=k,
            min_score=tuning.answer_threshold,
            margin=tuning.margin,
            same_meaning=tuning.same_meaning,
        )
        return picks, scores

    def best_score(self, question: str) -> float:
        """The best window score for a question (for calibrating the abstention threshold)."""
        state = self._live
        text = validate_question(question)
        _, scores = self._rank(state, text, self.embedder.embed([text])[0], 1)
        return float(scores.max()) if len(scores) else -1.0

    def reindex(self) -> ReindexReport:
        """Rebuild from the seeds folder and swap the new index in; raises ReindexBusy if one runs.

        Unchanged text comes from the embedding cache, so an unchanged corpus costs no embedding.
        A failure leaves the live index untouched.
        """
        with self._exclusive():
            return self._reindex_locked()

    def ingest(self, data: bytes, upload_name: str, meta: ArticleMeta) -> IngestReport:
        """Validate an uploaded article, add it to the seeds folder and index it.

        Raises IngestError (nothing written) or ReindexBusy. If indexing fails after the files were
        written, they are removed again, so the previous article set and index stay in place.
        """
        with self._exclusive():
            seeds = self.settings.seeds_dir
            corpus = load_corpus(seeds) if any(seeds.glob("*")) else None
            taken = {p.name for p in seeds.iterdir()} if seeds.is_dir() else set()
            article = validate_article(data, upload_name, meta, corpus, frozenset(taken))
            seeds.mkdir(parents=True, exist_ok=True)
            previous = write_article(seeds, article)
            try:
                report = self._reindex_locked()
            except BaseException:
                undo_write(seeds, article, previous)
                raise
            source = self._live.sources.get(Path(article.filename).stem)
            if source is None:  # indexed nothing from it: undo rather than keep a dead file
                undo_write(seeds, article, previous)
                self._reindex_locked()
                raise IngestError("The article could not be indexed (no readable text).")
            return IngestReport(source=source, report=report)

    def remove(self, source_id: str) -> ReindexReport:
        """Delete an article and its metadata from the seeds folder and update the index.

        If the rebuild fails, the article and its metadata are put back: the live index still
        quotes it, so the folder must keep it too.
        """
        with self._exclusive():
            state = self._live
            if source_id not in state.sources:
                raise IngestError("There is no such source.")
            if len(state.sources) == 1:
                raise IngestError("That is the last article; the bot needs at least one.")
            # If its file was already deleted by hand, this only drops its metadata.
            removed = delete_article(self.settings.seeds_dir, source_id)
            try:
                return self._reindex_locked()
            except BaseException:
                restore_article(self.settings.seeds_dir, removed)
                raise

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        if not self._reindex_lock.acquire(blocking=False):
            raise ReindexBusy("A reindex is already running; try again when it has finished.")
        try:
            yield
        finally:
            self._reindex_lock.release()

    def _reindex_locked(self) -> ReindexReport:
        started = time.perf_counter()
        old = self._live.data
        corpus = load_corpus(self.settings.seeds_dir)
        data, embedded = self._build(corpus, self._build_embedder())
        store.save(data, self.settings.index_dir)
        self._state = _Searchable(data, _texts(corpus))
        return _report(old, data, embedded, corpus.skipped, started)

    def close(self) -> None:
        """Release the embedding cache."""
        self._cache.close()


def _report(
    old: store.IndexData | None,
    new: store.IndexData,
    embedded: int,
    skipped: tuple[str, ...],
    started: float,
) -> ReindexReport:
    """What changed between two builds, by source content digests."""
    before = old.digests if old else {}
    after = new.digests
    titles = {s.source.id: s.source.title for s in (old.summaries if old else ())}
    titles.update({s.source.id: s.source.title for s in new.summaries})
    return ReindexReport(
        added=tuple(titles[i] for i in sorted(after.keys() - before.keys())),
        removed=tuple(titles[i] for i in sorted(before.keys() - after.keys())),
        changed=tuple(
            titles[i] for i in sorted(before.keys() & after.keys()) if before[i] != after[i]
        ),
        unchanged=sum(1 for i in before.keys() & after.keys() if before[i] == after[i]),
        sources=len(new.summaries),
        chunks=len(new.chunks),
        embedded=embedded,
        skipped=skipped,
        took_ms=(time.perf_counter() - started) * 1000,
    )
