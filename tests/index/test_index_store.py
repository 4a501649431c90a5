"""The saved index (index/store.py): segments, generations, the CURRENT pointer, tidying, the lock.

Segments are written once and read memory-mapped; damage is refused in one line naming the
file; publishing is one atomic pointer swap; tidying never deletes what a reader may still open.
"""

from __future__ import annotations

import dataclasses
import errno
import json
import os
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest
from index_testkit import REPO, FakeEmbedder, document, part_of

from index import answer_types, store
from index.answer_types import AnswerType
from index.chunking import ALGORITHM_VERSION, ChunkParams
from index.indexer import assemble
from index.records import Source

ARTICLES = [
    document(
        "a",
        "Lithium deal\nAustralia and Japan signed a lithium agreement in Perth. "
        "It covers “40,000 tonnes” per year – from 2026.",
        title="Lithium deal “one”",
        outlet="Wire",
        author="A. Author",
        published="2025-11-03",
        url="https://example.org/a",
    ),
    document("b", "Port news\nThe harbour authority approved a terminal in 東京 on Tuesday."),
]


def sample(dim: int = 64) -> store.SegmentArrays:
    fake = FakeEmbedder(dim=dim)
    return assemble([part_of(d, fake) for d in ARTICLES], dim)


def generation(seq: int, segments: tuple[tuple[str, tuple[int, ...]], ...] = ()) -> store.Generation:
    return store.Generation(
        seq=seq,
        format_version=store.FORMAT_VERSION,
        model="fake",
        dim=64,
        chunker=ChunkParams().as_dict(),
        built_at="2025-11-03T00:00:00+00:00",
        segments=segments,
        manifest_digest="m",
        files={"a.txt": (10, 123, "digest", "meta")},
        skipped={"bad.txt": (3, 456, "binary")},
    )


# --- segments -------------------------------------------------------------------------------


def test_a_segment_round_trips_memory_mapped(tmp_path: Path) -> None:
    seg = sample()
    name = store.write_segment(tmp_path, seg)
    loaded = store.load_segment(tmp_path, name)
    assert loaded.name == name and loaded.dim == 64
    assert list(loaded.sources) == seg.sources
    assert list(loaded.vocab) == seg.vocab and loaded.surface == seg.surface
    for key, dtype in store.ARRAYS.items():
        array = loaded.arrays[key]
        assert array.dtype == np.dtype(dtype), key
        assert isinstance(array, np.memmap), key  # nothing read into private memory
        np.testing.assert_array_equal(array, np.asarray(seg.arrays[key], dtype=dtype), err_msg=key)
    assert [loaded.source_text(i) for i in range(2)] == [d.clean for d in ARTICLES]
    assert loaded.units == len(seg.arrays["unit_src"]) and loaded.chunks == len(seg.arrays["chunk_src"])
    # no temporary folder is left behind
    assert sorted(p.name for p in (tmp_path / "segments").iterdir()) == [name]


def test_an_empty_segment_round_trips(tmp_path: Path) -> None:
    loaded = store.load_segment(tmp_path, store.write_segment(tmp_path, assemble([], 8)))
    assert loaded.chunks == 0 and loaded.units == 0 and loaded.sources == ()
    assert loaded.arrays["chunk_vec"].shape == (0, 8)


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def garble(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for i in range(0, len(data), 7):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))


def flip_last_byte(path: Path) -> None:
    """Damage that keeps the file's size and a valid .npy header: only a checksum sees it."""
    data = bytearray(path.read_bytes())
    data[-1] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("file", ["chunk_vec.npy", "unit_sum.npy", "post_doc.npy", "texts.bin", "unit_text.bin"])
@pytest.mark.parametrize("damage", [truncate, garble, flip_last_byte, Path.unlink])
def test_a_damaged_segment_file_is_refused_in_one_line_naming_it(tmp_path: Path, file: str, damage) -> None:
    name = store.write_segment(tmp_path, sample())
    damage(tmp_path / "segments" / name / file)
    with pytest.raises(store.IndexCorrupt) as err:
        store.load_segment(tmp_path, name)
    message = str(err.value)
    assert file in message and name in message and "\n" not in message


@pytest.mark.parametrize(
    "edit",
    [
        lambda m: "{ not json",
        lambda m: "[]",
        lambda m: "",
        lambda m: json.dumps({**m, "files": None}),
        lambda m: json.dumps({**m, "files": {"texts.bin": "x"}}),
        lambda m: json.dumps({**m, "dim": 32}),
        lambda m: json.dumps({**m, "sources": [{"nonsense": 1}]}),
        lambda m: json.dumps({k: v for k, v in m.items() if k != "vocab"}),
    ],
    ids=["not-json", "list", "empty", "no-checksums", "wrong-files", "wrong-dim", "bad-source", "no-vocab"],
)
def test_a_bad_segment_manifest_is_refused_in_one_line(tmp_path: Path, edit) -> None:
    name = store.write_segment(tmp_path, sample())
    path = tmp_path / "segments" / name / store.SEGMENT_MANIFEST
    path.write_text(edit(json.loads(path.read_text())))
    with pytest.raises(store.IndexCorrupt) as err:
        store.load_segment(tmp_path, name)
    assert name in str(err.value) and "\n" not in str(err.value)


