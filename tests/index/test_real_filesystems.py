"""A read-only and a full file system, for real: a small tmpfs mounted for the test.

tests/index/test_faults.py injects the same failures at the system-call level everywhere; here
the kernel refuses the writes itself (EROFS, ENOSPC). Mounting needs privileges a build machine
may not grant: the tests are skipped there, never faked.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from index_testkit import SEEDS, FakeEmbedder, fake_tuning, make_settings

from index.engine import Engine
from index.records import IndexWriteError

NEW_ARTICLE = (
    "Zebracorn Refinery Opens In Nevada\n"
    "The Zebracorn company opened a rare earth refinery in Nevada on Monday, officials said.\n"
)


def _mount(point: Path, options: str) -> bool:
    point.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


@pytest.fixture
def small_fs(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs (skip if this machine does not let the tests mount one)."""
    point = tmp_path / "fs"
    if shutil.which("mount") is None or not _mount(point, "size=2m"):
        pytest.skip("cannot mount a tmpfs here (needs privileges)")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): _digest(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_read_only_data_folder_is_served_without_a_write(small_fs: Path, tmp_path: Path, caplog) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    settings = make_settings(seeds, small_fs / "data")
    Engine.open(settings, embedder=FakeEmbedder(), tuning=fake_tuning()).close()
    before = _tree(small_fs / "data")
    remount = subprocess.run(["mount", "-o", "remount,ro", str(small_fs)], check=False)
    if remount.returncode != 0:
        pytest.skip("cannot remount the tmpfs read-only here")
    with caplog.at_level(logging.WARNING):
        engine = Engine.open(settings, embedder=FakeEmbedder(), tuning=fake_tuning())
        answer = engine.answer("Where was the agreement signed?")
        engine.close()
    assert answer.answered and answer.quotes
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []  # nothing to say
    assert _tree(small_fs / "data") == before


def test_a_full_disk_keeps_the_cache_and_the_live_index(small_fs: Path, tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    settings = make_settings(seeds, small_fs / "data")
    engine = Engine.open(settings, embedder=FakeEmbedder(), tuning=fake_tuning())
    cache = small_fs / "data" / "embeddings.sqlite"
    index_before = _tree(small_fs / "data" / "index")
    cache_before = _digest(cache)
    filler = small_fs / "filler"
    with filler.open("wb") as fh:  # fill the file system to the last block
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError:
            pass
    (seeds / "zebracorn.txt").write_text(NEW_ARTICLE * 40, encoding="utf-8")
    with pytest.raises(IndexWriteError, match="disk full"):
        engine.reindex()
    assert _digest(cache) == cache_before  # kept, not moved aside as "damaged"
    assert _tree(small_fs / "data" / "index") == index_before  # no half-written build left
    assert engine.answer("Where was the agreement signed?").answered  # still serving
    filler.unlink()
    report = engine.reindex()  # space again: the article goes in
    assert "Zebracorn Refinery Opens In Nevada" in report.added
    engine.close()
