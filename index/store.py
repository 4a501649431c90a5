"""The saved index: FAISS vectors, records, and a manifest that says what built them.

Each build is written to a folder of its own and published by atomically replacing a small
`CURRENT` pointer file, so a reader (another process, or a crash halfway) sees either the old
index or the new one, never a mix. The manifest records the format version, model, dimension,
chunker parameters, corpus hash and a checksum of every file, so a stale or damaged index is
recognised on load and rebuilt instead of crashing.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from index.chunking import Window
from index.records import Chunk, Source, SourceSummary

# faiss logs which CPU build it tried, eight INFO lines at every start: noise for operators.
logging.getLogger("faiss.loader").setLevel(logging.WARNING)

FORMAT_VERSION = 1
POINTER = "CURRENT"
MANIFEST = "manifest.json"
RECORDS = "records.json"
CHUNK_INDEX = "chunks.faiss"
WINDOW_VECTORS = "windows.npy"


class IndexMissing(FileNotFoundError):
    """No index has been built in this data folder yet."""


class IndexCorrupt(ValueError):
    """The saved index cannot be trusted; the message says why, in one line."""


@dataclass(frozen=True)
class Manifest:
    """What a saved index was built from; any difference from the present means rebuild."""

    format_version: int
    model: str
    dim: int
    chunker: dict[str, Any]
    corpus_hash: str
    built_at: str
    chunks: int
    windows: int
    per_source: dict[str, int]  # source id -> chunk count
    files: dict[str, str] = field(default_factory=dict)  # file name -> sha256

    def mismatch(
        self, *, model: str, dim: int | None, chunker: dict[str, Any], corpus_hash: str
    ) -> str:
        """Why this index does not fit the present settings and corpus ("" if it does)."""
        if self.format_version != FORMAT_VERSION:
            return f"format {self.format_version} != {FORMAT_VERSION}"
        if self.model != model:
            return f"built with model {self.model!r}, settings say {model!r}"
        if dim is not None and self.dim != dim:
            return f"vectors have {self.dim} dimensions, the model gives {dim}"
        if self.chunker != chunker:
            return "chunker parameters changed"
        if self.corpus_hash != corpus_hash:
            return "the articles changed"
        return ""


@dataclass(frozen=True)
class IndexData:
    """Everything a search needs, in memory."""

    manifest: Manifest
    summaries: tuple[SourceSummary, ...]
    digests: dict[str, str]  # source id -> content digest, to report what a rebuild changed
    chunks: tuple[Chunk, ...]
    chunk_vecs: np.ndarray
    windows: tuple[Window, ...]
    window_vecs: np.ndarray


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write(path: Path, data: bytes) -> None:
    with path.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def save(data: IndexData, index_dir: Path) -> Path:
    """Write a new build folder, then point CURRENT at it atomically; old builds are removed."""
    import faiss

    index_dir.mkdir(parents=True, exist_ok=True)
    name = f"build-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
    tmp = index_dir / f".{name}.tmp"
    tmp.mkdir()
    try:
        flat = faiss.IndexFlatIP(data.manifest.dim)
        if len(data.chunk_vecs):
            flat.add(np.ascontiguousarray(data.chunk_vecs, dtype=np.float32))
        _write(tmp / CHUNK_INDEX, faiss.serialize_index(flat).tobytes())
        with (tmp / WINDOW_VECTORS).open("wb") as fh:
            np.save(fh, np.ascontiguousarray(data.window_vecs, dtype=np.float32))
            fh.flush()
            os.fsync(fh.fileno())
        records = {
            "sources": [
                {
                    **asdict(s.source),
                    "chunks": s.chunks,
                    "chars": s.chars,
                    "opening": s.opening,
                    "digest": data.digests.get(s.source.id, ""),
                }
                for s in data.summaries
            ],
            "chunks": [asdict(c) for c in data.chunks],
            "windows": [asdict(w) for w in data.windows],
        }
        _write(tmp / RECORDS, json.dumps(records, ensure_ascii=False).encode())
        files = {n: _sha256(tmp / n) for n in (CHUNK_INDEX, WINDOW_VECTORS, RECORDS)}
        manifest = {**asdict(data.manifest), "files": files}
        _write(tmp / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False).encode())
        _fsync_dir(tmp)
        final = index_dir / name
        tmp.rename(final)
        _write(index_dir / f".{POINTER}.tmp", name.encode())
        os.replace(index_dir / f".{POINTER}.tmp", index_dir / POINTER)
        _fsync_dir(index_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    for old in index_dir.iterdir():
        if old.is_dir() and old.name != name:
            shutil.rmtree(old, ignore_errors=True)
    return final


def read_manifest(index_dir: Path) -> Manifest:
    """The manifest of the current build, without loading vectors."""
    folder = _current(index_dir)
    try:
        raw = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        manifest = Manifest(**raw)
        if not isinstance(manifest.files, dict):
            raise TypeError("files is not a table of checksums")
        return manifest
    except (OSError, ValueError, TypeError) as exc:
        raise IndexCorrupt(f"manifest unreadable: {exc}") from exc


def _current(index_dir: Path) -> Path:
    pointer = index_dir / POINTER
    if not pointer.exists():
        raise IndexMissing(f"no index in {index_dir}")
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise IndexCorrupt(f"{pointer} unreadable: {exc}") from exc
    folder = index_dir / name
    if not name or "/" in name or not folder.is_dir():
        raise IndexCorrupt(f"{pointer} points at a missing build {name!r}")
    return folder


def load(index_dir: Path) -> IndexData:
    """Load and verify the current build; raises IndexMissing or IndexCorrupt (one line)."""
    import faiss

    folder = _current(index_dir)
    manifest = read_manifest(index_dir)
    for name, digest in manifest.files.items():
        path = folder / name
        if not path.exists():
            raise IndexCorrupt(f"{name} is missing")
        if _sha256(path) != digest:
            raise IndexCorrupt(f"{name} is damaged (checksum mismatch)")
    if set(manifest.files) != {CHUNK_INDEX, WINDOW_VECTORS, RECORDS}:
        raise IndexCorrupt("manifest lists the wrong files")
    try:
        records = json.loads((folder / RECORDS).read_text(encoding="utf-8"))
        flat = faiss.deserialize_index(np.fromfile(folder / CHUNK_INDEX, dtype=np.uint8))
        chunk_vecs = (
            flat.reconstruct_n(0, flat.ntotal)
            if flat.ntotal
            else np.zeros((0, manifest.dim), np.float32)
        )
        window_vecs = np.load(folder / WINDOW_VECTORS, allow_pickle=False)
        summaries = []
        digests = {}
        for s in records["sources"]:
            source = Source(
                **{k: s[k] for k in ("id", "title", "outlet", "author", "published", "url")}
            )
            summaries.append(SourceSummary(source, s["chunks"], s["chars"], s["opening"]))
            digests[source.id] = s["digest"]
        chunks = tuple(Chunk(**c) for c in records["chunks"])
        windows = tuple(Window(**w) for w in records["windows"])
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as exc:
        raise IndexCorrupt(f"records unreadable: {exc}") from exc
    if chunk_vecs.shape != (len(chunks), manifest.dim) or window_vecs.shape != (
        len(windows),
        manifest.dim,
    ):
        raise IndexCorrupt("vector counts do not match the records")
    return IndexData(
        manifest=manifest,
        summaries=tuple(summaries),
        digests=digests,
        chunks=chunks,
        chunk_vecs=np.asarray(chunk_vecs, dtype=np.float32),
        windows=windows,
        window_vecs=np.asarray(window_vecs, dtype=np.float32),
    )
