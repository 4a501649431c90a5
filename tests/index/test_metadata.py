"""`sources.toml` (index/metadata.py): each entry and field checked, the valid ones kept.

What an operator sees is the list of warnings (one line each, naming the file, the line, the
entry and the field); what members see is the metadata that survived.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from index.metadata import read_sources, url_problem

NAMES = {"a.txt", "b.txt", "c.md"}


def sources(tmp_path: Path, text: str, names: set[str] = NAMES):
    path = tmp_path / "sources.toml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return read_sources(path, names)


def test_a_valid_file_gives_every_field_and_no_warning(tmp_path: Path) -> None:
    found = sources(
        tmp_path,
        """
        # comment
        ["a.txt"]
        title = "Deal signed"
        outlet = "Wire"
        author = "A. Writer"
        published = "2025-10-28"
        url = "https://example.com/deal"

        ["b.txt"]
        title = "Other"
        """,
    )
    assert found.warnings == ()
    assert found.entries["a.txt"] == {
        "title": "Deal signed",
        "outlet": "Wire",
        "author": "A. Writer",
        "published": "2025-10-28",
        "url": "https://example.com/deal",
    }
    assert found.entries["b.txt"] == {
        "title": "Other",
        "outlet": "",
        "author": "",
        "published": "",
        "url": "",
    }


def test_wrong_types_are_refused_per_field_not_stringified(tmp_path: Path) -> None:
    found = sources(
        tmp_path,
        """
        ["a.txt"]
        title = 1
        outlet = ["a", "b"]
        author = { name = "x" }
        published = "2025-10-28"
        url = true
        """,
    )
    assert found.entries["a.txt"] == {
        "title": "",
        "outlet": "",
        "author": "",
        "published": "2025-10-28",
        "url": "",
    }
    assert list(found.warnings) == [
        'sources.toml line 2: ["a.txt"]: title must be a string, not a number; ignored',
        'sources.toml line 2: ["a.txt"]: outlet must be a string, not a list; ignored',
        'sources.toml line 2: ["a.txt"]: author must be a string, not a table; ignored',
        'sources.toml line 2: ["a.txt"]: url must be a string, not true/false; ignored',
    ]
    assert not any("['a', 'b']" in str(v) for v in found.entries["a.txt"].values())


def test_unknown_keys_are_warned_with_a_suggestion(tmp_path: Path) -> None:
    found = sources(tmp_path, '["a.txt"]\ntitle = "T"\nautor = "X"\ncolour = "red"\n')
    assert found.entries["a.txt"]["title"] == "T"
    assert found.warnings == (
        "sources.toml line 1: [\"a.txt\"]: unknown key 'autor' (did you mean 'author'?); "
        "the keys are title, outlet, author, published, url",
        "sources.toml line 1: [\"a.txt\"]: unknown key 'colour'; "
        "the keys are title, outlet, author, published, url",
    )


def test_entries_for_files_that_are_not_in_the_folder_are_warned(tmp_path: Path) -> None:
    found = sources(
        tmp_path, '["a.txt"]\ntitle = "A"\n\n["gone.txt"]\ntitle = "G"\n\n["B.txt"]\ntitle = "B"\n'
    )
    assert set(found.entries) == {"a.txt"}
    assert found.warnings == (
        'sources.toml line 4: ["gone.txt"] names no article file in the folder; ignored',
        'sources.toml line 7: ["B.txt"] names no article file in the folder '
        '(did you mean ["b.txt"]?); ignored',
    )


def test_a_syntax_error_costs_only_its_own_entry(tmp_path: Path) -> None:
    found = sources(
        tmp_path,
        """\
        # metadata
        ["a.txt"]
        title = "First"

        ["b.txt"]
        title = "unclosed
        outlet = "Wire"

        ["c.md"]
        title = "Third"
        """,
    )
    assert found.entries == {
        "a.txt": {"title": "First", "outlet": "", "author": "", "published": "", "url": ""},
        "c.md": {"title": "Third", "outlet": "", "author": "", "published": "", "url": ""},
    }
    [warning] = found.warnings
    assert warning.startswith("sources.toml line 6: not valid TOML (")
    assert warning.endswith('; ["b.txt"] is ignored')


def test_a_broken_header_and_a_duplicate_are_reported_with_their_lines(tmp_path: Path) -> None:
    found = sources(
        tmp_path,
        '["a.txt"]\ntitle = "A"\n\n["b.txt"\ntitle = "B"\n\n["a.txt"]\ntitle = "again"\n',
    )
    assert found.entries["a.txt"]["title"] == "A"
    assert "b.txt" not in found.entries
    assert len(found.warnings) == 2
    assert found.warnings[0] == (
        "sources.toml line 4: not valid TOML (Expected ']' at the end of a table declaration); "
        '["b.txt" is ignored'
    )
    assert found.warnings[1] == 'sources.toml line 7: ["a.txt"] appears twice; the first is kept'


@pytest.mark.parametrize("title", ["\u200b", "\u200b\u200d\ufeff", " \u2060 ", "\u3164"])
def test_a_zero_width_title_counts_as_empty(tmp_path: Path, title: str) -> None:
    found = sources(tmp_path, f'["a.txt"]\ntitle = "{title}"\noutlet = "Wire"\n')
    assert found.entries["a.txt"]["title"] == ""
    assert found.entries["a.txt"]["outlet"] == "Wire"


def test_bad_dates_and_urls_are_refused_per_field(tmp_path: Path) -> None:
    found = sources(
        tmp_path,
        """\
        ["a.txt"]
        title = "A"
        published = "28 Oct 2025"
        url = "https://discord.com@evil.example/"

        ["b.txt"]
        published = 2025-10-28
        url = "javascript:alert(1)"

        ["c.md"]
        published = 2025-10-28T10:00:00
        """,
    )
    assert found.entries["a.txt"]["title"] == "A"
    assert found.entries["a.txt"]["published"] == found.entries["a.txt"]["url"] == ""
    assert found.entries["b.txt"]["published"] == "2025-10-28"  # a TOML date is fine
    assert found.entries["b.txt"]["url"] == ""
    assert found.entries["c.md"]["published"] == ""
    assert list(found.warnings) == [
        'sources.toml line 1: ["a.txt"]: published must be a real date written YYYY-MM-DD; ignored',
        'sources.toml line 1: ["a.txt"]: url must not contain a user name or password '
        "(text before an @ hides the real host); ignored",
        'sources.toml line 6: ["b.txt"]: url must start with http:// or https://; ignored',
        'sources.toml line 10: ["c.md"]: published must be a string, not a date-time; ignored',
    ]


def test_an_unquoted_dotted_name_is_read_with_a_warning(tmp_path: Path) -> None:
    found = sources(tmp_path, '[a.txt]\ntitle = "A"\n')
    assert found.entries["a.txt"]["title"] == "A"
    assert found.warnings == (
        'sources.toml line 1: write [a.txt] as ["a.txt"]: unquoted, the dot splits the name',
    )


def test_values_outside_tables_and_unreadable_files(tmp_path: Path) -> None:
    found = sources(tmp_path, 'title = "stray"\n["a.txt"]\ntitle = "A"\n')
    assert found.entries["a.txt"]["title"] == "A"
    assert found.warnings == ("sources.toml: 'title' is not a table of title, outlet, …; ignored",)
    (tmp_path / "sources.toml").write_bytes(b'["a.txt"]\ntitle = "\xff"\n')
    found = read_sources(tmp_path / "sources.toml", NAMES)
    assert found.entries == {} and "unreadable (not UTF-8)" in found.warnings[0]


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://example.com/a?b=c#d", ""),
        ("http://example.com:8080/", ""),
        ("https://discord.com@evil.example/", "user name or password"),
        ("https://user:pw@host/", "user name or password"),
        ("https://discord.com\\@evil.example/", "without spaces"),
        ("javascript:alert(1)", "http:// or https://"),
        ("ftp://example.com/a", "http:// or https://"),
        ("file:///etc/passwd", "http:// or https://"),
        ("https://", "no host"),
        ("https://exa mple.com", "without spaces"),
        ("https://example.com:port/", "not a valid web address"),
    ],
)
def test_url_problem(url: str, problem: str) -> None:
    found = url_problem(url)
    assert (problem in found and found) if problem else found == ""
