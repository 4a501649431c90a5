"""A second process for tests/index/test_processes.py: rebuild, or hold the rebuild lock.

    python process_worker.py SEEDS DATA build   # open (building if needed) and reindex
    python process_worker.py SEEDS DATA hold    # hold the data folder's lock until killed
"""

from __future__ import annotations

import hashlib
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from index.embed import Pooled, pool_spans


class BagEmbedder:
    """Words hashed into 64 signed buckets: deterministic across processes (no model)."""

    name = "bag-64"
    dim = 64
    max_tokens = 256

    def _tokens(self, text: str) -> tuple[np.ndarray, list[tuple[int, int]]]:
        rows, offsets = [], []
        for match in re.finditer(r"\w+", text.lower()):
            h = int.from_bytes(hashlib.blake2b(match.group().encode(), digest_size=8).digest(), "big")
            row = np.zeros(self.dim, dtype=np.float32)
            row[h % self.dim] = 1.0 if (h >> 32) & 1 else -1.0
            rows.append(row)
            offsets.append(match.span())
        if not rows:
            rows, offsets = [np.eye(1, self.dim, dtype=np.float32)[0]], [(0, 0)]
        return np.array(rows), offsets

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return np.array([self.embed_spans([t], [[]])[0].vector for t in texts], dtype=np.float32).reshape(
            len(texts), self.dim
        )

    def embed_spans(self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]) -> list[Pooled]:
        out = []
        for text, wanted in zip(texts, spans, strict=True):
            tokens, offsets = self._tokens(text)
            out.append(Pooled(*pool_spans(tokens, offsets, list(wanted))))
        return out

    def count_model_tokens(self, text: str) -> int:
        return len(text.split()) + 2


def main(seeds: str, data: str, action: str) -> int:
    from index.config import CoreSettings
    from index.engine import Engine
    from index.store import build_lock

    settings = CoreSettings(_env_file=None, seeds_dir=Path(seeds), data_dir=Path(data))  # type: ignore[call-arg]
    if action == "hold":
        with build_lock(settings.index_dir):
            print("holding", flush=True)
            time.sleep(600)
        return 0
    engine = Engine.open(settings, embedder=BagEmbedder(), warm=False)
    engine.reindex()
    engine.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