def test_a_missing_segment_is_refused(tmp_path: Path) -> None:
    with pytest.raises(store.IndexCorrupt, match="seg-gone"):
        store.load_segment(tmp_path, "seg-gone")


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
def test_a_failed_segment_write_leaves_nothing_and_says_why(tmp_path: Path, monkeypatch, code: int) -> None:
    real = store._write_bytes

    def failing(path: Path, data: bytes) -> None:
        if path.name == "unit_text.bin":
            raise OSError(code, os.strerror(code), str(path))
        real(path, data)

    monkeypatch.setattr(store, "_write_bytes", failing)
    with pytest.raises(store.IndexWriteError) as err:
        store.write_segment(tmp_path, sample())
    message = str(err.value)
    assert "\n" not in message and "unchanged" in message
    assert ("disk full" in message) == (code == errno.ENOSPC)
    assert err.value.errno == code
    assert list((tmp_path / "segments").iterdir()) == []  # no half segment, no temp folder


# --- generations and the pointer ------------------------------------------------------------


def test_a_generation_round_trips_and_is_published_atomically(tmp_path: Path) -> None:
    gen = generation(7, (("seg-x", (1, 3)), ("seg-y", ())))
    assert store.Generation.from_json(json.loads(json.dumps(gen.to_json()))) == gen
    store.publish(tmp_path, gen)
    assert store.current_name(tmp_path) == "gen-00000007.json"
    assert store.read_current(tmp_path) == gen
    assert store.next_seq(tmp_path) == 8
    store.publish(tmp_path, generation(8))
    assert store.read_current(tmp_path).seq == 8
    # nothing but the pointer, the generations and no temporary file
    assert sorted(p.name for p in tmp_path.iterdir()) == [store.POINTER, "generations"]
    assert sorted(p.name for p in (tmp_path / "generations").iterdir()) == [
        "gen-00000007.json",
        "gen-00000008.json",
    ]


def test_no_index_is_missing_not_corrupt(tmp_path: Path) -> None:
    with pytest.raises(store.IndexMissing):
        store.read_current(tmp_path / "nothing-here")


@pytest.mark.parametrize(
    "pointer",
    [b"", b"gen-00000099.json", b"\xff\xfe\x00garbage", b"../../etc/passwd", b"gen-../../x"],
)
def test_a_bad_current_pointer_is_refused_in_one_line(tmp_path: Path, pointer: bytes) -> None:
    store.publish(tmp_path, generation(1))
    (tmp_path / store.POINTER).write_bytes(pointer)
    with pytest.raises(store.IndexCorrupt) as err:
        store.read_current(tmp_path)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("content", ["{ not json", "[]", json.dumps({"seq": 1}), ""])
def test_a_bad_generation_file_is_refused(tmp_path: Path, content: str) -> None:
    store.publish(tmp_path, generation(1))
    (tmp_path / "generations" / "gen-00000001.json").write_text(content)
    with pytest.raises(store.IndexCorrupt, match=r"gen-00000001\.json"):
        store.read_current(tmp_path)


def test_a_failed_publish_keeps_the_previous_pointer(tmp_path: Path, monkeypatch) -> None:
    store.publish(tmp_path, generation(1))

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store, "_write_bytes", full)
    with pytest.raises(store.IndexWriteError, match="disk full"):
        store.publish(tmp_path, generation(2))
    assert store.read_current(tmp_path).seq == 1


def test_mismatch_names_the_difference() -> None:
    gen = generation(1)
    now = {"model": "fake", "dim": 64, "chunker": ChunkParams().as_dict()}
    assert gen.mismatch(**now) == ""
    assert "model" in gen.mismatch(**{**now, "model": "other"})
    assert "dimensions" in gen.mismatch(**{**now, "dim": 16})
    assert gen.mismatch(**{**now, "dim": None}) == ""
    assert "chunker" in gen.mismatch(**{**now, "chunker": ChunkParams(max_tokens=100).as_dict()})
    older = {**now["chunker"], "algorithm": ALGORITHM_VERSION - 1}
    assert "chunker" in gen.mismatch(**{**now, "chunker": older})
    old_format = store.Generation(**{**gen.__dict__, "format_version": store.FORMAT_VERSION - 1})
    assert "format" in old_format.mismatch(**now)


def test_an_index_records_the_answer_type_patterns_its_masks_were_made_with(monkeypatch) -> None:
    assert ChunkParams().as_dict()["types"] == answer_types.TYPES_DIGEST
    monkeypatch.setitem(answer_types._TEXT_PATTERNS, AnswerType.DATE, re.compile(r"\bsoonish\b"))
    assert answer_types._patterns_digest() != answer_types.TYPES_DIGEST


# --- tidying ----------------------------------------------------------------------------------


