"""The saved index: immutable segments, generations that list them, and a `CURRENT` pointer.

    DATA_DIR/index/
      CURRENT                      the name of the live generation (replaced atomically)
      generations/gen-00000042.json  which segments are live, which of their sources are deleted,
                                   and what built them (format, model, chunker)
      segments/seg-…/              one batch of articles: arrays (.npy, memory-mapped when
                                   served), texts, vocabulary, and a manifest with checksums
      .lock                        held by whichever process is rebuilding

A segment is written once and never changed, like Lucene's: adding an article writes a small
new segment, removing one lists it as deleted in the next generation, and a merge concatenates
arrays into one segment without embedding anything again. Publishing a generation is one
atomic rename of `CURRENT`, so every reader (this process, another bot process, an operator's
`python -m index ask`) sees either the old index or the new one, never a mix; readers in other
processes notice the new pointer and load only the segments they don't hold yet.

Arrays are memory-mapped: opening a 100k-passage index reads no vectors into private memory,
and several processes on one machine share the pages.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import logging
import os
import shutil
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from index.records import IndexWriteError, Source

# faiss logs which CPU build it tried, eight INFO lines at every start: noise for operators.
logging.getLogger("faiss.loader").setLevel(logging.WARNING)
log = logging.getLogger(__name__)

FORMAT_VERSION = 4  # 3: the terms read "tonnes" as tons; 4: not "didn" of "didn't" (`lexical.tokenize`)
POINTER = "CURRENT"
LOCK = ".lock"
SEGMENT_MANIFEST = "segment.json"
# Unreferenced segments and generations are deleted only after this long: a reader in another
# process that has just read CURRENT may still be opening them.
GRACE_SECONDS = 120.0
KEEP_GENERATIONS = 3

# The arrays of a segment: name -> dtype. Units are sentences, list items and table rows (and
# the headings between them); chunks are what the dense and lexical retrievers rank.
ARRAYS: dict[str, str] = {
    "unit_src": "int32",  # local source index of each unit
    "unit_pos": "int32",  # (n, 4): start, end, body_start, block in the source's cleaned text
    "unit_kind": "int8",  # index.segment.Kind, by position in KIND_CODES
    "unit_sum": "float16",  # (n, dim): sum of the unit's token vectors from its chunk's pass
    "unit_ntok": "int32",  # tokens in that sum
    "unit_types": "int32",  # bit mask of answer types found in the unit (index.answer_types)
    "unit_text_off": "int64",  # (n + 1): byte offsets of each unit's text in unit_text.bin
    "unit_terms_ptr": "int64",  # (n + 1): CSR row pointers of each unit's term ids
    "unit_terms": "int32",  # local term ids (sorted, unique per unit)
    "chunk_src": "int32",
    "chunk_units": "int32",  # (c, 2): unit range [lo, hi) of each chunk
    "chunk_vec": "float32",  # (c, dim), normalised
    "chunk_len": "float32",  # terms per chunk, for BM25's length normalisation
    "chunk_terms_ptr": "int64",  # (c + 1): CSR row pointers of each chunk's term ids
    "chunk_terms": "int32",  # local term ids (sorted, unique per chunk)
    "chunk_tf": "float32",  # how often each of those terms occurs in the chunk
    "post_ptr": "int64",  # (V + 1): postings pointers per local term id (the CSR, transposed)
    "post_doc": "int32",  # chunk ids of each term's postings
    "post_tf": "float32",  # term frequency in that chunk
    "source_vec": "float32",  # (s, dim): each source's normalised mean chunk vector
}
BLOBS = ("texts.bin", "unit_text.bin")


class IndexMissing(FileNotFoundError):
    """No index has been built in this data folder yet."""


class IndexCorrupt(ValueError):
    """The saved index cannot be trusted; the message says why, in one line."""


class BuildLocked(RuntimeError):
    """Another process is rebuilding this data folder."""


@dataclass(frozen=True)
class SourceEntry:
    """One article inside a segment: its metadata, where it came from, where its data lies."""

    source: Source
    digest: str  # hash of the raw bytes and metadata: a changed article gets a new one
    file: str  # file name in the seeds folder
    chars: int
    opening: str
    unit_lo: int
    unit_hi: int
    chunk_lo: int
    chunk_hi: int
    text_lo: int  # byte span of the cleaned text in texts.bin
    text_hi: int
    furniture: tuple[str, ...] = ()  # the page's lines that are not the story (Document.furniture)

    def shifted(self, units: int, chunks: int, text: int) -> SourceEntry:
        """The same article with its spans moved, for a segment that places it elsewhere."""
        return replace(
            self,
            unit_lo=self.unit_lo + units,
            unit_hi=self.unit_hi + units,
            chunk_lo=self.chunk_lo + chunks,
            chunk_hi=self.chunk_hi + chunks,
            text_lo=self.text_lo + text,
            text_hi=self.text_hi + text,
        )

    def to_json(self) -> dict[str, Any]:
        """Plain data for the segment manifest."""
        data = asdict(self)
        data["source"] = asdict(self.source)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SourceEntry:
        """The inverse of `to_json`."""
        return cls(**{**data, "source": Source(**data["source"]), "furniture": tuple(data.get("furniture", ()))})


@dataclass
class SegmentArrays:
    """A segment in memory, before it is written (built by the indexer or by a merge)."""

    dim: int
    sources: list[SourceEntry] = field(default_factory=list)
    texts: bytes = b""
    unit_text: bytes = b""
    vocab: list[str] = field(default_factory=list)
    surface: dict[str, int] = field(default_factory=dict)  # word -> units containing it
    arrays: dict[str, np.ndarray] = field(default_factory=dict)


@dataclass(frozen=True)
class Generation:
    """One published state of the index: its segments and what built it."""

    seq: int
    format_version: int
    model: str
    dim: int
    chunker: dict[str, Any]
    built_at: str
    segments: tuple[tuple[str, tuple[int, ...]], ...]  # (segment name, deleted source indexes)
    manifest_digest: str  # hash of sources.toml as it was read
    # file -> (size, mtime_ns, content digest, metadata digest): unchanged files are not read
    files: dict[str, tuple[int, int, str, str]] = field(default_factory=dict)
    skipped: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # file -> stat, why

    @property
    def name(self) -> str:
        """File name of this generation."""
        return f"gen-{self.seq:08d}.json"

    def mismatch(self, *, model: str, dim: int | None, chunker: dict[str, Any]) -> str:
        """Why this index does not fit the present settings ("" if it does)."""
        if self.format_version != FORMAT_VERSION:
            return f"format {self.format_version} != {FORMAT_VERSION}"
        if self.model != model:
            return f"built with model {self.model!r}, settings say {model!r}"
        if dim is not None and self.dim != dim:
            return f"vectors have {self.dim} dimensions, the model gives {dim}"
        if self.chunker != chunker:
            return "chunker parameters changed"
        return ""

    def to_json(self) -> dict[str, Any]:
        """Plain data for the generation file."""
        data = asdict(self)
        data["segments"] = [{"name": n, "deleted": list(d)} for n, d in self.segments]
        data["files"] = {k: list(v) for k, v in self.files.items()}
        data["skipped"] = {k: list(v) for k, v in self.skipped.items()}
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Generation:
        """The inverse of `to_json`; raises KeyError/TypeError/ValueError on a bad file."""
        return cls(
            seq=int(data["seq"]),
            format_version=int(data["format_version"]),
            model=str(data["model"]),
            dim=int(data["dim"]),
            chunker=dict(data["chunker"]),
            built_at=str(data["built_at"]),
            segments=tuple(
                (str(s["name"]), tuple(int(i) for i in s["deleted"])) for s in data["segments"]
            ),
            manifest_digest=str(data.get("manifest_digest", "")),
            files={
                str(k): (int(v[0]), int(v[1]), str(v[2]), str(v[3]))
                for k, v in dict(data.get("files", {})).items()
            },
            skipped={
                str(k): (int(v[0]), int(v[1]), str(v[2]))
                for k, v in dict(data.get("skipped", {})).items()
            },
        )


# --- writing ----------------------------------------------------------------------------------


def _digest(path: Path) -> str:
    h = hashlib.blake2b(digest_size=16)
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


def _write_bytes(path: Path, data: bytes) -> None:
    with path.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _write_error(exc: OSError, what: str) -> IndexWriteError:
    if exc.errno == errno.ENOSPC:
        return IndexWriteError(exc.errno, f"disk full while writing {what}; the index in use is unchanged")
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return IndexWriteError(exc.errno, f"cannot write {what} ({exc.strerror}); the index in use is unchanged")
    return IndexWriteError(exc.errno or 0, f"cannot write {what}: {exc}")


def write_segment(index_dir: Path, seg: SegmentArrays) -> str:
    """Write a segment folder atomically (temp folder, then rename); returns its name."""
    name = f"seg-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
    root = index_dir / "segments"
    tmp = root / f".{name}.tmp"
    try:
        root.mkdir(parents=True, exist_ok=True)
        tmp.mkdir()
        files: dict[str, str] = {}
        for key, dtype in ARRAYS.items():
            array = np.ascontiguousarray(seg.arrays[key], dtype=dtype)
            with (tmp / f"{key}.npy").open("wb") as fh:
                np.save(fh, array, allow_pickle=False)
                fh.flush()
                os.fsync(fh.fileno())
        _write_bytes(tmp / "texts.bin", seg.texts)
        _write_bytes(tmp / "unit_text.bin", seg.unit_text)
        for path in sorted(tmp.iterdir()):
            files[path.name] = _digest(path)
        manifest = {
            "format_version": FORMAT_VERSION,
            "dim": seg.dim,
            "units": len(seg.arrays["unit_src"]),
            "chunks": len(seg.arrays["chunk_src"]),
            "sources": [s.to_json() for s in seg.sources],
            "vocab": seg.vocab,
            "surface": seg.surface,
            "files": files,
        }
        _write_bytes(tmp / SEGMENT_MANIFEST, json.dumps(manifest, ensure_ascii=False).encode())
        _fsync_dir(tmp)
        tmp.rename(root / name)
        _fsync_dir(root)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise _write_error(exc, "the index") from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return name


def publish(index_dir: Path, generation: Generation) -> None:
    """Write a generation file and point CURRENT at it, atomically; then tidy old files."""
    gens = index_dir / "generations"
    try:
        gens.mkdir(parents=True, exist_ok=True)
        tmp = gens / f".{generation.name}.tmp"
        _write_bytes(tmp, json.dumps(generation.to_json(), indent=1, ensure_ascii=False).encode())
        os.replace(tmp, gens / generation.name)
        pointer_tmp = index_dir / f".{POINTER}.tmp"
        _write_bytes(pointer_tmp, generation.name.encode())
        os.replace(pointer_tmp, index_dir / POINTER)
        _fsync_dir(index_dir)
    except OSError as exc:
        raise _write_error(exc, "the index") from exc
    tidy(index_dir)


def tidy(index_dir: Path, *, grace: float = GRACE_SECONDS) -> None:
    """Delete generations and segments no recent generation uses, and stale temp folders.

    Only files older than `grace` go, so a reader that has just read an older pointer can still
    open what it names; a failure to delete is harmless (the next tidy tries again).
    """
    now = time.time()
    gens_dir = index_dir / "generations"
    seg_dir = index_dir / "segments"
    try:
        names = sorted(p.name for p in gens_dir.glob("gen-*.json"))
    except OSError:
        return
    keep = set(names[-KEEP_GENERATIONS:])
    used: set[str] = set()
    for name in names:
        path = gens_dir / name
        old = _age(path, now) > grace
        if name not in keep and old:
            path.unlink(missing_ok=True)
            continue
        try:
            used.update(s for s, _ in _read_generation(path).segments)
        except IndexCorrupt:
            continue
    # The first version's builds ("build-*" folders) are never read again once replaced.
    first_version = list(index_dir.glob("build-*"))
    for path in list(seg_dir.glob("*")) + list(gens_dir.glob(".*.tmp")) + list(index_dir.glob(".*.tmp")) + first_version:
        stale_tmp = (path.name.startswith(".") and path.name.endswith(".tmp")) or path.name.startswith("build-")
        if (stale_tmp or path.name not in used) and _age(path, now) > grace:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


def _age(path: Path, now: float) -> float:
    try:
        return now - path.stat().st_mtime
    except OSError:
        return 0.0


# --- reading ----------------------------------------------------------------------------------


def current_name(index_dir: Path) -> str:
    """The name of the live generation; IndexMissing or IndexCorrupt."""
    pointer = index_dir / POINTER
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError as exc:
        raise IndexMissing(f"no index in {index_dir}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise IndexCorrupt(f"{pointer} unreadable: {exc}") from exc
    if name.startswith("build-") and "/" not in name:
        raise IndexCorrupt("the saved index is in the first version's format")
    if not name.startswith("gen-") or "/" in name:
        raise IndexCorrupt(f"{pointer} names no generation ({name[:40]!r})")
    return name


def _read_generation(path: Path) -> Generation:
    try:
        return Generation.from_json(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError as exc:
        raise IndexCorrupt(f"{path.name} is missing") from exc
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IndexCorrupt(f"{path.name} unreadable: {exc}") from exc


def read_current(index_dir: Path) -> Generation:
    """The live generation (without loading any segment)."""
    return _read_generation(index_dir / "generations" / current_name(index_dir))


def next_seq(index_dir: Path) -> int:
    """A sequence number above every generation written so far."""
    names = [p.name for p in (index_dir / "generations").glob("gen-*.json")]
    seqs = [int(n[4:12]) for n in names if n[4:12].isdigit()]
    return max(seqs, default=0) + 1


@dataclass(frozen=True)
class StoredSegment:
    """A segment opened for reading: its manifest and memory-mapped arrays."""

    name: str
    dim: int
    sources: tuple[SourceEntry, ...]
    vocab: tuple[str, ...]
    surface: dict[str, int]
    arrays: dict[str, np.ndarray]
    texts: np.ndarray  # uint8, memory-mapped
    unit_text: np.ndarray

    @property
    def units(self) -> int:
        """How many units the segment holds."""
        return len(self.arrays["unit_src"])

    @property
    def chunks(self) -> int:
        """How many chunks the segment holds."""
        return len(self.arrays["chunk_src"])

    def source_text(self, local: int) -> str:
        """The cleaned text of one of its sources."""
        entry = self.sources[local]
        return bytes(self.texts[entry.text_lo : entry.text_hi]).decode("utf-8", "surrogatepass")

    def unit_text_of(self, unit: int) -> str:
        """The quotable text of one unit (a table row: its labelled rendering)."""
        off = self.arrays["unit_text_off"]
        return bytes(self.unit_text[int(off[unit]) : int(off[unit + 1])]).decode(
            "utf-8", "surrogatepass"
        )


def load_segment(index_dir: Path, name: str, *, verify: bool = True) -> StoredSegment:
    """Open a segment; IndexCorrupt (one line) if anything is missing or damaged."""
    folder = index_dir / "segments" / name
    try:
        manifest = json.loads((folder / SEGMENT_MANIFEST).read_text(encoding="utf-8"))
        files: dict[str, str] = manifest["files"]
        expected = {f"{k}.npy" for k in ARRAYS} | set(BLOBS)
        if set(files) != expected:
            raise IndexCorrupt(f"segment {name} lists the wrong files")
        if verify:
            for file, digest in files.items():
                if _digest(folder / file) != digest:
                    raise IndexCorrupt(f"segment {name}: {file} is damaged (checksum mismatch)")
        arrays = {
            key: np.load(folder / f"{key}.npy", mmap_mode="r", allow_pickle=False)
            for key in ARRAYS
        }
        texts = _map_bytes(folder / "texts.bin")
        unit_text = _map_bytes(folder / "unit_text.bin")
        segment = StoredSegment(
            name=name,
            dim=int(manifest["dim"]),
            sources=tuple(SourceEntry.from_json(s) for s in manifest["sources"]),
            vocab=tuple(manifest["vocab"]),
            surface={str(k): int(v) for k, v in manifest["surface"].items()},
            arrays=arrays,
            texts=texts,
            unit_text=unit_text,
        )
    except IndexCorrupt:
        raise
    except FileNotFoundError as exc:
        raise IndexCorrupt(f"segment {name}: {Path(exc.filename or '').name or 'a file'} is missing") from exc
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IndexCorrupt(f"segment {name} unreadable: {exc}") from exc
    _check_shapes(segment)
    return segment


def _map_bytes(path: Path) -> np.ndarray:
    if path.stat().st_size == 0:
        return np.zeros(0, dtype=np.uint8)
    return np.memmap(path, dtype=np.uint8, mode="r")


def _check_shapes(seg: StoredSegment) -> None:
    a = seg.arrays
    n, c, s = len(a["unit_src"]), len(a["chunk_src"]), len(seg.sources)
    checks = [
        a["unit_pos"].shape == (n, 4),
        a["unit_kind"].shape == (n,),
        a["unit_sum"].shape == (n, seg.dim),
        a["unit_ntok"].shape == (n,),
        a["unit_types"].shape == (n,),
        a["unit_text_off"].shape == (n + 1,),
        a["unit_terms_ptr"].shape == (n + 1,),
        a["chunk_units"].shape == (c, 2),
        a["chunk_vec"].shape == (c, seg.dim),
        a["chunk_len"].shape == (c,),
        a["chunk_terms_ptr"].shape == (c + 1,),
        a["chunk_terms"].shape == a["chunk_tf"].shape,
        a["post_ptr"].shape == (len(seg.vocab) + 1,),
        a["post_doc"].shape == a["post_tf"].shape,
        a["source_vec"].shape == (s, seg.dim),
    ]
    if not all(checks):
        raise IndexCorrupt(f"segment {seg.name}: array shapes do not match its manifest")


# --- one rebuild at a time, across processes --------------------------------------------------


# Data folders whose lock this process holds. POSIX record locks belong to a process, not a
# descriptor: a second `lockf` from this process would succeed, and closing its descriptor
# would release the first holder's lock as well, letting another process in.
_HELD: set[str] = set()
_HELD_GUARD = threading.Lock()


@contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """Hold the data folder's rebuild lock, or raise BuildLocked at once.

    A POSIX record lock (`lockf`), which NFS and most shared volumes honour, so processes on
    several machines sharing DATA_DIR rebuild one at a time; within this process, a set of the
    folders held. The lock dies with its process: a killed build never leaves the folder locked.
    """
    key = str(index_dir.resolve())
    with _HELD_GUARD:
        if key in _HELD:
            raise BuildLocked("another rebuild of the index is running in this process")
        _HELD.add(key)
    try:
        with _process_lock(index_dir):
            yield
    finally:
        with _HELD_GUARD:
            _HELD.discard(key)


@contextmanager
def _process_lock(index_dir: Path) -> Iterator[None]:
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(index_dir / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise _write_error(exc, "the index") from exc
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EAGAIN):
                raise BuildLocked("another process is rebuilding the index") from exc
            raise
        try:
            yield
        finally:
            fcntl.lockf(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
