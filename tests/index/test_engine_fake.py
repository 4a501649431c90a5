"""The Engine over the real seeds with a deterministic fake embedder: open, rebuild, reindex,
damaged or stale indexes, other processes."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from index_testkit import REPO, SEED_IDS, FakeEmbedder, fake_tuning, make_settings

from index import chunking, store
from index.config import CoreSettings
from index.embed import Embedder
from index.engine import Engine
from index.records import Answer, CorpusError, QuestionError, ReindexBusy

TITLE_002 = "US and Japan sign critical minerals and rare earths framework in Tokyo"
TITLE_004 = "Japan in Critical Minerals Agreement with U.S."
LITHIUM = "What is lithium essential for?"
NONSENSE = "zebracorn unicorn xylophone"
NEW_ARTICLE = (
    "Zebracorn Mining Opens New Refinery\n"
    "The Zebracorn company opened a rare earth refinery in Nevada on Monday, officials said. "
    "The zebracorn plant will process neodymium for magnets.\n"
)


def open_engine(settings: CoreSettings, embedder: FakeEmbedder) -> Engine:
    return Engine.open(settings, embedder=embedder, tuning=fake_tuning())


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.WARNING]


def assert_one_line_warning(caplog: pytest.LogCaptureFixture, *words: str) -> str:
    records = warnings_of(caplog)
    assert len(records) == 1, [r.getMessage() for r in records]
    record = records[0]
    message = record.getMessage()
    assert record.exc_info is None and record.exc_text is None
    assert "\n" not in message and "Traceback" not in message
    for word in words:
        assert word in message
    return message


def test_fake_embedder_satisfies_the_protocol() -> None:
    fake = FakeEmbedder()
    for name in Embedder.__annotations__:
        assert hasattr(fake, name)
    for method in ("embed", "embed_spans", "count_model_tokens"):
        assert callable(getattr(fake, method))
    vecs = fake.embed(["Rare earths deal", "rare earths deal", "weather in Tokyo", ""])
    assert vecs.shape == (4, 64) and vecs.dtype.name == "float32"
    assert (abs((vecs**2).sum(axis=1) - 1) < 1e-5).all()
    assert (vecs[0] == vecs[1]).all() and not (vecs[0] == vecs[2]).all()
    assert fake.count_model_tokens("three word text") == 5


def test_open_builds_then_loads(fake_settings: CoreSettings, fake: FakeEmbedder) -> None:
    engine = open_engine(fake_settings, fake)
    report = engine.opened_report
    assert report is not None and report.sources == 5 and report.embedded == fake.build_texts > 0
    assert sorted(s.source.id for s in engine.sources()) == list(SEED_IDS)
    assert engine.chunk_count == sum(s.chunks for s in engine.sources()) > 10
    assert engine.generation.model == fake.name and engine.generation.dim == 64
    engine.close()

    again = FakeEmbedder()
    reopened = open_engine(fake_settings, again)
    assert reopened.opened_report is None  # loaded, not rebuilt
    assert reopened.chunk_count == engine.chunk_count and again.build_texts == 0
    reopened.close()


def test_answers_quote_sources_verbatim(fake_settings: CoreSettings, fake: FakeEmbedder) -> None:
    engine = open_engine(fake_settings, fake)
    answer = engine.answer(LITHIUM)
    assert isinstance(answer, Answer) and answer.answered
    top = answer.quotes[0]
    assert top.text == "Lithium is essential for rechargeable batteries."
    assert engine.source_text(top.source.id)[top.start : top.end] == top.text
    assert top.source.id.startswith("003") and top.source.title and top.kind == "passage"
    assert 1 <= len(answer.quotes) <= 3
    declined = engine.answer(NONSENSE)
    assert not declined.answered and declined.quotes == () and declined.reason == "not_covered"
    # a word neither the articles nor English know is named back as what they lack
    assert declined.suggestion.startswith("None of the articles mention Zebracorn.")
    with pytest.raises(QuestionError):
        engine.answer("   ")
    with pytest.raises(QuestionError, match="2,000"):
        engine.answer("why " * 600)
    engine.close()


# --- rebuild on mismatch ------------------------------------------------------------------------


def pointer(settings: CoreSettings) -> str:
    return (settings.index_dir / store.POINTER).read_text()


def test_another_model_triggers_a_rebuild(fake_settings: CoreSettings, caplog) -> None:
    open_engine(fake_settings, FakeEmbedder()).close()
    before = pointer(fake_settings)
    caplog.set_level(logging.INFO)
    engine = open_engine(fake_settings, FakeEmbedder(name="another-model"))
    assert engine.opened_report is not None
    assert engine.generation.model == "another-model"
    assert pointer(fake_settings) != before
    assert any("stale" in r.getMessage() and "model" in r.getMessage() for r in caplog.records)
    assert not warnings_of(caplog)
    engine.close()


def test_other_answer_type_patterns_trigger_a_rebuild(fake_settings: CoreSettings, monkeypatch, caplog) -> None:
    """An upgrade that changes what a sentence counts as (a date, an amount) rebuilds the masks."""
    open_engine(fake_settings, FakeEmbedder()).close()
    before = pointer(fake_settings)
    monkeypatch.setattr(chunking, "TYPES_DIGEST", "0" * 16)
    caplog.set_level(logging.INFO)
    engine = open_engine(fake_settings, FakeEmbedder())
    assert engine.opened_report is not None
    assert engine.generation.chunker["types"] == "0" * 16
    assert pointer(fake_settings) != before
    assert any("stale" in r.getMessage() for r in caplog.records)
    engine.close()


def test_another_dimension_triggers_a_rebuild(fake_settings: CoreSettings) -> None:
    open_engine(fake_settings, FakeEmbedder()).close()
    engine = open_engine(fake_settings, FakeEmbedder(dim=32))
    assert engine.opened_report is not None and engine.generation.dim == 32
    assert engine.answer(LITHIUM).answered
    engine.close()


def test_other_chunker_params_trigger_a_rebuild(fake_settings: CoreSettings, caplog) -> None:
    open_engine(fake_settings, FakeEmbedder()).close()
    path = fake_settings.index_dir / "generations" / pointer(fake_settings)
    generation = json.loads(path.read_text())
    generation["chunker"]["max_tokens"] = 999
    path.write_text(json.dumps(generation))
    caplog.set_level(logging.INFO)
    fake = FakeEmbedder()
    engine = open_engine(fake_settings, fake)
    assert engine.opened_report is not None
    assert engine.generation.chunker["max_tokens"] == 160
    assert any("chunker parameters changed" in r.getMessage() for r in caplog.records)
    assert not warnings_of(caplog)
    assert fake.build_texts == 0  # the same chunks: all from the cache
    engine.close()


def test_a_changed_article_is_rebuilt_at_start(fake_settings: CoreSettings, seeds_dir: Path) -> None:
    open_engine(fake_settings, FakeEmbedder()).close()
    path = next(seeds_dir.glob("002_*.txt"))
    path.write_text(path.read_text() + "\nA brand new closing sentence about zebracorn mining.\n")
    fake = FakeEmbedder()
    engine = open_engine(fake_settings, fake)
    report = engine.opened_report
    assert report is not None and report.changed == (TITLE_002,)
    assert report.added == () and report.removed == () and report.unchanged == 4
    assert 0 < report.embedded < 5  # only the new text; the rest came from the cache
    assert "zebracorn" in engine.answer("What about zebracorn mining?").quotes[0].text
    engine.close()


# --- damaged files --------------------------------------------------------------------------------


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def garble(path: Path) -> None:
    path.write_bytes(bytes(b ^ 0xA5 for b in path.read_bytes()))


def segment_file(settings: CoreSettings, name: str) -> Path:
    generation = store.read_current(settings.index_dir)
    return settings.index_dir / "segments" / generation.segments[0][0] / name


def generation_file(settings: CoreSettings) -> Path:
    return settings.index_dir / "generations" / pointer(settings)


@pytest.mark.parametrize(
    ("where", "damage"),
    [
        ("chunk_vec.npy", truncate),
        ("chunk_vec.npy", garble),
        ("unit_sum.npy", garble),
        ("texts.bin", truncate),
        ("post_ptr.npy", Path.unlink),
        (store.SEGMENT_MANIFEST, truncate),
        (store.SEGMENT_MANIFEST, garble),
        ("generation", truncate),
        ("generation", garble),
        ("generation", Path.unlink),
        (store.POINTER, truncate),
        (store.POINTER, garble),
    ],
)
def test_a_damaged_index_is_reported_in_one_line_and_rebuilt(
    fake_settings: CoreSettings, caplog, where: str, damage
) -> None:
    open_engine(fake_settings, FakeEmbedder()).close()
    if where == store.POINTER:
        target = fake_settings.index_dir / store.POINTER
    elif where == "generation":
        target = generation_file(fake_settings)
    else:
        target = segment_file(fake_settings, where)
    damage(target)
    caplog.set_level(logging.INFO)
    fake = FakeEmbedder()
    engine = open_engine(fake_settings, fake)  # never raises
    assert_one_line_warning(caplog, "rebuilding")
    assert engine.opened_report is not None and engine.opened_report.sources == 5
    assert fake.build_texts == 0  # everything came from the embedding cache
    assert engine.answer(LITHIUM).answered
    engine.close()
    # the rebuilt index is whole: its generation and every segment load and verify
    generation = store.read_current(fake_settings.index_dir)
    chunks = sum(store.load_segment(fake_settings.index_dir, n).chunks for n, _ in generation.segments)
    assert chunks == engine.chunk_count


def test_damaged_embedding_cache_is_set_aside(fake_settings: CoreSettings, caplog) -> None:
    fake_settings.data_dir.mkdir(parents=True)
    cache = fake_settings.data_dir / "embeddings.sqlite"
    cache.write_bytes(b"this is not a database" * 100)
    caplog.set_level(logging.INFO)
    engine = open_engine(fake_settings, FakeEmbedder())
    assert_one_line_warning(caplog, "embedding cache", "damaged")
    assert cache.with_suffix(".damaged").read_bytes().startswith(b"this is not a database")
    assert engine.answer(LITHIUM).answered
    engine.close()


# --- the seeds folder ----------------------------------------------------------------------------


def test_binary_seed_is_skipped_with_a_warning_naming_it(
    fake_settings: CoreSettings, seeds_dir: Path, caplog
) -> None:
    (seeds_dir / "005_photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    caplog.set_level(logging.INFO)
    engine = open_engine(fake_settings, FakeEmbedder())
    assert_one_line_warning(caplog, "005_photo.txt", "binary")
    assert engine.opened_report is not None
    assert any("005_photo.txt" in s for s in engine.opened_report.skipped)
    assert sorted(s.source.id for s in engine.sources()) == list(SEED_IDS)
    engine.close()
    # the next start remembers the skip without reading the file again, and says it once more
    caplog.clear()
    again = open_engine(fake_settings, FakeEmbedder())
    assert again.opened_report is None and len(warnings_of(caplog)) <= 1
    again.close()


@pytest.mark.parametrize("content", [None, b"", b"\x00\x01\x02"])
def test_seeds_folder_without_articles_is_a_clear_error(tmp_path: Path, content) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    if content is not None:
        (seeds / "only.txt").write_bytes(content)
    settings = make_settings(seeds, tmp_path / "data")
    with pytest.raises(CorpusError) as err:
        open_engine(settings, FakeEmbedder())
    message = str(err.value)
    assert str(seeds) in message and "\n" not in message
    assert "no articles" in message if content is None else "only.txt" in message


def test_missing_seeds_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="does not exist"):
        open_engine(make_settings(tmp_path / "nowhere", tmp_path / "data"), FakeEmbedder())


def test_broken_sources_toml_degrades_to_derived_titles(
    fake_settings: CoreSettings, seeds_dir: Path, caplog
) -> None:
    (seeds_dir / "sources.toml").write_text('["000_63b0ad3ae37e82fa.txt"\ntitle = "unclosed')
    caplog.set_level(logging.INFO)
    engine = open_engine(fake_settings, FakeEmbedder())
    assert_one_line_warning(caplog, "sources.toml")
    titles = {s.source.id[:3]: s.source for s in engine.sources()}
    assert len(titles) == 5
    assert titles["001"].title == "U.S. and Japan Sign Rare Earths Supply Deal"
    assert titles["003"].title.startswith(
        "In what both sides called the start of a “new golden era,” U.S. President"
    )
    assert titles["002"].title.startswith("TOKYO – In a significant geopolitical")
    assert all(0 < len(s.title) <= 101 for s in titles.values())
    # metadata found in the text still counts: the byline and the dateline
    assert titles["004"].author == "Chaney A. Finn"
    assert titles["004"].published == "2025-10-28"
    assert titles["003"].published == "2025-10-28"
    assert titles["001"].outlet == "" and titles["001"].url == ""
    engine.close()


def test_article_without_metadata_is_indexed_with_a_derived_title(
    fake_settings: CoreSettings, seeds_dir: Path
) -> None:
    (seeds_dir / "005_new.txt").write_text(NEW_ARTICLE)
    engine = open_engine(fake_settings, FakeEmbedder())
    new = next(s for s in engine.sources() if s.source.id == "005_new")
    assert new.source.title == "Zebracorn Mining Opens New Refinery" and new.chunks >= 1
    engine.close()


# --- reindex ------------------------------------------------------------------------------------


def test_reindex_reports_what_changed(fake_settings: CoreSettings, seeds_dir: Path) -> None:
    fake = FakeEmbedder()
    engine = open_engine(fake_settings, fake)
    path = next(seeds_dir.glob("002_*.txt"))
    path.write_text(path.read_text() + "\nOfficials added a final remark about zebracorn refining.\n")
    next(seeds_dir.glob("004_*.txt")).unlink()
    (seeds_dir / "005_new.txt").write_text(NEW_ARTICLE)

    report = engine.reindex()
    assert report.added == ("Zebracorn Mining Opens New Refinery",)
    assert report.removed == (TITLE_004,)
    assert report.changed == (TITLE_002,)
    assert report.unchanged == 3 and report.sources == 5
    assert report.chunks == engine.chunk_count
    assert report.changed_anything and report.embedded > 0
    assert {s.source.id for s in engine.sources()} == {*SEED_IDS[:4], "005_new"}
    assert "Nevada" in engine.source_text("005_new") and engine.source_text(SEED_IDS[4]) == ""

    embedded = fake.build_texts
    again = engine.reindex()
    assert not again.changed_anything and again.unchanged == 5
    assert again.embedded == 0 and fake.build_texts == embedded
    engine.close()


def test_a_lost_index_is_rebuilt_from_the_cache(fake_settings: CoreSettings) -> None:
    import shutil

    first = open_engine(fake_settings, FakeEmbedder())
    assert first.opened_report is not None and first.opened_report.embedded > 0
    first.close()
    shutil.rmtree(fake_settings.index_dir)  # lose the index, keep the cache
    fake = FakeEmbedder()
    engine = open_engine(fake_settings, fake)
    assert engine.opened_report is not None and engine.opened_report.embedded == 0
    assert fake.build_texts == 0
    engine.close()


def test_reindex_while_one_runs_is_busy_and_answers_come_from_the_old_index(
    fake_settings: CoreSettings, seeds_dir: Path
) -> None:
    fake = FakeEmbedder()
    engine = open_engine(fake_settings, fake)
    (seeds_dir / "005_new.txt").write_text(NEW_ARTICLE)
    fake.hold_on = "zebracorn"  # the rebuild blocks when it embeds the new article
    reports = []
    worker = threading.Thread(target=lambda: reports.append(engine.reindex()))
    worker.start()
    try:
        assert fake.entered.wait(10), "the rebuild never reached the embedder"
        with pytest.raises(ReindexBusy):
            engine.reindex()

        answers: list[Answer] = []
        errors: list[BaseException] = []

        def ask(question: str) -> None:
            try:
                answers.append(engine.answer(question))
            except BaseException as exc:  # reported below
                errors.append(exc)

        covered = (LITHIUM, "Where was the agreement signed?")

        askers = [
            threading.Thread(target=ask, args=(q,))
            for q in [LITHIUM, "Where was the agreement signed?", "Where did Zebracorn open it?"] * 3
        ]
        for t in askers:
            t.start()
        for t in askers:
            t.join(10)
        assert not errors and len(answers) == 9
        assert all(a.answered for a in answers if a.question in covered)  # in any order
        # still the old index: the new article is neither listed nor quoted
        assert "005_new" not in {s.source.id for s in engine.sources()}
        assert all(q.source.id != "005_new" for a in answers for q in a.quotes)
    finally:
        fake.hold_on = None
        fake.release.set()
        worker.join(10)
    assert not worker.is_alive() and reports
    assert reports[0].added == ("Zebracorn Mining Opens New Refinery",)
    assert "005_new" in {s.source.id for s in engine.sources()}
    assert engine.reindex().embedded == 0  # the lock was released
    engine.close()


def test_failed_reindex_keeps_the_live_index(fake_settings: CoreSettings, seeds_dir: Path) -> None:
    engine = open_engine(fake_settings, FakeEmbedder())
    generation = engine.generation
    for p in seeds_dir.glob("*.txt"):
        p.unlink()
    with pytest.raises(CorpusError, match="no articles"):
        engine.reindex()
    assert engine.answer(LITHIUM).answered
    assert len(engine.sources()) == 5 and engine.generation == generation
    assert store.read_current(fake_settings.index_dir) == generation
    engine.close()


# --- other processes on the same data folder ------------------------------------------------


def test_a_rebuild_published_by_another_engine_is_picked_up(
    fake_settings: CoreSettings, seeds_dir: Path
) -> None:
    serving = open_engine(fake_settings, FakeEmbedder())
    other = open_engine(fake_settings, FakeEmbedder())  # e.g. an operator's `python -m index build`
    assert other.opened_report is None
    (seeds_dir / "005_new.txt").write_text(NEW_ARTICLE)
    other.reindex()
    assert "005_new" not in {s.source.id for s in serving.sources()}
    assert serving.refresh() is True
    assert "005_new" in {s.source.id for s in serving.sources()}
    assert serving.chunk_count == other.chunk_count and "Nevada" in serving.source_text("005_new")
    assert serving.generation == other.generation
    assert serving.refresh() is False  # nothing newer
    serving.close()
    other.close()


HOLDER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {repo!r})
    from pathlib import Path
    from index import store
    with store.build_lock(Path({index!r})):
        print("locked", flush=True)
        sys.stdin.readline()
    """
)


