"""The Engine over the real seeds with a deterministic fake embedder: open, rebuild, reindex."""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path

import pytest
from index_testkit import SEED_IDS, FakeEmbedder, make_settings

from index import store
from index.config import CoreSettings
from index.embed import Embedder
from index.engine import Engine
from index.records import Answer, CorpusError, QuestionError, ReindexBusy

TITLE_002 = "US and Japan sign critical minerals and rare earths framework in Tokyo"
TITLE_004 = "Japan in Critical Minerals Agreement with U.S."
NEW_ARTICLE = (
    "Zebracorn Mining Opens New Refinery\n"
    "The Zebracorn company opened a rare earth refinery in Nevada on Monday, officials said. "
    "The zebracorn plant will process neodymium for magnets.\n"
)


def open_engine(settings: CoreSettings, embedder: FakeEmbedder) -> Engine:
    return Engine.open(settings, embedder=embedder)


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
    vecs = fake.embed(["Rare earths deal", "rare earths deal", "weather in Tokyo", ""])
    assert vecs.shape == (4, 64) and vecs.dtype.name == "float32"
    assert (abs((vecs**2).sum(axis=1) - 1) < 1e-5).all()
    assert (vecs[0] == vecs[1]).all() and not (vecs[0] == vecs[2]).all()
    assert fake.count_model_tokens("three word text") == 5


def test_open_builds_then_loads(fake_settings: CoreSettings, fake: FakeEmbedder) -> None:
    engine = open_engine(fake_settings, fake)
    report = engine.opened_report
    assert report is not None and report.sources == 5 and report.embedded > 0
    assert sorted(s.source.id for s in engine.sources()) == list(SEED_IDS)
    assert engine.chunk_count == sum(s.chunks for s in engine.sources()) > 10
    assert engine.manifest.model == fake.name and engine.manifest.dim == 64
    engine.close()

    again = open_engine(fake_settings, FakeEmbedder())
    assert again.opened_report is None  # loaded, not rebuilt
    assert again.chunk_count == engine.chunk_count
    again.close()


def test_answers_quote_sources_verbatim(fake_settings: CoreSettings, fake: FakeEmbedder) -> None:
    engine = open_engine(fake_settings, fake)
    answer = engine.answer("What is lithium essential for?")
    assert isinstance(answer, Answer) and answer.answered
    top = answer.quotes[0]
    assert top.text == "Lithium is essential for rechargeable batteries."
    assert top.source.id.startswith("003") and top.source.title
    assert 1 <= len(answer.quotes) <= 3
    declined = engine.answer("zebracorn unicorn xylophone")
    assert not declined.answered and declined.quotes == ()
    assert declined.suggestion.startswith("The articles don't cover that.")
    assert declined.reason == "not_covered"
    with pytest.raises(QuestionError):
        engine.answer("   ")
    with pytest.raises(QuestionError, match="2,000"):
        engine.answer("why " * 600)
    engine.close()


# --- rebuild on mismatch ------------------------------------------------------------------------


def build_folder(settings: CoreSettings) -> str:
    return (settings.index_dir / store.POINTER).read_text()


def test_another_model_triggers_a_rebuild(fake_settings: CoreSettings, caplog) -> None:
    open_engine(fake_settings, FakeEmbedder()).close()
    before = build_folder(fake_settings)
    caplog.set_level(logging.INFO)
    engine = open_engine(fake_settings, FakeEmbedder(name="another-model"))
    assert engine.opened_report is not None
    assert engine.manifest.model == "another-model"
    assert build_folder(fake_settings) != before
    assert any("stale" in r.getMessage() and "model" in r.getMessage() for r in caplog.records)
    assert not warnings_of(caplog)
    engine.close()


def test_another_dimension_triggers_a_rebuild(fake_settings: CoreSettings) -> None:
    open_engine(fake_settings, FakeEmbedder()).close()
    engine = open_engine(fake_settings, FakeEmbedder(dim=32))
    assert engine.opened_report is not None and engine.manifest.dim == 32
    assert engine.answer("What is lithium essential for?").answered
    engine.close()


def test_other_chunker_params_trigger_a_rebuild(fake_settings: CoreSettings, caplog) -> None:
    open_engine(fake_settings, FakeEmbedder()).close()
    folder = fake_settings.index_dir / build_folder(fake_settings)
    manifest = json.loads((folder / store.MANIFEST).read_text())
    manifest["chunker"]["max_tokens"] = 999
    (folder / store.MANIFEST).write_text(json.dumps(manifest))
    caplog.set_level(logging.INFO)
    engine = open_engine(fake_settings, FakeEmbedder())
    assert engine.opened_report is not None
    assert engine.manifest.chunker["max_tokens"] == 160
    assert any("chunker parameters changed" in r.getMessage() for r in caplog.records)
    engine.close()


def test_a_changed_article_triggers_a_rebuild(fake_settings: CoreSettings, seeds_dir: Path) -> None:
    open_engine(fake_settings, FakeEmbedder()).close()
    path = next(seeds_dir.glob("002_*.txt"))
    path.write_text(path.read_text() + "\nA brand new closing sentence about zebracorn mining.\n")
    fake = FakeEmbedder()
    engine = open_engine(fake_settings, fake)
    report = engine.opened_report
    assert report is not None and report.changed == (TITLE_002,)
    assert report.added == () and report.removed == () and report.unchanged == 4
    # only the new text was embedded; the rest came from the cache
    assert 0 < report.embedded < 10
    engine.close()


