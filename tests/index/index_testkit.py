"""Helpers shared by the core's tests: a deterministic fake embedder and isolated settings."""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np

from index import store
from index.abstain import Logistic, Model
from index.answering import LoadedSegment, Searcher, Tuning
from index.chunking import ChunkParams
from index.config import BUNDLED_MODEL, CoreSettings
from index.embed import Pooled, Span
from index.indexer import Part, assemble, document_part, prepare
from index.records import Document, Source
from index.store import Generation
from index.text import clean_text

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
SEED_IDS = tuple(sorted(p.stem for p in SEEDS.glob("*.txt")))

_WORD = re.compile(r"\w+")


class FakeEmbedder:
    """Bag of words hashed into `dim` signed buckets, L2-normalized (satisfies `Embedder`).

    Each word is a "token" whose vector is one signed bucket; a text's vector is the normalized
    sum of its tokens, and `embed_spans` sums the tokens lying inside each span, so a span
    covering a whole text pools to exactly `embed` of that text (late chunking, made exact).

    `hold_on`: while set, a call embedding a text containing that word signals `entered` and
    waits for `release`, so a test can hold a rebuild in the middle without sleeping.
    `fail_on`: a call embedding a text containing that word raises RuntimeError (a build that
    dies half-way).

    `texts_embedded` counts every text embedded; `build_texts` those passed through
    `embed_spans` (what builds embed), `questions_embedded` those through `embed` (questions,
    examples).
    """

    def __init__(self, name: str = "fake-hash-64", dim: int = 64) -> None:
        self.name = name
        self.dim = dim
        self.max_tokens = 256
        self.texts_embedded = 0
        self.build_texts = 0
        self.questions_embedded = 0
        self.calls = 0  # embed_spans calls (batches)
        self.hold_on: str | None = None
        self.fail_on: str | None = None
        self.entered = threading.Event()
        self.release = threading.Event()
        self._lock = threading.Lock()

    def _token(self, word: str) -> tuple[int, float]:
        h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "big")
        return h % self.dim, 1.0 if (h >> 32) & 1 else -1.0

    def _tokens(self, text: str) -> tuple[np.ndarray, list[Span]]:
        matches = list(_WORD.finditer(text))
        vecs = np.zeros((len(matches), self.dim), dtype=np.float32)
        for row, match in enumerate(matches):
            bucket, sign = self._token(match.group(0).lower())
            vecs[row, bucket] = sign
        return vecs, [m.span() for m in matches]

    def _vector(self, tokens: np.ndarray) -> np.ndarray:
        total = tokens.sum(axis=0) if len(tokens) else np.zeros(self.dim, dtype=np.float32)
        norm = float(np.linalg.norm(total))
        if norm == 0.0:
            out = np.zeros(self.dim, dtype=np.float32)
            out[0] = 1.0
            return out
        return (total / norm).astype(np.float32)

    def _gate(self, texts: Sequence[str]) -> None:
        if self.fail_on and any(self.fail_on in t for t in texts):
            raise RuntimeError(f"embedding died on {self.fail_on!r}")
        if self.hold_on and any(self.hold_on in t for t in texts):
            self.entered.set()
            assert self.release.wait(30), "test never released the held embedding call"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        self._gate(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            out[row] = self._vector(self._tokens(text)[0])
        with self._lock:
            self.questions_embedded += len(texts)
            self.texts_embedded += len(texts)
        return out

    def embed_spans(self, texts: Sequence[str], spans: Sequence[Sequence[Span]]) -> list[Pooled]:
        texts = list(texts)
        self._gate(texts)
        out = []
        for text, wanted in zip(texts, spans, strict=True):
            tokens, offsets = self._tokens(text)
            sums = np.zeros((len(wanted), self.dim), dtype=np.float32)
            counts = np.zeros(len(wanted), dtype=np.int32)
            for n, (a, b) in enumerate(wanted):
                inside = [i for i, (s, e) in enumerate(offsets) if s >= a and e <= b]
                counts[n] = len(inside)
                if inside:
                    sums[n] = tokens[inside].sum(axis=0)
            out.append(Pooled(self._vector(tokens), sums, counts))
        with self._lock:
            self.build_texts += len(texts)
            self.texts_embedded += len(texts)
            self.calls += 1
        return out

    def count_model_tokens(self, text: str) -> int:
        return len(text.split()) + 2  # [CLS] and [SEP], like a BERT tokenizer


def make_settings(seeds: Path, data: Path, **extra: object) -> CoreSettings:
    """Settings that ignore the developer's environment and `.env`."""
    values: dict[str, object] = {
        "embedding_model": BUNDLED_MODEL,
        "answer_threshold": 0.0,
        "watch_seconds": 0.0,
        **extra,
    }
    return CoreSettings(_env_file=None, seeds_dir=seeds, data_dir=data, **values)  # type: ignore[call-arg]


# --- building pieces of an index without an engine ------------------------------------------


def document(source_id: str, text: str, title: str = "", **meta: str) -> Document:
    """An article as the loader would give it (cleaned), without a file."""
    clean = clean_text(text).text
    source = Source(id=source_id, title=title or source_id, **meta)
    digest = hashlib.sha256(f"{source}\0{text}".encode()).hexdigest()
    return Document(source=source, path=f"{source_id}.txt", raw=text, clean=clean, digest=digest)


def part_of(doc: Document, embedder: FakeEmbedder, params: ChunkParams | None = None) -> Part:
    """One article's arrays, embedded by `embedder` (the pure steps of a build)."""
    prepared = prepare(doc, params or ChunkParams())
    texts, spans = prepared.model_inputs()
    return document_part(prepared, embedder.embed_spans(texts, spans), embedder.dim)


def searcher_of(
    index_dir: Path,
    groups: Sequence[Sequence[Document]],
    deleted: Mapping[int, Sequence[int]] | None = None,
    embedder: FakeEmbedder | None = None,
) -> Searcher:
    """A Searcher over one segment per group of articles (some of them deleted), no engine."""
    embedder = embedder or FakeEmbedder()
    loaded: dict[str, LoadedSegment] = {}
    listed: list[tuple[str, tuple[int, ...]]] = []
    for n, docs in enumerate(groups):
        seg = assemble([part_of(d, embedder) for d in docs], embedder.dim)
        name = store.write_segment(index_dir, seg)
        loaded[name] = LoadedSegment(store.load_segment(index_dir, name))
        listed.append((name, tuple((deleted or {}).get(n, ()))))
    generation = Generation(
        seq=1,
        format_version=store.FORMAT_VERSION,
        model=embedder.name,
        dim=embedder.dim,
        chunker=ChunkParams().as_dict(),
        built_at="2025-11-03T00:00:00+00:00",
        segments=tuple(listed),
        manifest_digest="",
    )
    return Searcher(generation, loaded)


class _Factory(type):
    """Metaclass of `model_factory` classes: instance checks defer to `like`."""

    like: type | None

    def __instancecheck__(cls, obj: object) -> bool:
        return cls.like is not None and isinstance(obj, cls.like)


def model_factory(make: Callable[[], object], like: type | None = None) -> type:
    """A stand-in for `index.engine.TransformerEmbedder` that hands out `make()` and counts calls.

    It is a class, so the engine's `isinstance(x, TransformerEmbedder)` keeps working: objects
    count as instances of it when they are instances of `like` (the real class, for the real
    model; None for a fake, which the engine then also builds with).
    """

    class Loads(metaclass=_Factory):
        count = 0
        options: ClassVar[list[dict[str, object]]] = []

        def __new__(cls, setting: str = BUNDLED_MODEL, **options: object) -> object:  # type: ignore[misc]
            assert setting == BUNDLED_MODEL
            assert set(options) <= {"backend", "threads", "cache_dir"}
            cls.count += 1
            cls.options.append(options)
            return make()

    Loads.like = like  # type: ignore[attr-defined]
    return Loads


def fake_tuning() -> Tuning:
    """Abstention for the fake embedder: answer when the best quote has 40% of the question's
    words (by rarity), decline otherwise.

    The calibrated models weigh the real model's similarities; the fake's are not comparable, so
    tests of what a decline *says* use this plain rule instead of depending on calibration.
    """
    words_only = Logistic(-4.0, {"lexical": 10.0}, 0.5)
    always = Logistic(5.0, {}, 0.5)
    return Tuning(abstain=Model(topical=words_only, detail=always))
