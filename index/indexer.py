"""Building the index: from the seeds folder to segments, embedding only what is new.

A rebuild compares the folder with the live generation before reading anything: a file whose
size, modification time and metadata entry are unchanged is not even opened, so an unchanged
rebuild of 100,000 passages is a few thousand `stat` calls. Changed and new articles are
cleaned, cut into units and chunks, embedded (one model pass per chunk; cached, so a killed
build resumes) and written as one new segment; removed and changed ones are listed as deleted
in the next generation. When segments pile up or are mostly deleted, they are merged by
concatenating arrays: nothing is embedded twice.

Pure steps (`prepare`, `document_part`, `stored_part`, `assemble`, `postings`) are separate
from the one that touches the model and the disk (`Indexer.update`), and tested apart.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from index import store
from index.answer_types import type_mask
from index.chunking import ChunkParams, ChunkPlan, plan_chunks
from index.corpus import MANIFEST_NAME, METADATA_FIELDS, load_document, read_metadata, scan_folder
from index.embed import Embedder, EmbeddingCache, Pooled, embed_cached, normalize_rows
from index.lexical import surface_words, tokenize
from index.records import CorpusError, Document
from index.segment import Kind, Unit, segment
from index.store import Generation, SegmentArrays, SourceEntry, StoredSegment
from index.text import UndecodableError
from index.tokens import count_tokens

log = logging.getLogger(__name__)
_corpus_log = logging.getLogger("index.corpus")  # skips are logged where the loader logs them

KIND_CODES: tuple[Kind, ...] = tuple(Kind)
MAX_SEGMENTS = 8  # more than this after an update: merge the small ones
MAX_DELETED_SHARE = 0.25  # a segment with more of its chunks deleted is rewritten
Progress = Callable[[str, int, int], None]  # (stage, done, total)


# --- pure steps -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Prepared:
    """One article cut into units (pieces that fit a chunk) and chunks over them."""

    doc: Document
    file: str
    units: tuple[Unit, ...]
    plans: tuple[ChunkPlan, ...]

    def model_inputs(self) -> tuple[list[str], list[list[tuple[int, int]]]]:
        """The texts the model reads (one per chunk) and the unit spans to pool in each."""
        texts = [p.chunk.embed_text for p in self.plans]
        spans = [[s for s in p.spans if s is not None] for p in self.plans]
        return texts, spans


def prepare(doc: Document, params: ChunkParams, count: Callable[[str], int] = count_tokens) -> Prepared:
    """Units and chunk plans of one document (pure)."""
    units, plans = plan_chunks(
        segment(doc.clean),
        doc.clean,
        source_id=doc.source.id,
        title=doc.source.title,
        count=count,
        params=params,
    )
    return Prepared(doc, Path(doc.path).name, tuple(units), tuple(plans))


def opening_of(clean: str) -> str:
    """The first lines of an article, for `/sources`."""
    return "\n".join(clean.split("\n")[:6])[:600]


@dataclass
class Part:
    """Sources with their arrays, in some vocabulary, ready to be put into a segment."""

    vocab: Sequence[str]
    sources: list[SourceEntry]
    texts: bytes
    unit_text: bytes
    arrays: dict[str, np.ndarray]
    surface: dict[str, int] = field(default_factory=dict)


def _csr(rows: Sequence[Sequence[int]], values: Sequence[Sequence[float]] | None = None) -> tuple[np.ndarray, ...]:
    lengths = np.array([len(r) for r in rows], dtype=np.int64)
    ptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(lengths, out=ptr[1:])
    flat = np.array([i for r in rows for i in r], dtype=np.int32)
    if values is None:
        return ptr, flat
    vals = np.array([v for r in values for v in r], dtype=np.float32)
    return ptr, flat, vals


def document_part(prepared: Prepared, pooled: Sequence[Pooled], dim: int) -> Part:
    """A fresh document's arrays, from its plans and the model's pooled output (pure)."""
    doc, units, plans = prepared.doc, prepared.units, prepared.plans
    vocab: dict[str, int] = {}

    def ids(terms: Sequence[str]) -> list[int]:
        return [vocab.setdefault(t, len(vocab)) for t in terms]

    n = len(units)
    unit_sum = np.zeros((n, dim), dtype=np.float32)
    unit_ntok = np.zeros(n, dtype=np.int32)
    for plan, result in zip(plans, pooled, strict=True):
        read = [plan.lo + k for k, span in enumerate(plan.spans) if span is not None]
        for row, unit in enumerate(read):
            unit_sum[unit] += result.span_sums[row]
            unit_ntok[unit] += int(result.span_tokens[row])
    unit_terms = [sorted(set(ids(tokenize(u.text)))) for u in units]
    chunk_terms: list[list[int]] = []
    chunk_tf: list[list[float]] = []
    chunk_len: list[float] = []
    for plan in plans:
        counts = Counter(ids(tokenize(plan.chunk.embed_text)))
        keys = sorted(counts)
        chunk_terms.append(keys)
        chunk_tf.append([float(counts[k]) for k in keys])
        chunk_len.append(float(sum(counts.values())))
    encoded = [u.text.encode("utf-8", "surrogatepass") for u in units]
    text_off = np.zeros(n + 1, dtype=np.int64)
    np.cumsum([len(e) for e in encoded], out=text_off[1:])
    surface: Counter[str] = Counter()
    for u in units:
        if u.kind is not Kind.TABLE_HEADER:
            surface.update(set(surface_words(u.text)))
    chunk_vec = (
        np.stack([p.vector for p in pooled]).astype(np.float32)
        if pooled
        else np.zeros((0, dim), np.float32)
    )
    source_vec = normalize_rows(chunk_vec.mean(axis=0, keepdims=True)) if len(chunk_vec) else np.zeros((1, dim), np.float32)
    clean_bytes = doc.clean.encode("utf-8", "surrogatepass")
    unit_ptr, unit_ids = _csr(unit_terms)
    chunk_ptr, chunk_ids, chunk_vals = _csr(chunk_terms, chunk_tf)
    entry = SourceEntry(
        source=doc.source,
        digest=doc.digest,
        file=prepared.file,
        chars=len(doc.clean),
        opening=opening_of(doc.clean),
        unit_lo=0,
        unit_hi=n,
        chunk_lo=0,
        chunk_hi=len(plans),
        text_lo=0,
        text_hi=len(clean_bytes),
        furniture=doc.furniture,
    )
    arrays = {
        "unit_src": np.zeros(n, dtype=np.int32),
        "unit_pos": np.array(
            [(u.start, u.end, u.body_start, u.block) for u in units], dtype=np.int32
        ).reshape(n, 4),
        "unit_kind": np.array([KIND_CODES.index(u.kind) for u in units], dtype=np.int8),
        "unit_sum": unit_sum,
        "unit_ntok": unit_ntok,
        "unit_types": np.array([type_mask(u.text) for u in units], dtype=np.int32),
        "unit_text_off": text_off,
        "unit_terms_ptr": unit_ptr,
        "unit_terms": unit_ids,
        "chunk_src": np.zeros(len(plans), dtype=np.int32),
        "chunk_units": np.array([(p.lo, p.hi) for p in plans], dtype=np.int32).reshape(-1, 2),
        "chunk_vec": chunk_vec,
        "chunk_len": np.array(chunk_len, dtype=np.float32),
        "chunk_terms_ptr": chunk_ptr,
        "chunk_terms": chunk_ids,
        "chunk_tf": chunk_vals,
        "source_vec": source_vec,
    }
    ordered = sorted(vocab, key=vocab.__getitem__)
    return Part(ordered, [entry], clean_bytes, b"".join(encoded), arrays, dict(surface))


def _ranges(pairs: Sequence[tuple[int, int]]) -> np.ndarray:
    if not pairs:
        return np.zeros(0, dtype=np.int64)
    return np.concatenate([np.arange(lo, hi, dtype=np.int64) for lo, hi in pairs])


def stored_part(seg: StoredSegment, keep: Sequence[int]) -> Part:
    """The kept sources of a saved segment as a Part (for a merge), nothing re-embedded."""
    a = seg.arrays
    entries: list[SourceEntry] = []
    text_chunks: list[bytes] = []
    utext_chunks: list[bytes] = []
    text_off = [0]
    unit_rows: list[tuple[int, int]] = []
    chunk_rows: list[tuple[int, int]] = []
    unit_base = chunk_base = text_base = 0
    unit_src: list[np.ndarray] = []
    chunk_src: list[np.ndarray] = []
    chunk_units: list[np.ndarray] = []
    off = a["unit_text_off"]
    for new, local in enumerate(sorted(keep)):
        e = seg.sources[local]
        nu, nc = e.unit_hi - e.unit_lo, e.chunk_hi - e.chunk_lo
        text = bytes(seg.texts[e.text_lo : e.text_hi])
        entries.append(e.shifted(unit_base - e.unit_lo, chunk_base - e.chunk_lo, text_base - e.text_lo))
        text_chunks.append(text)
        lo_b, hi_b = int(off[e.unit_lo]), int(off[e.unit_hi])
        utext_chunks.append(bytes(seg.unit_text[lo_b:hi_b]))
        base = text_off[-1]
        text_off.extend((np.asarray(off[e.unit_lo + 1 : e.unit_hi + 1]) - lo_b + base).tolist())
        unit_rows.append((e.unit_lo, e.unit_hi))
        chunk_rows.append((e.chunk_lo, e.chunk_hi))
        unit_src.append(np.full(nu, new, dtype=np.int32))
        chunk_src.append(np.full(nc, new, dtype=np.int32))
        chunk_units.append(np.asarray(a["chunk_units"][e.chunk_lo : e.chunk_hi]) - e.unit_lo + unit_base)
        unit_base += nu
        chunk_base += nc
        text_base += len(text)
    units = _ranges(unit_rows)
    chunks = _ranges(chunk_rows)

    def rows(ptr_key: str, val_keys: Sequence[str], which: np.ndarray) -> list[np.ndarray]:
        ptr = np.asarray(a[ptr_key])
        starts, ends = ptr[which], ptr[which + 1]
        lengths = ends - starts
        new_ptr = np.zeros(len(which) + 1, dtype=np.int64)
        np.cumsum(lengths, out=new_ptr[1:])
        take = _ranges(list(zip(starts.tolist(), ends.tolist(), strict=True)))
        return [new_ptr, *[np.asarray(a[k])[take] for k in val_keys]]

    unit_ptr, unit_terms = rows("unit_terms_ptr", ["unit_terms"], units)
    chunk_ptr, chunk_terms, chunk_tf = rows("chunk_terms_ptr", ["chunk_terms", "chunk_tf"], chunks)
    dim = seg.dim
    part_arrays = {
        "unit_src": np.concatenate(unit_src) if unit_src else np.zeros(0, np.int32),
        "unit_pos": np.asarray(a["unit_pos"])[units].reshape(-1, 4),
        "unit_kind": np.asarray(a["unit_kind"])[units],
        "unit_sum": np.asarray(a["unit_sum"])[units].reshape(-1, dim),
        "unit_ntok": np.asarray(a["unit_ntok"])[units],
        "unit_types": np.asarray(a["unit_types"])[units],
        "unit_text_off": np.array(text_off, dtype=np.int64),
        "unit_terms_ptr": unit_ptr,
        "unit_terms": unit_terms,
        "chunk_src": np.concatenate(chunk_src) if chunk_src else np.zeros(0, np.int32),
        "chunk_units": np.concatenate(chunk_units).reshape(-1, 2) if chunk_units else np.zeros((0, 2), np.int32),
        "chunk_vec": np.asarray(a["chunk_vec"])[chunks].reshape(-1, dim),
        "chunk_len": np.asarray(a["chunk_len"])[chunks],
        "chunk_terms_ptr": chunk_ptr,
        "chunk_terms": chunk_terms,
        "chunk_tf": chunk_tf,
        "source_vec": np.asarray(a["source_vec"])[sorted(keep)].reshape(-1, dim),
    }
    utext = b"".join(utext_chunks)
    if len(keep) == len(seg.sources):
        surface = dict(seg.surface)
    else:  # words of deleted articles must not count as known to the corpus
        counter: Counter[str] = Counter()
        offs = part_arrays["unit_text_off"]
        header = KIND_CODES.index(Kind.TABLE_HEADER)
        for i in range(len(units)):
            if part_arrays["unit_kind"][i] == header:
                continue  # column names are not words of the text (as in document_part)
            counter.update(set(surface_words(utext[offs[i] : offs[i + 1]].decode("utf-8", "surrogatepass"))))
        surface = dict(counter)
    return Part(seg.vocab, entries, b"".join(text_chunks), utext, part_arrays, surface)


def postings(
    chunk_ptr: np.ndarray, chunk_terms: np.ndarray, chunk_tf: np.ndarray, n_terms: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The chunk-by-term matrix transposed: for each term, the chunks holding it and how often."""
    docs = np.repeat(np.arange(len(chunk_ptr) - 1, dtype=np.int32), np.diff(chunk_ptr))
    order = np.argsort(chunk_terms, kind="stable")
    counts = np.bincount(chunk_terms, minlength=n_terms)
    ptr = np.zeros(n_terms + 1, dtype=np.int64)
    np.cumsum(counts, out=ptr[1:])
    return ptr, docs[order].astype(np.int32), np.asarray(chunk_tf)[order].astype(np.float32)


