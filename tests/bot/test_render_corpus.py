"""What `/ingest` and `/remove` tell moderators: exact texts, and Discord's limits whatever the
metadata (titles and urls come from uploads, so hypothesis tries odd ones)."""

from __future__ import annotations

import re

import discord
from hypothesis import given
from hypothesis import strategies as st
from render_testkit import assert_fits
from render_testkit import odd_source as odd_source_of
from render_testkit import odd_text as odd_text_of

from bot import render_corpus
from bot.render import (
    CONTENT_LIMIT,
    size,
)
from index import MAX_INGEST_BYTES, IngestReport, ReindexReport, Source, SourceSummary

NAGOYA = Source(
    id="nagoya-opens-a-liquid-hydrogen-terminal",
    title="Nagoya opens a liquid hydrogen terminal",
    outlet="Test Wire",
    author="Aiko Mori",
    published="2025-11-12",
    url="https://example.com/nagoya",
)


def summary(source: Source = NAGOYA, chunks: int = 2) -> SourceSummary:
    return SourceSummary(source, chunks, 400, "Port of Nagoya opens liquid hydrogen terminal")


def report(**overrides: object) -> ReindexReport:
    fields: dict[str, object] = {
        "added": (NAGOYA.title,),
        "unchanged": 5,
        "sources": 6,
        "chunks": 35,
        "embedded": 7,
        "took_ms": 1234.0,
    }
    return ReindexReport(**{**fields, **overrides})  # type: ignore[arg-type]


def fields(embed: discord.Embed) -> dict[str, str]:
    return {f.name or "": f.value or "" for f in embed.fields}


# --- the upload's name ------------------------------------------------------------------------


def test_only_the_extension_of_the_uploaded_name_is_passed_on():
    assert render_corpus.upload_name("Article.TXT") == "upload.TXT"
    assert render_corpus.upload_name("../../etc/passwd.md") == "upload.md"
    assert render_corpus.upload_name("..\\..\\boot.ini.txt") == "upload.txt"
    assert render_corpus.upload_name("notes") == "upload"
    assert render_corpus.upload_name("a.t xt") == "upload"
    assert render_corpus.upload_name(".txt") == "upload"  # a hidden file has no extension


@given(st.text())
def test_no_part_of_any_uploaded_name_but_a_plain_extension_gets_through(name: str):
    passed = render_corpus.upload_name(name)
    assert re.fullmatch(r"upload(\.[A-Za-z0-9]{1,10})?", passed)
    assert name.endswith(passed.removeprefix("upload"))


# --- refusals ---------------------------------------------------------------------------------


def test_too_large_gives_exact_sizes():
    assert render_corpus.too_large(1_048_576, MAX_INGEST_BYTES) == (
        "Not added: the file is 1,048,576 bytes; articles can be at most 1 MB (1,000,000 bytes)."
    )


@given(st.text(), st.sampled_from(["Not added", "Not removed"]))
def test_any_refusal_is_one_message_saying_what_was_not_done(reason: str, what: str):
    text = render_corpus.refusal(what, reason)
    assert text.startswith(f"{what}: ")
    assert size(text) <= CONTENT_LIMIT


def test_a_refusal_keeps_the_cores_words():
    reason = "This article is already indexed as “U.S. and Japan Sign Rare Earths Supply Deal”."
    assert render_corpus.refusal("Not added", reason) == f"Not added: {reason}"


# --- /ingest ----------------------------------------------------------------------------------


def test_an_added_article_is_shown_as_it_will_be_cited_with_its_counts():
    embed = render_corpus.render_ingested(IngestReport(NAGOYA, report()), summary())
    assert embed.title == "Article added"
    assert embed.description == (
        "[Nagoya opens a liquid hydrogen terminal](https://example.com/nagoya) — Test Wire, "
        "12 Nov 2025\nby Aiko Mori"
    )
    assert fields(embed) == {"Its passages": "2", "Sources": "6", "Passages": "35"}
    assert embed.footer.text == "id: nagoya-opens-a-liquid-hydrogen-terminal · indexed in 1.2 s"
    assert_fits(embed, titled=True)