# --- damaged files --------------------------------------------------------------------------------


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def garble(path: Path) -> None:
    path.write_bytes(bytes(b ^ 0xA5 for b in path.read_bytes()))


@pytest.mark.parametrize(
    ("name", "damage"),
    [
        (store.CHUNK_INDEX, truncate),
        (store.CHUNK_INDEX, garble),
        (store.RECORDS, truncate),
        (store.RECORDS, garble),
        (store.WINDOW_VECTORS, truncate),
        (store.WINDOW_VECTORS, garble),
        (store.MANIFEST, truncate),
        (store.MANIFEST, garble),
        (store.POINTER, truncate),
        (store.POINTER, garble),
    ],
)
def test_damaged_index_is_reported_in_one_line_and_rebuilt(
    fake_settings: CoreSettings, caplog, name: str, damage
) -> None:
    open_engine(fake_settings, FakeEmbedder()).close()
    index_dir = fake_settings.index_dir
    target = (
        index_dir / name
        if name == store.POINTER
        else index_dir / build_folder(fake_settings) / name
    )
    damage(target)
    caplog.set_level(logging.INFO)
    fake = FakeEmbedder()
    engine = open_engine(fake_settings, fake)  # never raises
    assert_one_line_warning(caplog, "rebuilding")
    assert engine.opened_report is not None and engine.opened_report.sources == 5
    assert fake.texts_embedded < 10  # the rebuild re-embedded nothing but the warm-up
    assert engine.answer("What is lithium essential for?").answered
    engine.close()
    # the rebuilt index is whole: it loads cleanly, and only one build is left
    assert store.load(index_dir).manifest.chunks == engine.chunk_count
    assert len([p for p in index_dir.iterdir() if p.is_dir()]) == 1


def test_manifest_with_wrong_types_is_reported_in_one_line_and_rebuilt(
    fake_settings: CoreSettings, caplog
) -> None:
    open_engine(fake_settings, FakeEmbedder()).close()
    path = fake_settings.index_dir / build_folder(fake_settings) / store.MANIFEST
    path.write_text(json.dumps({**json.loads(path.read_text()), "files": None}))
    caplog.set_level(logging.INFO)
    engine = open_engine(fake_settings, FakeEmbedder())
    assert_one_line_warning(caplog, "manifest")
    assert engine.opened_report is not None
    engine.close()


def test_damaged_embedding_cache_is_set_aside(fake_settings: CoreSettings, caplog) -> None:
    fake_settings.data_dir.mkdir(parents=True)
    (fake_settings.data_dir / "embeddings.sqlite").write_bytes(b"this is not a database" * 100)
    caplog.set_level(logging.INFO)
    engine = open_engine(fake_settings, FakeEmbedder())
    assert_one_line_warning(caplog, "embedding cache")
    assert engine.answer("What is lithium essential for?").answered
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
    assert str(seeds) in message
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
    path.write_text(
        path.read_text() + "\nOfficials added a final remark about zebracorn refining.\n"
    )
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
    assert engine.answer("Where did Zebracorn open its refinery?").quotes[0].source.id == "005_new"

    fake.texts_embedded = 0
    again = engine.reindex()
    assert not again.changed_anything and again.unchanged == 5
    assert again.embedded == 0 and fake.texts_embedded == 0
    engine.close()


def test_unchanged_rebuild_embeds_nothing_thanks_to_the_cache(fake_settings: CoreSettings) -> None:
    first = open_engine(fake_settings, FakeEmbedder())
    total = first.opened_report.embedded
    first.close()
    for build in fake_settings.index_dir.iterdir():  # lose the index, keep the cache
        if build.is_dir():
            for f in build.iterdir():
                f.unlink()
            build.rmdir()
    fake = FakeEmbedder()
    engine = open_engine(fake_settings, fake)
    assert engine.opened_report is not None and total > 0
    assert engine.opened_report.embedded == 0
    engine.close()


def test_reindex_while_one_runs_is_busy_and_answers_keep_coming(
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
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        askers = [
            threading.Thread(target=ask, args=(q,))
            for q in ["What is lithium essential for?", "Where was the agreement signed?"] * 3
        ]
        for t in askers:
            t.start()
        for t in askers:
            t.join(10)
        assert not errors and len(answers) == 6
        assert all(a.answered for a in answers)
        # still the old index: the new article is not searchable yet
        assert "005_new" not in {s.source.id for s in engine.sources()}
    finally:
        fake.hold_on = None
        fake.release.set()
        worker.join(10)
    assert (
        not worker.is_alive()
        and reports
        and reports[0].added == ("Zebracorn Mining Opens New Refinery",)
    )
    assert "005_new" in {s.source.id for s in engine.sources()}
    assert engine.reindex().embedded == 0  # the lock was released
    engine.close()


def test_failed_reindex_keeps_the_live_index(fake_settings: CoreSettings, seeds_dir: Path) -> None:
    engine = open_engine(fake_settings, FakeEmbedder())
    for p in seeds_dir.glob("*.txt"):
        p.unlink()
    with pytest.raises(CorpusError, match="no articles"):
        engine.reindex()
    assert engine.answer("What is lithium essential for?").answered
    assert len(engine.sources()) == 5
    engine.close()
