"""The saved index (index/store.py): round trip, atomic swap, and refusing damaged files."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from index import store
from index.chunking import ChunkParams, Window
from index.records import Chunk, Source, SourceSummary


def sample_data(
    n_chunks: int = 3, n_windows: int = 4, dim: int = 8, seed: int = 0
) -> store.IndexData:
    rng = np.random.default_rng(seed)

    def vecs(n: int) -> np.ndarray:
        v = rng.normal(size=(n, dim)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    src = Source("s1", "Title “one”", "Outlet", "A. Author", "2025-10-28", "https://example.org/a")
    other = Source("s2", "Title two")
    chunks = tuple(
        Chunk(f"id{i}", "s1", i * 10, i * 10 + 8, f"text {i} – é", 3, f"ctx\ntext {i}")
        for i in range(n_chunks)
    )
    windows = tuple(Window("s1", i * 5, i * 5 + 4, f"w{i} 東京") for i in range(n_windows))
    manifest = store.Manifest(
        format_version=store.FORMAT_VERSION,
        model="fake",
        dim=dim,
        chunker=ChunkParams().as_dict(),
        corpus_hash="abc",
        built_at="2025-10-28T00:00:00+00:00",
        chunks=n_chunks,
        windows=n_windows,
        per_source={"s1": n_chunks, "s2": 0},
    )
    return store.IndexData(
        manifest=manifest,
        summaries=(SourceSummary(src, n_chunks, 100, "opening"), SourceSummary(other, 0, 5, "x")),
        digests={"s1": "d1", "s2": "d2"},
        chunks=chunks,
        chunk_vecs=vecs(n_chunks),
        windows=windows,
        window_vecs=vecs(n_windows),
    )


def assert_same(a: store.IndexData, b: store.IndexData) -> None:
    assert b.manifest.model == a.manifest.model and b.manifest.dim == a.manifest.dim
    assert b.manifest.chunker == a.manifest.chunker
    assert b.manifest.corpus_hash == a.manifest.corpus_hash
    assert b.manifest.per_source == a.manifest.per_source
    assert b.summaries == a.summaries
    assert b.digests == a.digests
    assert b.chunks == a.chunks
    assert b.windows == a.windows
    np.testing.assert_array_equal(b.chunk_vecs, a.chunk_vecs)
    np.testing.assert_array_equal(b.window_vecs, a.window_vecs)


def builds(index_dir: Path) -> list[str]:
    return sorted(p.name for p in index_dir.iterdir() if p.is_dir())


def test_round_trip(tmp_path: Path) -> None:
    data = sample_data()
    folder = store.save(data, tmp_path)
    loaded = store.load(tmp_path)
    assert_same(data, loaded)
    assert (tmp_path / store.POINTER).read_text() == folder.name
    assert set(loaded.manifest.files) == {store.CHUNK_INDEX, store.WINDOW_VECTORS, store.RECORDS}
    assert store.read_manifest(tmp_path).corpus_hash == "abc"


def test_round_trip_of_an_empty_index(tmp_path: Path) -> None:
    data = sample_data(n_chunks=0, n_windows=0)
    store.save(data, tmp_path)
    loaded = store.load(tmp_path)
    assert loaded.chunks == () and loaded.chunk_vecs.shape == (0, 8)


def test_swap_leaves_exactly_one_build_and_no_temporary_files(tmp_path: Path) -> None:
    first = store.save(sample_data(seed=1), tmp_path)
    second_data = sample_data(seed=2)
    second = store.save(second_data, tmp_path)
    assert first != second
    assert builds(tmp_path) == [second.name]
    assert sorted(p.name for p in tmp_path.iterdir()) == [store.POINTER, second.name]
    assert_same(second_data, store.load(tmp_path))


def test_missing_index(tmp_path: Path) -> None:
    with pytest.raises(store.IndexMissing):
        store.load(tmp_path / "nothing-here")


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def garble(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for i in range(0, len(data), 7):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("name", [store.CHUNK_INDEX, store.RECORDS, store.WINDOW_VECTORS])
@pytest.mark.parametrize("damage", [truncate, garble, Path.unlink])
def test_damaged_files_are_refused_in_one_line(tmp_path: Path, name: str, damage) -> None:
    folder = store.save(sample_data(), tmp_path)
    damage(folder / name)
    with pytest.raises(store.IndexCorrupt) as err:
        store.load(tmp_path)
    assert name in str(err.value) and "\n" not in str(err.value)


@pytest.mark.parametrize(
    "pointer",
    [b"", b"build-that-does-not-exist", b"\xff\xfe\x00garbage", b"../../etc"],
)
def test_a_bad_current_pointer_is_refused(tmp_path: Path, pointer: bytes) -> None:
    store.save(sample_data(), tmp_path)
    (tmp_path / store.POINTER).write_bytes(pointer)
    with pytest.raises(store.IndexCorrupt) as err:
        store.load(tmp_path)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(
    "content",
    [
        "{ not json",
        "[]",
        json.dumps({"format_version": 1}),
        "",
    ],
)
def test_a_bad_manifest_is_refused(tmp_path: Path, content: str) -> None:
    folder = store.save(sample_data(), tmp_path)
    (folder / store.MANIFEST).write_text(content)
    with pytest.raises(store.IndexCorrupt):
        store.load(tmp_path)


@pytest.mark.parametrize("files", [None, [], "abc"])
def test_a_manifest_without_a_checksum_table_is_refused(tmp_path: Path, files) -> None:
    folder = store.save(sample_data(), tmp_path)
    manifest = json.loads((folder / store.MANIFEST).read_text())
    (folder / store.MANIFEST).write_text(json.dumps({**manifest, "files": files}))
    with pytest.raises(store.IndexCorrupt, match="manifest"):
        store.load(tmp_path)


def test_manifest_mismatch_names_the_difference() -> None:
    m = sample_data().manifest
    now = {"model": "fake", "dim": 8, "chunker": ChunkParams().as_dict(), "corpus_hash": "abc"}
    assert m.mismatch(**now) == ""
    assert "model" in m.mismatch(**{**now, "model": "other"})
    assert "dimensions" in m.mismatch(**{**now, "dim": 16})
    assert m.mismatch(**{**now, "dim": None}) == ""
    assert "chunker" in m.mismatch(**{**now, "chunker": ChunkParams(max_tokens=100).as_dict()})
    assert "articles changed" in m.mismatch(**{**now, "corpus_hash": "def"})


def test_an_index_built_by_older_chunking_code_is_stale() -> None:
    from index.chunking import ALGORITHM_VERSION

    now = {"model": "fake", "dim": 8, "chunker": ChunkParams().as_dict(), "corpus_hash": "abc"}
    m = sample_data().manifest
    assert m.mismatch(**now) == ""
    older = {**now["chunker"], "algorithm": ALGORITHM_VERSION - 1}
    assert "chunker" in m.mismatch(**{**now, "chunker": older})