def test_hand_edits_picked_up_by_the_same_rebuild_are_reported_too():
    rebuilt = report(
        added=(NAGOYA.title, "Dropped in by hand"),
        changed=("Edited seed",),
        skipped=("broken.txt: not UTF-8",),
    )
    embed = render_corpus.render_ingested(IngestReport(NAGOYA, rebuilt), None)
    assert fields(embed) == {
        "Sources": "6",
        "Passages": "35",
        "Also added (1)": "Dropped in by hand",
        "Also changed (1)": "Edited seed",
        "Files skipped (1)": "broken.txt: not UTF-8",
    }


def test_a_long_list_of_changes_ends_with_how_many_more():
    titles = tuple(f"Article number {n} about something" for n in range(200))
    embed = render_corpus.render_ingested(IngestReport(NAGOYA, report(changed=titles)), None)
    value = fields(embed)["Also changed (200)"]
    lines = value.split("\n")
    assert lines[0] == titles[0]
    assert re.fullmatch(r"and \d+ more", lines[-1])
    assert len(lines) - 1 + int(lines[-1].split()[1]) == 200
    assert_fits(embed, titled=True)


odd_text = odd_text_of(400)
odd_source = odd_source_of(400, "2025-11-12")
odd_titles = st.lists(odd_text, max_size=60).map(tuple)
odd_report = st.builds(
    ReindexReport,
    added=odd_titles,
    removed=odd_titles,
    changed=odd_titles,
    skipped=odd_titles,
    sources=st.integers(0, 10**6),
    chunks=st.integers(0, 10**9),
    took_ms=st.floats(0, 10**8),
)


@given(odd_source, odd_report, st.booleans())
def test_any_added_article_fits_discords_limits(
    source: Source, rebuilt: ReindexReport, known: bool
):
    embed = render_corpus.render_ingested(
        IngestReport(source, rebuilt), summary(source) if known else None
    )
    assert_fits(embed, titled=True)


# --- /remove ----------------------------------------------------------------------------------


def test_the_removal_prompt_names_the_article_and_shows_its_details():
    prompt = render_corpus.removal_prompt(summary())
    assert prompt.content is not None
    assert prompt.content.startswith("Remove **Nagoya opens a liquid hydrogen terminal**? ")
    assert "questions will no longer be answered from it" in prompt.content
    assert prompt.embed is not None
    assert prompt.embed.title == NAGOYA.title


def test_a_removed_article_is_named_with_what_is_left():
    embed = render_corpus.render_removed(
        summary(), report(added=(), removed=(NAGOYA.title,), sources=5, took_ms=25.6)
    )
    assert embed.title == "Article removed"
    assert embed.description == (
        "**Nagoya opens a liquid hydrogen terminal** — Test Wire, 12 Nov 2025\n"
        "is no longer in the seeds folder or the index."
    )
    assert fields(embed) == {"Sources": "5", "Passages": "35"}
    assert embed.footer.text == "id: nagoya-opens-a-liquid-hydrogen-terminal · reindexed in 26 ms"


def test_markdown_in_a_title_shows_as_written():
    odd = Source(id="x", title="**Big** _news_ [here](http://evil)")
    prompt = render_corpus.removal_prompt(summary(odd))
    assert prompt.content is not None
    assert prompt.content.startswith(r"Remove **\*\*Big\*\* \_news\_ \[here\](http://evil)**? ")


@given(odd_source, odd_report)
def test_any_removal_fits_discords_limits(source: Source, rebuilt: ReindexReport):
    prompt = render_corpus.removal_prompt(summary(source))
    assert prompt.content is not None and prompt.embed is not None
    assert size(prompt.content) <= CONTENT_LIMIT
    assert size(render_corpus.removing(summary(source))) <= CONTENT_LIMIT
    assert_fits(render_corpus.render_removed(summary(source), rebuilt), titled=True)
