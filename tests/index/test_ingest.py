"""Adding and removing articles: validation before any write, and consistency after a crash."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest
from index_testkit import REPO, SEED_IDS, FakeEmbedder

from index.engine import Engine
from index.ingest import (
    MAX_INGEST_BYTES,
    ArticleMeta,
    IngestError,
    manifest_with,
    manifest_without,
    safe_filename,
    validate_article,
)
from index.records import ReindexBusy

ARTICLE = (
    b"Australia and Japan agree lithium deal\n"
    b"Australia and Japan signed a lithium supply agreement in Perth on November 3, 2025. "
    b"The deal covers 40,000 tonnes of lithium hydroxide per year from the Greenbushes mine.\n"
    b"Leave a comment\n"
)
META = ArticleMeta(title="Australia–Japan lithium deal", outlet="Test Wire", published="2025-11-03")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


# --- validation (nothing is written) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "meta", "message"),
    [
        (b"x" * (MAX_INGEST_BYTES + 1), "a.txt", META, "at most 1 MB"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a.txt", META, "not readable text"),
        (b"", "a.txt", META, "empty"),
        (b"  \n\t\n", "a.md", META, "empty"),
        (b"Leave a comment\nRelated News\n", "a.txt", META, "no article text"),
        (ARTICLE, "a.pdf", META, ".txt or .md"),
        (ARTICLE, "a.txt", ArticleMeta(title="  "), "title is required"),
        (ARTICLE, "a.txt", ArticleMeta(title="t" * 201), "title is too long"),
        (ARTICLE, "a.txt", ArticleMeta(title="T", published="3 Nov 2025"), "YYYY-MM-DD"),
        (ARTICLE, "a.txt", ArticleMeta(title="T", published="2025-02-30"), "YYYY-MM-DD"),
        (ARTICLE, "a.txt", ArticleMeta(title="T", url="javascript:alert(1)"), "http"),
        (ARTICLE, "a.txt", ArticleMeta(title="T", url="ftp://example.com/a"), "http"),
        (ARTICLE, "a.txt", ArticleMeta(title="T", url="data:text/html,hi"), "http"),
        (
            ARTICLE,
            "a.txt",
            ArticleMeta(title="T", url="https://discord.com@evil.example/"),
            "user name or password",
        ),
        (ARTICLE, "a.txt", ArticleMeta(title="T", url="https://user:pw@host/"), "user name"),
        (ARTICLE, "a.txt", ArticleMeta(title="\u200b\u200d\ufeff"), "title is required"),
        (ARTICLE, "a.txt", ArticleMeta(title="\u3164 \u2060"), "title is required"),
        (ARTICLE, "a.txt", ArticleMeta(title="Deal \u202etxt.exe"), r"direction \(U\+202E\)"),
        (ARTICLE, "a.txt", ArticleMeta(title="\u2066Deal\u2069"), "U\\+2066, U\\+2069"),
        (ARTICLE, "a.txt", ArticleMeta(title="T", outlet="Wire\u202d"), "outlet contains"),
        (ARTICLE, "a.txt", ArticleMeta(title="T\ud800"), "not valid text"),
        (b"Facebook Twitter LinkedIn\nShare this article\n", "a.txt", META, "no article text"),
        (bytes(range(0xA0, 0x100)) * 50, "a.txt", META, "not readable text"),
    ],
)
def test_bad_uploads_are_refused_with_the_reason(data, name, meta, message) -> None:
    with pytest.raises(IngestError, match=message):
        validate_article(data, name, meta, corpus=None)


def test_a_duplicate_says_which_article_it_duplicates(fake_settings) -> None:
    from index.corpus import load_corpus

    corpus = load_corpus(fake_settings.seeds_dir)
    same = (fake_settings.seeds_dir / f"{SEED_IDS[1]}.txt").read_bytes()
    reflowed = b"  " + same.replace(b"\n", b"\n\n").upper()  # whitespace and case don't matter
    for data in (same, reflowed):
        with pytest.raises(
            IngestError, match=re.escape("U.S. and Japan Sign Rare Earths Supply Deal")
        ):
            validate_article(data, "copy.txt", ArticleMeta(title="Copy"), corpus)


def test_invisible_characters_are_dropped_from_the_metadata() -> None:
    meta = ArticleMeta(title="\u200bLithium\u00a0deal\ufeff", outlet="\u200b", author="A\u200e B")
    article = validate_article(ARTICLE, "a.txt", meta, corpus=None)
    assert article.meta.title == "Lithium deal"
    assert article.meta.outlet == "" and article.meta.author == "A B"


def test_a_utf16_upload_is_accepted_and_saved_as_utf8() -> None:
    text = ARTICLE.decode()
    article = validate_article(text.encode("utf-16"), "a.txt", META, corpus=None)
    assert article.text == text


def test_the_file_name_comes_from_the_title_never_from_the_upload() -> None:
    article = validate_article(
        ARTICLE, "../../etc/passwd.txt", ArticleMeta(title="../../etc/passwd"), corpus=None
    )
    assert article.filename == "etc-passwd.txt"
    assert safe_filename("Australia–Japan deal", set()) == "australia-japan-deal.txt"
    assert safe_filename("日本の鉱物", set()) == "article.txt"
    assert safe_filename("Deal", {"deal.txt", "deal-2.txt"}) == "deal-3.txt"
    for title in ("..", "/", "\\..\\x", "a/../../b", "\x00"):
        name = safe_filename(title, set(), ".md")
        assert "/" not in name and "\\" not in name and not name.startswith(".")


def test_mojibake_in_an_upload_is_repaired_like_the_seeds() -> None:
    data = "Lithium deal\nThe minister said it’s “a new era” for the region’s miners.\n"
    garbled = data.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8")
    from index.text import clean_text

    article = validate_article(garbled, "a.txt", ArticleMeta(title="Lithium"), corpus=None)
    assert "it’s “a new era”" in clean_text(article.text).text


def test_manifest_edits_keep_comments_and_other_entries() -> None:
    original = (REPO / "seeds" / "sources.toml").read_text(encoding="utf-8")
    meta = ArticleMeta(title='He said "hi" \\ bye', outlet="Wire", url="https://example.com/a")
    added = manifest_with(original, "new.txt", meta)
    parsed = tomllib.loads(added)
    assert parsed["new.txt"]["title"] == 'He said "hi" \\ bye'
    assert parsed["new.txt"]["url"] == "https://example.com/a"
    assert added.startswith(original.rstrip("\n"))  # comments and entries untouched
    assert manifest_without(added, "new.txt").rstrip("\n") == original.rstrip("\n")
    replaced = manifest_with(added, "new.txt", ArticleMeta(title="Second"))
    assert tomllib.loads(replaced)["new.txt"]["title"] == "Second"
    assert replaced.count('["new.txt"]') == 1


# --- the engine ------------------------------------------------------------------------------


def test_ingest_adds_an_attributed_source(fake_settings, fake) -> None:
    engine = Engine.open(fake_settings, embedder=fake)
    before = fake.build_texts
    result = engine.ingest(ARTICLE, "upload.txt", META)
    assert result.report.added == ("Australia–Japan lithium deal",)
    assert 0 < result.report.embedded == fake.build_texts - before  # only the new article
    assert result.source.outlet == "Test Wire" and result.source.published == "2025-11-03"
    assert (fake_settings.seeds_dir / "australia-japan-lithium-deal.txt").read_bytes() == ARTICLE
    assert result.source in {s.source for s in engine.sources()}
    assert "40,000 tonnes" in engine.source_text(result.source.id)
    assert "Leave a comment" not in engine.source_text(result.source.id)
    engine.close()


def test_an_ingested_article_answers_what_only_it_says(fake_settings, fake) -> None:
    engine = Engine.open(fake_settings, embedder=fake)
    result = engine.ingest(ARTICLE, "upload.txt", META)
    answer = engine.answer("How many tonnes of lithium hydroxide from the Greenbushes mine?")
    assert answer.answered
    assert answer.quotes[0].source == result.source
    assert "40,000 tonnes" in answer.quotes[0].text
    engine.close()


def test_a_failed_rebuild_leaves_the_previous_articles_and_index(fake_settings, fake) -> None:
    engine = Engine.open(fake_settings, embedder=fake)
    before = snapshot(fake_settings.seeds_dir)
    sources_before = engine.sources()

    fake.fail_on = "Greenbushes"
    with pytest.raises(RuntimeError, match="embedding died"):
        engine.ingest(ARTICLE, "upload.txt", META)
    assert snapshot(fake_settings.seeds_dir) == before
    assert engine.sources() == sources_before
    engine.close()


def test_remove_makes_a_source_unanswerable(fake_settings, fake) -> None:
    engine = Engine.open(fake_settings, embedder=fake)
    added = engine.ingest(ARTICLE, "upload.txt", META).source
    report = engine.remove(added.id)
    assert report.removed == ("Australia–Japan lithium deal",)
    assert added.id not in {s.source.id for s in engine.sources()}
    assert not (fake_settings.seeds_dir / "australia-japan-lithium-deal.txt").exists()
    manifest = tomllib.loads((fake_settings.seeds_dir / "sources.toml").read_text("utf-8"))
    assert "australia-japan-lithium-deal.txt" not in manifest
    answer = engine.answer("How many tonnes of lithium hydroxide from the Greenbushes mine?")
    assert all(q.source.id != added.id for q in answer.quotes)
    with pytest.raises(IngestError, match="no such source"):
        engine.remove("not-a-source")
    engine.close()


def test_ingest_and_remove_are_refused_while_a_rebuild_runs(fake_settings, fake) -> None:
    import threading

    engine = Engine.open(fake_settings, embedder=fake)
    (fake_settings.seeds_dir / "held.txt").write_text("A held article about zebrafish in Peru.")
    fake.hold_on = "zebrafish"
    worker = threading.Thread(target=engine.reindex)
    worker.start()
    assert fake.entered.wait(30)
    try:
        with pytest.raises(ReindexBusy):
            engine.ingest(ARTICLE, "upload.txt", META)
        with pytest.raises(ReindexBusy):
            engine.remove(SEED_IDS[0])
    finally:
        fake.release.set()
        worker.join(30)
    engine.close()


# --- a crash in the middle -------------------------------------------------------------------

CHILD = textwrap.dedent(
    """
    import os, sys
    sys.path[:0] = [{repo!r}, {testkit!r}]
    from pathlib import Path
    import index.ingest
    from index.engine import Engine
    from index.ingest import ArticleMeta
    from index_testkit import FakeEmbedder, make_settings

    engine = Engine.open(make_settings(Path({seeds!r}), Path({data!r})), embedder=FakeEmbedder())
    if {point!r} == "before-index":
        engine._reindex_locked = lambda *a: os._exit(9)   # killed after the files, before the index
    else:
        real_write, calls = index.ingest._atomic_write, []
        def write(path, text):
            calls.append(path)
            if len(calls) == 2:
                os._exit(9)                              # killed after the metadata, before the article
            real_write(path, text)
        index.ingest._atomic_write = write
    engine.ingest({data_bytes!r}, "upload.txt", ArticleMeta(title="Australia–Japan lithium deal"))
    """
)


@pytest.mark.parametrize("point", ["before-index", "between-metadata-and-article"])
def test_a_crash_mid_ingest_leaves_a_consistent_state_after_restart(
    point, fake_settings, tmp_path
) -> None:
    Engine.open(fake_settings, embedder=FakeEmbedder()).close()  # the index before the upload
    script = CHILD.format(
        repo=str(REPO),
        testkit=str(REPO / "tests" / "index"),
        seeds=str(fake_settings.seeds_dir),
        data=str(fake_settings.data_dir),
        point=point,
        data_bytes=ARTICLE,
    )
    child = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, timeout=120, env={**os.environ}
    )
    assert child.returncode == 9, child.stderr.decode()[-2000:]

    restarted = Engine.open(fake_settings, embedder=FakeEmbedder())  # "the bot starts again"
    ids = {s.source.id for s in restarted.sources()}
    article = fake_settings.seeds_dir / "australia-japan-lithium-deal.txt"
    if point == "before-index":
        # The article and its metadata were written: the restart indexes it, with its title.
        assert article.read_bytes() == ARTICLE
        assert "australia-japan-lithium-deal" in ids
        titles = {s.source.title for s in restarted.sources()}
        assert "Australia–Japan lithium deal" in titles
    else:
        # Only the metadata was written: the article set is the previous one.
        assert not article.exists()
        assert ids == set(SEED_IDS)
    assert not [p for p in fake_settings.seeds_dir.iterdir() if p.name.endswith(".tmp")]
    restarted.close()
    # And the saved index matches the folder, so nothing is rebuilt at the next start.
    fake = FakeEmbedder()
    again = Engine.open(fake_settings, embedder=fake)
    assert again.opened_report is None and fake.build_texts == 0
    assert {s.source.id for s in again.sources()} == ids
    again.close()


def test_names_are_unique_by_stem_because_the_stem_is_the_source_id(seeds_dir) -> None:
    assert safe_filename("Deal", {"deal.md"}) == "deal-2.txt"
    assert safe_filename("Deal", {"DEAL.txt"}, ".md") == "deal-2.md"
    # Two files placed by hand with one stem: the second is skipped, named, not merged.
    from index.corpus import load_corpus

    (seeds_dir / f"{SEED_IDS[0]}.md").write_text("Another article about zebrafish in Peru.")
    corpus = load_corpus(seeds_dir)
    assert sorted(d.source.id for d in corpus.documents) == sorted(SEED_IDS)
    assert any(f"{SEED_IDS[0]}.txt: same name as {SEED_IDS[0]}.md" in s for s in corpus.skipped)


def test_remove_works_when_the_file_was_already_deleted_by_hand(fake_settings, fake) -> None:
    engine = Engine.open(fake_settings, embedder=fake)
    victim = next(s.source for s in engine.sources() if s.source.id == SEED_IDS[4])
    (fake_settings.seeds_dir / f"{victim.id}.txt").unlink()
    report = engine.remove(victim.id)  # used to raise StopIteration (a hang via to_thread)
    assert report.removed == (victim.title,)
    manifest = tomllib.loads((fake_settings.seeds_dir / "sources.toml").read_text("utf-8"))
    assert f"{victim.id}.txt" not in manifest
    engine.close()


def test_a_failed_rebuild_after_remove_puts_the_article_back(
    fake_settings, fake, monkeypatch
) -> None:
    from index import store

    engine = Engine.open(fake_settings, embedder=fake)
    before = snapshot(fake_settings.seeds_dir)
    sources_before = engine.sources()

    real = store._write_bytes

    def disk_full(path, data):
        if path.parent.name == "generations":
            raise OSError(28, "No space left on device")
        real(path, data)

    monkeypatch.setattr(store, "_write_bytes", disk_full)
    with pytest.raises(store.IndexWriteError, match="disk full"):
        engine.remove(SEED_IDS[2])
    assert snapshot(fake_settings.seeds_dir) == before  # the index still quotes it: keep it
    assert engine.sources() == sources_before
    assert store.read_current(fake_settings.index_dir) == engine.generation
    engine.close()


# --- links in the seeds folder -------------------------------------------------------------


def test_ingest_never_reads_or_writes_through_a_link_leading_outside(
    fake_settings, fake, tmp_path
) -> None:
    engine = Engine.open(fake_settings, embedder=fake)
    seeds = fake_settings.seeds_dir
    foreign = tmp_path / "elsewhere" / "sources.toml"
    foreign.parent.mkdir()
    foreign.write_text("# someone else's file: password = hunter2\n")
    (seeds / "sources.toml").unlink()
    (seeds / "sources.toml").symlink_to(foreign)
    names_before = sorted(p.name for p in seeds.iterdir())
    with pytest.raises(IngestError, match="link to a file outside"):
        engine.ingest(ARTICLE, "upload.txt", META)
    assert foreign.read_text() == "# someone else's file: password = hunter2\n"
    assert (seeds / "sources.toml").is_symlink()
    assert sorted(p.name for p in seeds.iterdir()) == names_before
    assert not any("hunter2" in p.read_text() for p in seeds.iterdir() if not p.is_symlink())
    engine.close()


def test_ingest_writes_a_sources_toml_linked_inside_the_folder_through_the_link(
    fake_settings, fake
) -> None:
    seeds = fake_settings.seeds_dir
    (seeds / "meta").mkdir()
    (seeds / "sources.toml").rename(seeds / "meta" / "real.toml")
    (seeds / "sources.toml").symlink_to(Path("meta") / "real.toml")
    engine = Engine.open(fake_settings, embedder=fake)
    result = engine.ingest(ARTICLE, "upload.txt", META)
    assert (seeds / "sources.toml").is_symlink()  # still the operator's link
    entry = tomllib.loads((seeds / "meta" / "real.toml").read_text())[f"{result.source.id}.txt"]
    assert entry["title"] == META.title
    engine.remove(result.source.id)
    assert (seeds / "sources.toml").is_symlink()
    assert f"{result.source.id}.txt" not in tomllib.loads(
        (seeds / "meta" / "real.toml").read_text()
    )
    engine.close()


def test_remove_leaves_a_link_leading_outside_alone(fake_settings, fake, tmp_path) -> None:
    seeds = fake_settings.seeds_dir
    secret = tmp_path / "secret.md"
    secret.write_text("Secret notes that must never be read or moved by the bot at all.\n")
    (seeds / f"{SEED_IDS[3]}.md").symlink_to(secret)
    engine = Engine.open(fake_settings, embedder=fake)
    engine.remove(SEED_IDS[3])
    assert not (seeds / f"{SEED_IDS[3]}.txt").exists()
    assert (seeds / f"{SEED_IDS[3]}.md").is_symlink() and secret.exists()
    engine.close()


def test_ingest_never_writes_through_a_link_named_like_the_new_file(
    fake_settings, fake, tmp_path
) -> None:
    seeds = fake_settings.seeds_dir
    target = tmp_path / "outside" / "planted.txt"  # does not exist: a dangling link
    (seeds / "australia-japan-lithium-deal.txt").symlink_to(target)
    engine = Engine.open(fake_settings, embedder=fake)
    result = engine.ingest(ARTICLE, "upload.txt", META)
    assert result.source.id == "australia-japan-lithium-deal-2"
    assert (seeds / "australia-japan-lithium-deal-2.txt").read_bytes() == ARTICLE
    assert not target.exists() and not target.parent.exists()
    engine.close()