def assemble(parts: Sequence[Part], dim: int) -> SegmentArrays:
    """Concatenate parts into one segment: one vocabulary, offsets shifted, postings built."""
    vocab: dict[str, int] = {}
    out: dict[str, list[np.ndarray]] = {k: [] for k in store.ARRAYS}
    sources: list[SourceEntry] = []
    texts: list[bytes] = []
    utexts: list[bytes] = []
    surface: Counter[str] = Counter()
    unit_base = chunk_base = source_base = text_base = utext_base = 0
    unit_off = [np.zeros(1, dtype=np.int64)]
    unit_ptr = [np.zeros(1, dtype=np.int64)]
    chunk_ptr = [np.zeros(1, dtype=np.int64)]
    for part in parts:
        a = part.arrays
        mapping = np.array([vocab.setdefault(t, len(vocab)) for t in part.vocab], dtype=np.int32)
        for e in part.sources:
            sources.append(e.shifted(unit_base, chunk_base, text_base))
        out["unit_src"].append(a["unit_src"] + source_base)
        out["chunk_src"].append(a["chunk_src"] + source_base)
        out["chunk_units"].append(np.asarray(a["chunk_units"]).reshape(-1, 2) + unit_base)
        for key in ("unit_pos", "unit_kind", "unit_sum", "unit_ntok", "unit_types", "chunk_vec", "chunk_len", "chunk_tf", "source_vec"):
            out[key].append(np.asarray(a[key]))
        out["unit_terms"].append(mapping[a["unit_terms"]] if len(a["unit_terms"]) else a["unit_terms"])
        out["chunk_terms"].append(mapping[a["chunk_terms"]] if len(a["chunk_terms"]) else a["chunk_terms"])
        unit_off.append(np.asarray(a["unit_text_off"][1:]) + utext_base)
        unit_ptr.append(np.asarray(a["unit_terms_ptr"][1:]) + unit_ptr[-1][-1])
        chunk_ptr.append(np.asarray(a["chunk_terms_ptr"][1:]) + chunk_ptr[-1][-1])
        texts.append(part.texts)
        utexts.append(part.unit_text)
        surface.update(part.surface)
        unit_base += len(a["unit_src"])
        chunk_base += len(a["chunk_src"])
        source_base += len(part.sources)
        text_base += len(part.texts)
        utext_base += len(part.unit_text)
    arrays: dict[str, np.ndarray] = {}
    shapes = {"unit_pos": (0, 4), "unit_sum": (0, dim), "chunk_units": (0, 2), "chunk_vec": (0, dim), "source_vec": (0, dim)}
    for key, values in out.items():
        if key in ("unit_text_off", "unit_terms_ptr", "chunk_terms_ptr", "post_ptr", "post_doc", "post_tf"):
            continue
        dtype = store.ARRAYS[key]
        arrays[key] = (
            np.concatenate(values).astype(dtype)
            if values
            else np.zeros(shapes.get(key, (0,)), dtype=dtype)
        )
    arrays["unit_text_off"] = np.concatenate(unit_off)
    arrays["unit_terms_ptr"] = np.concatenate(unit_ptr)
    arrays["chunk_terms_ptr"] = np.concatenate(chunk_ptr)
    terms = sorted(vocab, key=vocab.__getitem__)
    arrays["post_ptr"], arrays["post_doc"], arrays["post_tf"] = postings(
        arrays["chunk_terms_ptr"], arrays["chunk_terms"], arrays["chunk_tf"], len(terms)
    )
    return SegmentArrays(
        dim=dim,
        sources=sources,
        texts=b"".join(texts),
        unit_text=b"".join(utexts),
        vocab=terms,
        surface=dict(surface),
        arrays=arrays,
    )