def test_a_rebuild_in_another_process_makes_reindex_busy(fake_settings: CoreSettings) -> None:
    engine = open_engine(fake_settings, FakeEmbedder())
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER.format(repo=str(REPO), index=str(fake_settings.index_dir))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(ReindexBusy, match="Another process"):
            engine.reindex()
        assert engine.answer(LITHIUM).answered
    finally:
        holder.kill()
        holder.wait(30)
    assert not engine.reindex().changed_anything  # free again once it has gone
    engine.close()


def test_folders_a_killed_build_left_are_removed_at_the_next_start(
    fake_settings: CoreSettings, fake: FakeEmbedder
) -> None:
    open_engine(fake_settings, fake).close()
    orphan = fake_settings.index_dir / "segments" / ".seg-killed-build.tmp"
    fresh = fake_settings.index_dir / "segments" / ".seg-being-written.tmp"
    for folder in (orphan, fresh):
        folder.mkdir()
        (folder / "unit_sum.npy").write_bytes(b"\0" * 100)
    old = time.time() - 3600
    os.utime(orphan, (old, old))
    open_engine(fake_settings, fake).close()  # nothing changed: served as is, and tidied
    assert not orphan.exists()
    assert fresh.exists()  # maybe another process's build under way: left alone


def test_a_data_folder_of_the_first_version_is_rebuilt_and_its_build_removed(
    fake_settings: CoreSettings, fake: FakeEmbedder, caplog: pytest.LogCaptureFixture
) -> None:
    index_dir = fake_settings.index_dir
    first = index_dir / "build-20251101T120000-0123abcd"
    first.mkdir(parents=True)
    (first / "vectors.npy").write_bytes(b"\0" * 100)
    (index_dir / "CURRENT").write_text(first.name, encoding="utf-8")
    old = time.time() - 3600
    os.utime(first, (old, old))
    with caplog.at_level(logging.WARNING, logger="index"):
        engine = open_engine(fake_settings, fake)
    assert engine.answer(LITHIUM).answered
    engine.close()
    assert "first version" in caplog.text and "Traceback" not in caplog.text
    assert not first.exists()
