"""Helpers shared by the core's tests: a deterministic fake embedder and isolated settings."""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from index.config import BUNDLED_MODEL, CoreSettings

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
SEED_IDS = tuple(sorted(p.stem for p in SEEDS.glob("*.txt")))


class FakeEmbedder:
    """Bag of words hashed into `dim` signed buckets, L2-normalized (satisfies `Embedder`).

    `hold_on`: while set, a call embedding a text containing that word signals `entered` and
    waits for `release`, so a test can hold a rebuild in the middle without sleeping.
    """

    def __init__(self, name: str = "fake-hash-64", dim: int = 64) -> None:
        self.name = name
        self.dim = dim
        self.max_tokens = 256
        self.texts_embedded = 0
        self.hold_on: str | None = None
        self.entered = threading.Event()
        self.release = threading.Event()
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        if self.hold_on and any(self.hold_on in t for t in texts):
            self.entered.set()
            assert self.release.wait(30), "test never released the held embed() call"
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "big")
                out[row, h % self.dim] += 1.0 if (h >> 32) & 1 else -1.0
            norm = float(np.linalg.norm(out[row]))
            if norm == 0.0:
                out[row, 0] = 1.0
            else:
                out[row] /= norm
        with self._lock:
            self.texts_embedded += len(texts)
        return out

    def count_model_tokens(self, text: str) -> int:
        return len(text.split()) + 2  # [CLS] and [SEP], like a BERT tokenizer


def make_settings(seeds: Path, data: Path, **extra: object) -> CoreSettings:
    """Settings that ignore the developer's environment and `.env`."""
    values: dict[str, object] = {
        "embedding_model": BUNDLED_MODEL,
        "answer_threshold": 0.0,
        **extra,
    }
    return CoreSettings(_env_file=None, seeds_dir=seeds, data_dir=data, **values)  # type: ignore[call-arg]
