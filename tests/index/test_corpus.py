"""Loading the seeds folder (index/corpus.py): hostile and odd files, and what the operator sees.

Each case builds a small folder under tmp_path and checks the sources that come out and the
warnings that are logged (once each, one line each) and reported in `Corpus.skipped`.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from index_testkit import SEEDS

from index.corpus import article_paths, load_corpus
from index.records import CorpusError

ARTICLE = (
    "Zebracorn Mining Opens New Refinery\n"
    "The Zebracorn company opened a rare earth refinery in Nevada on Monday, officials said. "
    "The plant will process neodymium for magnets.\n"
)
SECRET = "The vault password is hunter2 and the launch codes are in the second drawer.\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "zebra.txt").write_text(ARTICLE, encoding="utf-8")
    return seeds


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    secret = tmp_path / "private" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(SECRET, encoding="utf-8")
    return secret


def warnings_logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    records = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert all(r.exc_info is None and "\n" not in r.getMessage() for r in records)
    return [r.getMessage() for r in records]


def ids(corpus) -> list[str]:
    return sorted(d.source.id for d in corpus.documents)


# --- links ----------------------------------------------------------------------------------


def test_a_link_to_a_file_outside_the_folder_is_never_read(folder, outside, caplog) -> None:
    (folder / "leak.txt").symlink_to(outside)
    (folder / "relative.md").symlink_to(Path("..") / "private" / "secret.txt")
    caplog.set_level(logging.WARNING)
    corpus = load_corpus(folder)
    assert ids(corpus) == ["zebra"]
    assert not any("hunter2" in d.raw for d in corpus.documents)
    assert list(corpus.skipped) == [
        "leak.txt: a link to a file outside the seeds folder; not read",
        "relative.md: a link to a file outside the seeds folder; not read",
    ]
    assert warnings_logged(caplog) == [f"skipped {s}" for s in corpus.skipped]


def test_a_link_inside_the_folder_is_read(folder) -> None:
    (folder / "sub").mkdir()
    (folder / "sub" / "kept.txt").write_text(ARTICLE.replace("Zebracorn", "Okapi"))
    (folder / "okapi.txt").symlink_to(Path("sub") / "kept.txt")
    corpus = load_corpus(folder)
    assert ids(corpus) == ["okapi", "zebra"] and corpus.skipped == ()


def test_a_link_through_a_linked_folder_that_leads_outside_is_refused(folder, outside) -> None:
    (folder / "sub").symlink_to(outside.parent)  # a folder link, itself never listed
    (folder / "via.txt").symlink_to(Path("sub") / "secret.txt")
    corpus = load_corpus(folder)
    assert ids(corpus) == ["zebra"]
    assert corpus.skipped == ("via.txt: a link to a file outside the seeds folder; not read",)


def test_a_broken_link_is_reported(folder) -> None:
    (folder / "gone.txt").symlink_to(folder / "nowhere.txt")
    corpus = load_corpus(folder)
    assert corpus.skipped == ("gone.txt: a link to a file that does not exist; not read",)


def test_a_folder_of_outside_links_only_is_a_clear_error(tmp_path: Path, outside) -> None:
    seeds = tmp_path / "links"
    seeds.mkdir()
    (seeds / "leak.txt").symlink_to(outside)
    with pytest.raises(CorpusError) as err:
        article_paths(seeds)
    assert "no articles" in str(err.value) and "leak.txt: a link" in str(err.value)
    assert "hunter2" not in str(err.value)


def test_sources_toml_linked_from_outside_is_not_read(folder, tmp_path: Path) -> None:
    foreign = tmp_path / "private" / "sources.toml"
    foreign.parent.mkdir()
    foreign.write_text('["zebra.txt"]\ntitle = "hunter2 is the password"\n')
    (folder / "sources.toml").symlink_to(foreign)
    corpus = load_corpus(folder)
    [doc] = corpus.documents
    assert doc.source.title == "Zebracorn Mining Opens New Refinery"
    assert corpus.skipped == (
        "sources.toml: a link to a file outside the seeds folder; not read "
        "(titles are taken from the articles)",
    )


def test_sources_toml_linked_inside_the_folder_is_read(folder) -> None:
    (folder / "meta").mkdir()
    (folder / "meta" / "real.toml").write_text('["zebra.txt"]\ntitle = "From the link"\n')
    (folder / "sources.toml").symlink_to(Path("meta") / "real.toml")
    [doc] = load_corpus(folder).documents
    assert doc.source.title == "From the link"


# --- files that are not articles ---------------------------------------------------------------


def test_high_bytes_without_nul_are_skipped_as_not_text(folder, caplog) -> None:
    undefined = (0x81, 0x8D, 0x8F, 0x90, 0x9D)
    high = bytes(b for b in os.urandom(30_000) if b >= 0x80 and b not in undefined)
    (folder / "noise.txt").write_bytes(high)
    caplog.set_level(logging.WARNING)
    corpus = load_corpus(folder)
    assert ids(corpus) == ["zebra"]
    [skip] = corpus.skipped
    assert skip.startswith("noise.txt: not text")
    assert warnings_logged(caplog) == [f"skipped {skip}"]


@pytest.mark.parametrize(
    "furniture",
    [
        "Facebook Twitter LinkedIn\nShare this article\n",
        "Share on Facebook | Share on X | Email\n\nLeave a comment\n",
        "Home | World\n",  # unknown furniture, but no article: too few words
    ],
)
def test_a_file_of_page_furniture_only_is_skipped(folder, furniture: str) -> None:
    (folder / "share.txt").write_text(furniture)
    corpus = load_corpus(folder)
    assert ids(corpus) == ["zebra"]
    assert all("Facebook" not in d.source.title for d in corpus.documents)
    [skip] = corpus.skipped
    assert skip.startswith("share.txt: ") and ("furniture" in skip)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_articles_are_indexed(folder, encoding: str) -> None:
    text = ARTICLE.replace("Zebracorn", "Okapi")
    (folder / "okapi.txt").write_bytes(text.encode(encoding))
    corpus = load_corpus(folder)
    assert corpus.skipped == ()
    okapi = next(d for d in corpus.documents if d.source.id == "okapi")
    assert okapi.source.title == "Okapi Mining Opens New Refinery"
    assert "neodymium for magnets" in okapi.clean


# --- metadata problems are reported with the skips ------------------------------------------


def test_metadata_warnings_are_logged_once_and_reported(folder, caplog) -> None:
    (folder / "sources.toml").write_text(
        '["zebra.txt"]\ntitle = ["a", "b"]\noutlet = "Wire"\n\n["gone.txt"]\ntitle = "G"\n'
    )
    caplog.set_level(logging.WARNING)
    corpus = load_corpus(folder)
    [doc] = corpus.documents
    assert doc.source.title == "Zebracorn Mining Opens New Refinery"  # derived, not "['a', 'b']"
    assert doc.source.outlet == "Wire"
    assert list(corpus.skipped) == [
        'sources.toml line 1: ["zebra.txt"]: title must be a string, not a list; ignored',
        'sources.toml line 5: ["gone.txt"] names no article file in the folder; ignored',
    ]
    assert warnings_logged(caplog) == [f"skipped {s}" for s in corpus.skipped]


def test_one_syntax_error_keeps_every_other_articles_metadata(seeds_dir: Path) -> None:
    manifest = seeds_dir / "sources.toml"
    text = manifest.read_text()
    manifest.write_text(text.replace('outlet = "Clash Report"', 'outlet = "Clash Report'))
    corpus = load_corpus(seeds_dir)
    titles = {d.source.id[:3]: d.source for d in corpus.documents}
    assert titles["004"].title == "Japan in Critical Minerals Agreement with U.S."
    assert titles["004"].outlet == "Barnes, Richardson & Colburn, LLP"
    assert titles["002"].title.startswith("US and Japan sign critical minerals")
    assert titles["001"].outlet == ""  # only the broken entry fell back to the text
    [warning] = corpus.skipped
    assert warning.startswith("sources.toml line 15: not valid TOML")
    assert warning.endswith('["001_bd96c734c061e8b4.txt"] is ignored')


def test_the_real_seeds_load_without_a_warning() -> None:
    assert load_corpus(SEEDS).skipped == ()


# --- the folder itself --------------------------------------------------------------------------


def test_an_unreadable_seeds_folder_is_a_clear_error(folder, monkeypatch) -> None:
    # The suite may run as root, where chmod cannot make a folder unreadable: fail the listing.
    real_iterdir = Path.iterdir

    def iterdir(self: Path):
        if self == folder:
            raise PermissionError(13, "Permission denied", str(self))
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    with pytest.raises(CorpusError, match=r"cannot read the seeds folder .*Permission denied"):
        load_corpus(folder)


def test_a_title_is_never_taken_from_an_invisible_first_line(folder) -> None:
    (folder / "zebra.txt").write_text("\u2060\u200d\n" + ARTICLE)
    (folder / "sources.toml").write_text('["zebra.txt"]\ntitle = "\u200b\u200b"\n')
    [doc] = load_corpus(folder).documents
    assert doc.source.title == "Zebracorn Mining Opens New Refinery"


def test_the_page_furniture_is_kept_beside_the_story_but_out_of_its_text() -> None:
    corpus = load_corpus(SEEDS)
    clash = next(d for d in corpus.documents if d.source.outlet == "Clash Report")
    assert "Lynas Raises $538mn to Expand Rare Earths Supply Chain" in clash.furniture
    assert "Lynas" not in clash.clean  # never quoted
    assert not any("JERA" in line for line in clash.furniture)  # the story stays the story