def age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_tidy_removes_only_unreferenced_files_older_than_the_grace_period(tmp_path: Path) -> None:
    seg = sample()
    names = [store.write_segment(tmp_path, seg) for _ in range(4)]
    used, _old_orphan, new_orphan, old_gen_only = names
    for seq in range(1, 5):  # gen 1 names a segment only it uses; gens 2-5 the `used` one
        store.publish(tmp_path, generation(seq, ((old_gen_only if seq == 1 else used, ()),)))
    store.publish(tmp_path, generation(5, ((used, ()),)))
    stale_tmp = tmp_path / "segments" / ".seg-crashed.tmp"
    stale_tmp.mkdir()
    fresh_tmp = tmp_path / "segments" / ".seg-writing.tmp"
    fresh_tmp.mkdir()
    for path in [*(tmp_path / "segments").iterdir(), *(tmp_path / "generations").iterdir()]:
        age(path, 3600)
    age(tmp_path / "segments" / new_orphan, 1)  # written a second ago: a reader may open it
    age(fresh_tmp, 1)  # another process is writing it

    store.tidy(tmp_path)

    left = {p.name for p in (tmp_path / "segments").iterdir()}
    assert left == {used, new_orphan, fresh_tmp.name}
    gens = sorted(p.name for p in (tmp_path / "generations").iterdir())
    assert gens == [f"gen-0000000{n}.json" for n in (3, 4, 5)]  # the newest KEEP_GENERATIONS
    assert store.read_current(tmp_path).seq == 5
    assert store.load_segment(tmp_path, used).chunks > 0


def test_tidy_keeps_a_recent_old_generation_and_its_segment(tmp_path: Path) -> None:
    first = store.write_segment(tmp_path, sample())
    second = store.write_segment(tmp_path, sample())
    for seq in range(1, 6):
        store.publish(tmp_path, generation(seq, ((first if seq == 1 else second, ()),)))
    store.tidy(tmp_path)  # everything is new: a reader may still be on gen 1
    assert {p.name for p in (tmp_path / "segments").iterdir()} == {first, second}
    assert len(list((tmp_path / "generations").iterdir())) == 5


def test_tidy_of_a_folder_without_an_index_does_nothing(tmp_path: Path) -> None:
    store.tidy(tmp_path / "nothing")
    assert not (tmp_path / "nothing").exists()


# --- one rebuild at a time, across processes ------------------------------------------------

HOLDER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {repo!r})
    from pathlib import Path
    from index import store
    with store.build_lock(Path({index!r})):
        print("locked", flush=True)
        sys.stdin.readline()
    print("released", flush=True)
    """
)


def test_build_lock_refuses_a_second_process_until_the_first_lets_go(tmp_path: Path) -> None:
    script = HOLDER.format(repo=str(REPO), index=str(tmp_path))
    holder = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdin is not None
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(store.BuildLocked), store.build_lock(tmp_path):
            pass
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "released"
        with store.build_lock(tmp_path):  # free again
            pass
    finally:
        holder.kill()
        holder.wait(30)


def test_a_killed_holder_leaves_the_folder_unlocked(tmp_path: Path) -> None:
    script = HOLDER.format(repo=str(REPO), index=str(tmp_path))
    holder = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    holder.kill()
    holder.wait(30)
    with store.build_lock(tmp_path):
        pass


def test_a_source_entry_round_trips() -> None:
    entry = store.SourceEntry(Source("a", "T “x”", "O", "Au", "2025-01-02", "https://x"), "d", "a.txt", 5, "op", 0, 2, 0, 1, 0, 9)
    assert store.SourceEntry.from_json(json.loads(json.dumps(entry.to_json()))) == entry
    paged = dataclasses.replace(entry, furniture=("Related News", "Lynas Raises $538mn"))
    assert store.SourceEntry.from_json(json.loads(json.dumps(paged.to_json()))) == paged
    # a manifest written before page furniture was kept still loads, with none
    old = {k: v for k, v in paged.to_json().items() if k != "furniture"}
    assert store.SourceEntry.from_json(old).furniture == ()


TRY = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {repo!r})
    from pathlib import Path
    from index import store
    try:
        with store.build_lock(Path({index!r})):
            print("got it")
    except store.BuildLocked:
        print("refused")
    """
)


def test_build_lock_holds_against_a_second_holder_in_the_same_process(tmp_path: Path) -> None:
    """POSIX record locks belong to the process: a second `lockf` from another thread succeeds,
    and closing its descriptor drops the first holder's lock too, letting another process in."""
    import threading

    holding, done = threading.Event(), threading.Event()

    def hold() -> None:
        with store.build_lock(tmp_path):
            holding.set()
            done.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert holding.wait(30)
        with pytest.raises(store.BuildLocked), store.build_lock(tmp_path):
            pass
        other = subprocess.run(
            [sys.executable, "-c", TRY.format(repo=str(REPO), index=str(tmp_path))],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert other.stdout.strip() == "refused", other.stderr
    finally:
        done.set()
        holder.join(30)
    with store.build_lock(tmp_path):  # released when its holder is done
        pass