# --- comparing the folder with the live index -------------------------------------------------


def _meta_digest(entry: dict[str, str] | None) -> str:
    data = json.dumps({k: (entry or {}).get(k, "") for k in METADATA_FIELDS}, sort_keys=True)
    return hashlib.sha256(data.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class FolderState:
    """The seeds folder as it is now: metadata, and the stat of every article file."""

    manifest: dict[str, dict[str, str]]
    manifest_digest: str
    warnings: tuple[str, ...]
    files: dict[str, tuple[Path, int, int]]  # file name -> (path, size, mtime_ns)
    duplicates: tuple[str, ...]  # files skipped because their stem (the source id) is taken


def scan(seeds_dir: Path) -> FolderState:
    """Stat the folder's articles and read its metadata, without reading any article."""
    paths, refused = scan_folder(seeds_dir)
    manifest_path = seeds_dir / MANIFEST_NAME
    try:
        raw = manifest_path.read_bytes() if manifest_path.is_file() else b""
    except OSError:
        raw = b""
    manifest, warnings = read_metadata(seeds_dir, {p.name for p in paths} | set(refused))
    files: dict[str, tuple[Path, int, int]] = {}
    duplicates: list[str] = [f"{name}: {why}" for name, why in refused.items()]
    for path in paths:
        try:
            stat = path.stat()
        except OSError as exc:
            duplicates.append(f"{path.name}: {exc.strerror or exc}")
            continue
        files[path.name] = (path, stat.st_size, stat.st_mtime_ns)
    return FolderState(
        manifest={k: dict(v) for k, v in manifest.items()},
        manifest_digest=hashlib.sha256(raw).hexdigest()[:16],
        warnings=tuple(warnings),
        files=files,
        duplicates=tuple(duplicates),
    )


def up_to_date(seeds_dir: Path, generation: Generation) -> bool:
    """Whether the folder is exactly what the generation was built from (stat only, no reads).

    Lets a process serve a saved index without taking the build lock, so a read-only data
    folder needs no write at all when nothing changed.
    """
    try:
        state = scan(seeds_dir)
    except CorpusError:
        return False
    if state.manifest_digest != generation.manifest_digest:
        return False
    indexed = {f: v[:2] for f, v in generation.files.items()}
    skipped = {f: v[:2] for f, v in generation.skipped.items()}
    present = {f: (size, mtime) for f, (_, size, mtime) in state.files.items()}
    return present == {**indexed, **skipped}


# --- the builder ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Update:
    """What a rebuild produced: the generation to publish and what changed."""

    generation: Generation
    added: tuple[str, ...]  # source ids
    removed: tuple[str, ...]
    changed: tuple[str, ...]
    unchanged: int
    embedded: int
    skipped: tuple[str, ...]
    new_segments: tuple[str, ...]
    titles: dict[str, str]  # source id -> title, for the report (removed ones included)

    @property
    def changed_anything(self) -> bool:
        """Whether the generation differs from the previous one in content."""
        return bool(self.added or self.removed or self.changed or self.new_segments)


class Indexer:
    """Writes segments and generations for one data folder (call under `store.build_lock`)."""

    def __init__(
        self,
        index_dir: Path,
        embedder: Embedder,
        cache: EmbeddingCache | None,
        params: ChunkParams,
    ) -> None:
        self.index_dir = index_dir
        self.embedder = embedder
        self.cache = cache
        self.params = params

    def update(
        self,
        seeds_dir: Path,
        previous: Generation | None,
        segments: Callable[[str], StoredSegment],
        *,
        progress: Progress | None = None,
    ) -> Update:
        """Bring the index up to date with the folder; `previous` None (or stale) means cold.

        `segments` opens a segment of the previous generation by name (the engine keeps them
        open). Raises CorpusError if nothing in the folder can be indexed.
        """
        state = scan(seeds_dir)
        if previous is not None and previous.mismatch(
            model=self.embedder.name, dim=self.embedder.dim, chunker=self.params.as_dict()
        ):
            previous = None
        live: dict[str, tuple[str, int, SourceEntry]] = {}  # file -> (segment, local, entry)
        deleted: dict[str, set[int]] = {}
        if previous is not None:
            for name, dead in previous.segments:
                seg = segments(name)
                deleted[name] = set(dead)
                for local, entry in enumerate(seg.sources):
                    if local not in dead:
                        live[entry.file] = (name, local, entry)
        old_files = previous.files if previous else {}
        skipped: list[str] = [*state.duplicates, *state.warnings]
        new_skips: dict[str, tuple[int, int, str]] = {}
        files: dict[str, tuple[int, int, str, str]] = {}
        to_index: list[Prepared] = []
        unchanged = 0
        changed_ids: list[str] = []
        added_ids: list[str] = []
        titles: dict[str, str] = {}
        read: list[tuple[str, Path, int, int, str]] = []
        for file, (path, size, mtime) in state.files.items():
            meta = _meta_digest(state.manifest.get(file))
            known = old_files.get(file)
            if known and file in live and known[:2] == (size, mtime) and known[3] == meta:
                files[file] = known
                unchanged += 1
                continue
            old_skip = previous.skipped.get(file) if previous else None
            if old_skip and old_skip[:2] == (size, mtime) and known is None and previous.manifest_digest == state.manifest_digest:
                new_skips[file] = old_skip
                skipped.append(f"{file}: {old_skip[2]}")
                continue
            read.append((file, path, size, mtime, meta))
        for n, (file, path, size, mtime, meta) in enumerate(read):
            if progress:
                progress("reading", n, len(read))
            try:
                doc = load_document(path, state.manifest.get(file))
            except (OSError, UndecodableError) as exc:
                reason = str(exc) if not isinstance(exc, OSError) else (exc.strerror or str(exc))
                skipped.append(f"{file}: {reason}")
                new_skips[file] = (size, mtime, reason)
                continue
            known = old_files.get(file)
            if known and file in live and known[2] == doc.digest and known[3] == meta:
                files[file] = (size, mtime, doc.digest, meta)  # touched, not changed
                unchanged += 1
                continue
            files[file] = (size, mtime, doc.digest, meta)
            (changed_ids if file in live else added_ids).append(doc.source.id)
            titles[doc.source.id] = doc.source.title
            to_index.append(prepare(doc, self.params))
        removed_ids: list[str] = []
        for file, (name, local, entry) in live.items():
            titles.setdefault(entry.source.id, entry.source.title)
            if file not in files or entry.source.id in changed_ids:
                deleted[name].add(local)
                if file not in files:
                    removed_ids.append(entry.source.id)
        fresh = [line for line in skipped if line.split(":", 1)[0] not in new_skips or line.split(":", 1)[0] in {r[0] for r in read}]
        for line in fresh:
            _corpus_log.warning("skipped %s", line)
        if not files:
            reasons = "; ".join(skipped) or "no articles"
            raise CorpusError(f"no readable article in {seeds_dir}: {reasons}")
        new_names: list[str] = []
        embedded = 0
        if to_index:
            part_list, embedded = self._embed(to_index, progress)
            new_names.append(store.write_segment(self.index_dir, assemble(part_list, self.embedder.dim)))
        seg_list: list[tuple[str, tuple[int, ...]]] = []
        if previous is not None:
            for name, _ in previous.segments:
                seg = segments(name)
                dead = deleted[name]
                if len(dead) < len(seg.sources):
                    seg_list.append((name, tuple(sorted(dead))))
        seg_list.extend((name, ()) for name in new_names)
        seg_list, merged = self._compact(seg_list, segments)
        new_names.extend(merged)
        generation = Generation(
            seq=store.next_seq(self.index_dir),
            format_version=store.FORMAT_VERSION,
            model=self.embedder.name,
            dim=self.embedder.dim,
            chunker=self.params.as_dict(),
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            segments=tuple(seg_list),
            manifest_digest=state.manifest_digest,
            files=files,
            skipped=new_skips,
        )
        return Update(
            generation=generation,
            added=tuple(sorted(added_ids)),
            removed=tuple(sorted(removed_ids)),
            changed=tuple(sorted(changed_ids)),
            unchanged=unchanged,
            embedded=embedded,
            skipped=tuple(skipped),
            new_segments=tuple(new_names),
            titles=titles,
        )

    def _embed(self, prepared: Sequence[Prepared], progress: Progress | None) -> tuple[list[Part], int]:
        texts: list[str] = []
        spans: list[list[tuple[int, int]]] = []
        for p in prepared:
            t, s = p.model_inputs()
            texts.extend(t)
            spans.extend(s)
        done = 0

        def tick(n: int) -> None:
            nonlocal done
            done += n
            if progress:
                progress("embedding", done, len(texts))

        pooled, embedded = embed_cached(self.embedder, self.cache, texts, spans, progress=tick)
        parts: list[Part] = []
        at = 0
        for p in prepared:
            parts.append(document_part(p, pooled[at : at + len(p.plans)], self.embedder.dim))
            at += len(p.plans)
        return parts, embedded

    def _compact(
        self, seg_list: list[tuple[str, tuple[int, ...]]], segments: Callable[[str], StoredSegment]
    ) -> tuple[list[tuple[str, tuple[int, ...]]], list[str]]:
        """Merge small or mostly-deleted segments; returns the new list and new segment names."""
        if not seg_list:
            return seg_list, []
        sizes = {name: segments(name).chunks for name, _ in seg_list}

        def dirty(name: str, dead: tuple[int, ...]) -> bool:
            seg = segments(name)
            gone = sum(seg.sources[i].chunk_hi - seg.sources[i].chunk_lo for i in dead)
            return gone > MAX_DELETED_SHARE * max(seg.chunks, 1)

        rewrite = [x for x in seg_list if dirty(*x)]
        clean = sorted((x for x in seg_list if x not in rewrite), key=lambda x: sizes[x[0]])
        if len(clean) > MAX_SEGMENTS:
            while clean and len(clean) + 1 > MAX_SEGMENTS // 2:
                rewrite.append(clean.pop(0))
        if not rewrite:
            return seg_list, []
        parts = []
        for name, dead in rewrite:
            seg = segments(name)
            keep = [i for i in range(len(seg.sources)) if i not in set(dead)]
            if keep:
                parts.append(stored_part(seg, keep))
        kept = [x for x in seg_list if x not in rewrite]
        if not parts:
            return kept, []
        name = store.write_segment(self.index_dir, assemble(parts, self.embedder.dim))
        log.info("merged %d segments into %s", len(rewrite), name)
        return [*kept, (name, ())], [name]


def describe(update: Update) -> dict[str, Any]:
    """A short summary for logs."""
    return {
        "added": len(update.added),
        "removed": len(update.removed),
        "changed": len(update.changed),
        "unchanged": update.unchanged,
        "embedded": update.embedded,
    }
