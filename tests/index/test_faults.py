"""A read-only data folder and a full disk: the index in use keeps answering, one line says why.

Root (who runs CI) ignores chmod, so a read-only folder is simulated at the system-call level:
every call that would write under the data folder fails with EROFS, as on a read-only mount
(an index baked into an image). A full disk is an ENOSPC injected into one write.
"""

from __future__ import annotations

import builtins
import errno
import io
import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from index_testkit import FakeEmbedder, model_factory

import index.embed
import index.engine
from index import store
from index.cli import main
from index.config import CoreSettings
from index.embed import EmbeddingCache, text_key
from index.engine import Engine

LITHIUM = "What is lithium essential for?"
NEW_ARTICLE = (
    "Zebracorn Mining Opens New Refinery\n"
    "The Zebracorn company opened a rare earth refinery in Nevada on Monday, officials said. "
    "The zebracorn plant will process neodymium for magnets.\n"
)
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def _erofs(path: object) -> OSError:
    return OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))


@contextmanager
def read_only(root: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every write under `root` fails as on a read-only mount; yields the refused calls."""
    root = root.resolve()
    refused: list[str] = []

    def under(path: object) -> bool:
        try:
            return Path(os.fsdecode(path)).resolve().is_relative_to(root)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return False

    def guard(name: str, real, *, path_arg: int = 0):
        def wrapper(*args, **kwargs):
            if under(args[path_arg]):
                refused.append(f"{name} {args[path_arg]}")
                raise _erofs(args[path_arg])
            return real(*args, **kwargs)

        return wrapper

    real_open, real_os_open, real_mkdir, real_access = builtins.open, os.open, os.mkdir, os.access
    real_connect = sqlite3.connect

    def fake_open(file, mode="r", *args, **kwargs):
        if isinstance(file, (str, bytes, os.PathLike)) and any(c in mode for c in "wax+") and under(file):
            refused.append(f"open {file} {mode}")
            raise _erofs(file)
        return real_open(file, mode, *args, **kwargs)

    def fake_os_open(path, flags, *args, **kwargs):
        if flags & _WRITE_FLAGS and under(path):
            refused.append(f"os.open {path}")
            raise _erofs(path)
        return real_os_open(path, flags, *args, **kwargs)

    def fake_mkdir(path, *args, **kwargs):
        if under(path):
            if os.path.lexists(path):
                raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))
            refused.append(f"mkdir {path}")
            raise _erofs(path)
        return real_mkdir(path, *args, **kwargs)

    def fake_access(path, mode, *args, **kwargs):
        if mode & os.W_OK and under(path):
            return False
        return real_access(path, mode, *args, **kwargs)

    def fake_connect(database, *args, **kwargs):
        text = os.fsdecode(database)
        if "mode=ro" not in text and under(text.removeprefix("file:").split("?")[0]):
            refused.append(f"sqlite {text}")
            raise sqlite3.OperationalError("attempt to write a readonly database")
        return real_connect(database, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", fake_open)
    monkeypatch.setattr(io, "open", fake_open)
    monkeypatch.setattr(os, "open", fake_os_open)
    monkeypatch.setattr(os, "mkdir", fake_mkdir)
    monkeypatch.setattr(os, "access", fake_access)
    for name in ("rename", "replace", "unlink", "remove", "rmdir", "utime", "symlink", "link"):
        monkeypatch.setattr(os, name, guard(name, getattr(os, name)))
    monkeypatch.setattr(sqlite3, "connect", fake_connect)
    monkeypatch.setattr(index.embed.sqlite3, "connect", fake_connect)
    yield refused


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    out = []
    for record in caplog.records:
        if record.levelno >= logging.WARNING:
            message = record.getMessage()
            assert record.exc_info is None and "\n" not in message and "Traceback" not in message
            out.append(message)
    return out


def built(settings: CoreSettings) -> None:
    Engine.open(settings, embedder=FakeEmbedder()).close()


# --- a read-only data folder ----------------------------------------------------------------


def test_the_simulation_refuses_writes_but_not_reads(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "a.txt").write_text("kept")
    with read_only(tmp_path, monkeypatch) as refused:
        assert (tmp_path / "a.txt").read_text() == "kept"
        for write in (
            lambda: (tmp_path / "a.txt").write_text("x"),
            lambda: (tmp_path / "b").mkdir(),
            lambda: (tmp_path / "a.txt").unlink(),
            lambda: os.replace(tmp_path / "a.txt", tmp_path / "c.txt"),
            lambda: os.open(tmp_path / "lock", os.O_RDWR | os.O_CREAT),
        ):
            with pytest.raises(OSError) as err:
                write()
            assert err.value.errno == errno.EROFS
        (tmp_path / "a.txt").parent.mkdir(exist_ok=True)  # an existing folder is fine
        assert not os.access(tmp_path, os.W_OK) and len(refused) == 5
    assert (tmp_path / "a.txt").read_text() == "kept"


def test_a_read_only_data_folder_with_a_valid_index_is_served(
    fake_settings: CoreSettings, monkeypatch, caplog
) -> None:
    built(fake_settings)
    caplog.set_level(logging.INFO)
    with read_only(fake_settings.data_dir, monkeypatch) as refused:
        engine = Engine.open(fake_settings, embedder=FakeEmbedder())
        warned = warnings_of(caplog)
        assert len(warned) <= 1, warned
        assert engine.opened_report is None
        answer = engine.answer(LITHIUM)
        assert answer.answered and "Lithium is essential" in answer.quotes[0].text
        assert engine.examples(2)
        # a rebuild cannot happen here: one line, and the index keeps answering
        with pytest.raises(store.IndexWriteError) as err:
            engine.reindex()
        assert "\n" not in str(err.value) and "Read-only" in str(err.value)
        assert engine.answer(LITHIUM).answered
        engine.close()
    assert refused  # it did try to write (the build lock), and was refused


def test_a_read_only_data_folder_serves_the_saved_index_when_the_seeds_changed(
    fake_settings: CoreSettings, monkeypatch, caplog
) -> None:
    built(fake_settings)
    (fake_settings.seeds_dir / "005_new.txt").write_text(NEW_ARTICLE)
    caplog.set_level(logging.INFO)
    with read_only(fake_settings.data_dir, monkeypatch):
        engine = Engine.open(fake_settings, embedder=FakeEmbedder())
        [warning] = warnings_of(caplog)
        assert "serving the saved index" in warning
        assert "005_new" not in {s.source.id for s in engine.sources()}
        assert engine.answer(LITHIUM).answered
        engine.close()


def test_ask_and_sources_serve_a_read_only_data_folder(
    fake_settings: CoreSettings, monkeypatch, caplog
) -> None:
    built(fake_settings)
    monkeypatch.setattr(index.engine, "TransformerEmbedder", model_factory(FakeEmbedder))
    for name in ("SEEDS_DIR", "DATA_DIR", "MODEL_CACHE_DIR"):
        monkeypatch.delenv(name, raising=False)
    argv = ["--seeds", str(fake_settings.seeds_dir), "--data", str(fake_settings.data_dir)]
    with read_only(fake_settings.data_dir, monkeypatch):
        for command in (["ask", LITHIUM], ["sources"]):
            caplog.clear()
            out = io.StringIO()
            status = main([*command, *argv], out=out)
            assert status == 0
            assert len(warnings_of(caplog)) <= 1
            assert "Lithium is essential" in out.getvalue() if command[0] == "ask" else "Chaney A. Finn" in out.getvalue()


def test_a_read_only_embedding_cache_is_read_but_never_written(tmp_path: Path, monkeypatch, caplog) -> None:
    fake = FakeEmbedder()
    pooled = fake.embed_spans(["cached text"], [[(0, 6)]])
    cache = EmbeddingCache(tmp_path / "embeddings.sqlite")
    cache.put_many(fake.name, {text_key("cached text", [(0, 6)]): pooled[0]})
    cache.close()
    caplog.set_level(logging.INFO)
    with read_only(tmp_path, monkeypatch):
        cache = EmbeddingCache(tmp_path / "embeddings.sqlite")
        key = text_key("cached text", [(0, 6)])
        found = cache.get_many(fake.name, [key], fake.dim)
        assert list(found) == [key]
        cache.put_many(fake.name, {text_key("new"): pooled[0]})  # silently not written
        cache.close()
        missing = EmbeddingCache(tmp_path / "none" / "embeddings.sqlite")  # cannot be made
        assert missing.get_many(fake.name, [key], fake.dim) == {}
        missing.close()
    assert len(warnings_of(caplog)) <= 1
    cache = EmbeddingCache(tmp_path / "embeddings.sqlite")
    assert cache.get_many(fake.name, [text_key("new")], fake.dim) == {}
    cache.close()


# --- a full disk ------------------------------------------------------------------------------


def disk_full_on(monkeypatch: pytest.MonkeyPatch, file: str) -> list[Path]:
    real = store._write_bytes
    hits: list[Path] = []

    def writing(path: Path, data: bytes) -> None:
        if path.name == file:
            hits.append(path)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        real(path, data)

    monkeypatch.setattr(store, "_write_bytes", writing)
    return hits


def test_disk_full_while_writing_a_segment_keeps_the_live_index_and_the_cache(
    fake_settings: CoreSettings, monkeypatch
) -> None:
    fake = FakeEmbedder()
    engine = Engine.open(fake_settings, embedder=fake)
    generation = engine.generation
    segments = sorted(p.name for p in (fake_settings.index_dir / "segments").iterdir())
    cache = fake_settings.data_dir / "embeddings.sqlite"
    (fake_settings.seeds_dir / "005_new.txt").write_text(NEW_ARTICLE)
    hits = disk_full_on(monkeypatch, "texts.bin")

    with pytest.raises(store.IndexWriteError) as err:
        engine.reindex()
    message = str(err.value)
    assert hits and "\n" not in message and "disk full" in message and "unchanged" in message
    # the live index is untouched and keeps answering; no half segment was left behind
    assert engine.generation == generation == store.read_current(fake_settings.index_dir)
    assert sorted(p.name for p in (fake_settings.index_dir / "segments").iterdir()) == segments
    assert "005_new" not in {s.source.id for s in engine.sources()}
    assert engine.answer(LITHIUM).answered
    # the cache file is intact and kept what was embedded before the disk filled up
    assert cache.exists() and not cache.with_suffix(".damaged").exists()
    embedded = fake.build_texts

    monkeypatch.undo()  # space was freed
    report = engine.reindex()
    assert report.added == ("Zebracorn Mining Opens New Refinery",)
    assert report.embedded == 0 and fake.build_texts == embedded
    engine.close()


def test_disk_full_at_start_serves_the_saved_index_with_one_warning(
    fake_settings: CoreSettings, monkeypatch, caplog
) -> None:
    built(fake_settings)
    (fake_settings.seeds_dir / "005_new.txt").write_text(NEW_ARTICLE)
    disk_full_on(monkeypatch, "texts.bin")
    caplog.set_level(logging.INFO)
    engine = Engine.open(fake_settings, embedder=FakeEmbedder())
    [warning] = warnings_of(caplog)
    assert "disk full" in warning and "serving the saved index" in warning
    assert engine.answer(LITHIUM).answered
    engine.close()


def test_disk_full_with_no_index_yet_is_one_line(fake_settings: CoreSettings, monkeypatch) -> None:
    from index.records import CorpusError

    disk_full_on(monkeypatch, "texts.bin")
    with pytest.raises(CorpusError, match=r"cannot build the index: .*disk full") as err:
        Engine.open(fake_settings, embedder=FakeEmbedder())
    assert "\n" not in str(err.value)


def test_build_on_a_full_disk_is_one_line_with_status_1(
    fake_settings: CoreSettings, monkeypatch, caplog
) -> None:
    built(fake_settings)
    (fake_settings.seeds_dir / "005_new.txt").write_text(NEW_ARTICLE)
    monkeypatch.setattr(index.engine, "TransformerEmbedder", model_factory(FakeEmbedder))
    disk_full_on(monkeypatch, "texts.bin")
    out = io.StringIO()
    status = main(["build", "--seeds", str(fake_settings.seeds_dir), "--data", str(fake_settings.data_dir)], out=out)
    [error] = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert status == 1 and out.getvalue() == ""
    assert "\n" not in error and "Traceback" not in error and "disk full" in error


class _FullDisk:
    """A SQLite connection whose writes fail as on a full disk (reads still work)."""

    def __init__(self, real: sqlite3.Connection) -> None:
        self._real = real

    def executemany(self, *args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    def __enter__(self):
        return self._real.__enter__()

    def __exit__(self, *exc):
        return self._real.__exit__(*exc)

    def __getattr__(self, name):
        return getattr(self._real, name)


def test_a_full_disk_stops_the_cache_not_the_build(fake_settings: CoreSettings, monkeypatch, caplog) -> None:
    real_init = EmbeddingCache.__init__

    def full(self, path: Path) -> None:
        real_init(self, path)
        if self._db is not None:
            self._db = _FullDisk(self._db)

    monkeypatch.setattr(EmbeddingCache, "__init__", full)
    caplog.set_level(logging.INFO)
    engine = Engine.open(fake_settings, embedder=FakeEmbedder())
    [warning] = warnings_of(caplog)
    assert "disk full" in warning and "embedding cache" in warning
    assert engine.opened_report is not None and engine.opened_report.sources == 5
    assert engine.answer(LITHIUM).answered
    engine.close()
    cache = fake_settings.data_dir / "embeddings.sqlite"
    assert cache.exists() and not cache.with_suffix(".damaged").exists()
