"""Rendering answers, sources and reindex reports: pure functions checked against Discord's limits.

These tests build the core's records by hand; they test the bot layer's rendering only.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from render_testkit import assert_fits, odd_source
from render_testkit import odd_text as odd_text_of

from bot import render
from bot.render import (
    CONTENT_LIMIT,
    DESCRIPTION_LIMIT,
    size,
)
from index import Answer, Quote, ReindexReport, Source, SourceSummary

SIGNED = "The agreement was signed at the Akasaka Palace in Tokyo on October 28, 2025."


def source(**overrides: str) -> Source:
    fields = {
        "id": "001_deal",
        "title": "U.S. and Japan Sign Rare Earths Supply Deal",
        "outlet": "Clash Report",
        "published": "2025-10-28",
        "url": "",
    }
    return Source(**{**fields, **overrides})


def quote(text: str = SIGNED, src: Source | None = None, also: tuple[Source, ...] = ()) -> Quote:
    return Quote(
        text=text,
        source=src or source(),
        score=0.8,
        start=0,
        end=len(text),
        chunk_id="c",
        also=also,
    )


def answer(*quotes: Quote, searched: int = 42, took_ms: float = 12.4) -> Answer:
    return Answer(
        question="Where was it signed?",
        answered=True,
        quotes=quotes,
        took_ms=took_ms,
        searched=searched,
    )


# --- text cutting -------------------------------------------------------------------------------


def test_size_counts_astral_characters_twice():
    assert size("abc") == 3
    assert size("🙂") == 2
    assert size("é") == 1


def test_shorten_leaves_short_text_alone():
    assert render.shorten("Short.", 10) == "Short."


def test_shorten_prefers_a_sentence_end():
    text = "The deal was signed in Tokyo. It covers rare earths and critical minerals in depth."
    assert render.shorten(text, 50) == "The deal was signed in Tokyo. …"


def test_shorten_falls_back_to_a_word_boundary():
    text = "The deal covers rare earths, critical minerals and much else besides"
    cut = render.shorten(text, 40)
    assert cut == "The deal covers rare earths, critical…"
    assert size(cut) <= 40


def test_shorten_hard_cuts_one_enormous_word():
    cut = render.shorten("x" * 500, 100)
    assert cut == "x" * 99 + "…"


@given(st.text(), st.integers(min_value=0, max_value=300))
def test_shorten_always_fits_and_keeps_a_prefix(text: str, limit: int):
    cut = render.shorten(text, limit)
    assert size(cut) <= limit
    if size(text) <= limit:
        assert cut == text
    elif limit >= 3:
        kept = cut.removesuffix(" …").removesuffix("…")
        assert cut.endswith("…")
        assert text.startswith(kept)


def test_block_quote_prefixes_every_line_and_numbers_the_first():
    quoted = render.block_quote("First line.\n\n\nSecond *line*.", 200, number=2)
    assert quoted == "> **2.** First line.\n> Second \\*line\\*."


@given(st.text(), st.integers(min_value=0, max_value=2000))
def test_block_quote_fits_and_every_line_is_quoted(text: str, limit: int):
    quoted = render.block_quote(text, limit, number=1)
    assert size(quoted) <= limit
    if quoted:
        assert all(line.startswith("> ") for line in quoted.split("\n"))


# --- attribution --------------------------------------------------------------------------------


def test_citation_without_url_is_plain_bold_title_outlet_and_date():
    assert render.citation(source()) == (
        "**U.S. and Japan Sign Rare Earths Supply Deal** — Clash Report, 28 Oct 2025"
    )


def test_citation_with_url_links_the_title():
    cite = render.citation(source(url="https://example.com/deal"))
    assert cite == (
        "[U.S. and Japan Sign Rare Earths Supply Deal](https://example.com/deal)"
        " — Clash Report, 28 Oct 2025"
    )


def test_citation_escapes_markdown_in_titles_and_encodes_parentheses_in_links():
    src = source(title="A *bold* [claim] _about_ `code`", url="https://ex.com/a_(b)")
    cite = render.citation(src)
    assert cite.startswith(r"[A \*bold\* \[claim\] \_about\_ \`code\`](https://ex.com/a_%28b%29)")


def test_citation_leaves_out_what_is_unknown():
    assert render.citation(source(outlet="", published="")) == (
        "**U.S. and Japan Sign Rare Earths Supply Deal**"
    )
    assert render.citation(source(outlet="", published="sometime in 2025")).endswith(
        "— sometime in 2025"
    )


@pytest.mark.parametrize(
    "url", ["", "javascript:alert(1)", "ftp://example.com/x", "https://", "not a url", "http://a b"]
)
def test_unusable_urls_give_no_link(url: str):
    assert render.safe_url(url) == ""
    assert "](" not in render.citation(source(url=url))


def test_also_reported_names_outlets_then_titles_and_counts_the_rest():
    others = (
        source(id="a", outlet="Reuters"),
        source(id="b", outlet="", title="Japan in Critical Minerals Agreement"),
        source(id="c", outlet="Reuters"),  # same outlet twice: named once
        source(id="d", outlet="NHK"),
        source(id="e", outlet="AP"),
    )
    line = render.also_reported(quote(also=others))
    assert (
        line == "*also reported by Reuters, Japan in Critical Minerals Agreement, NHK and 1 more*"
    )
    assert render.also_reported(quote()) == ""


# --- answers ------------------------------------------------------------------------------------


def test_answer_is_numbered_block_quotes_with_attribution_and_footer():
    linked = source(id="x", title="Deal signed", outlet="NHK", url="https://nhk.example/deal")
    reply = render.render_answer(
        answer(quote(), quote("Rare earths are covered.", linked, also=(source(outlet="AP"),)))
    )
    assert reply.content is None
    assert reply.embed is not None
    assert reply.embed.description == (
        f"> **1.** {SIGNED}\n"
        "**U.S. and Japan Sign Rare Earths Supply Deal** — Clash Report, 28 Oct 2025\n"
        "\n"
        "> **2.** Rare earths are covered.\n"
        "[Deal signed](https://nhk.example/deal) — NHK, 28 Oct 2025\n"
        "*also reported by AP*"
    )
    assert reply.embed.footer.text == "Searched 42 passages in 12 ms"
    assert_fits(reply.embed)


def test_footer_reads_well_for_one_passage_and_slow_searches():
    reply = render.render_answer(answer(quote(), searched=1, took_ms=1534))
    assert reply.embed is not None
    assert reply.embed.footer.text == "Searched 1 passage in 1.5 s"


def test_long_quotes_are_cut_with_an_ellipsis_and_keep_their_attribution():
    long_text = " ".join(f"Sentence number {i} says something about the deal." for i in range(400))
    reply = render.render_answer(answer(quote(long_text), quote(long_text), quote(SIGNED)))
    assert reply.embed is not None
    description = reply.embed.description or ""
    assert size(description) <= DESCRIPTION_LIMIT
    assert description.count("…") == 2
    assert description.count("Clash Report, 28 Oct 2025") == 3
    assert f"> **3.** {SIGNED}" in description  # the short quote is not cut to an equal share
    assert_fits(reply.embed)


def test_decline_points_to_sources_and_quotes_nothing():
    declined = Answer(question="What is the capital of Australia?", answered=False)
    reply = render.render_answer(declined)
    assert reply.embed is None
    assert reply.content is not None
    assert "don't cover" in reply.content
    assert "/sources" in reply.content


def test_a_decline_points_to_two_answerable_examples_in_two_lines():
    declined = Answer(
        question="What is the capital of Australia?",
        answered=False,
        reason="not_covered",
        examples=("Who signed the *framework*?", "Where was it signed?", "A third one?"),
        nearest=(source(),),
    )
    content = render.render_answer(declined).content or ""
    first, second = content.split("\n")
    assert first == render.DECLINE_TEXT
    assert (
        second
        == "They do answer, e.g., “Who signed the \\*framework\\*?” or “Where was it signed?”."
    )
    assert "A third one" not in content and "Rare Earths Supply Deal" not in content  # no titles


def test_without_examples_a_decline_names_the_closest_article():
    declined = Answer(question="?", answered=False, reason="not_covered", nearest=(source(),))
    content = render.render_answer(declined).content or ""
    assert content.split("\n")[1] == (
        "The closest article is **U.S. and Japan Sign Rare Earths Supply Deal** (`/source`)."
    )


def test_a_decline_for_a_place_no_article_mentions_says_so():
    declined = Answer(
        question="will taiwan join?",
        answered=False,
        reason="not_covered",
        examples=("Who signed it?",),
        unmentioned=("taiwan", "new york"),
    )
    first, second = (render.render_answer(declined).content or "").split("\n")
    assert first == "None of the articles mention Taiwan or New York. I won't guess."
    assert second == "They do answer, e.g., “Who signed it?”."


def test_a_decline_for_a_kind_of_fact_no_article_gives_says_so():
    declined = Answer(question="did rare earth stocks pop?", answered=False, reason="not_covered", untold=("market",))
    content = render.render_answer(declined).content or ""
    assert content.startswith("None of the articles says how markets moved (stocks, shares or prices). I won't guess.")


def test_a_decline_for_a_byline_the_article_lacks_names_the_article():
    source = Source("clash", "U.S. and Japan Sign *Rare Earths* Deal", "Clash Report")
    declined = Answer(
        question="who wrote the clash report one?",
        answered=False,
        reason="not_covered",
        nearest=(source,),
        examples=("Who signed it?",),
        unrecorded="author",
    )
    first, second = (render.render_answer(declined).content or "").split("\n")
    assert first == (
        "“U.S. and Japan Sign \\*Rare Earths\\* Deal” (Clash Report) doesn't name its author. I won't guess."
    )
    assert second == "`/source` shows what it does record."


@settings(max_examples=40, deadline=None)
@given(odd_source(3000), st.sampled_from(["author", "date", "outlet", "title", "credit", "cites", "related", "link"]))
def test_a_decline_for_any_missing_field_fits_in_two_lines(source, field):
    declined = Answer(question="?", answered=False, reason="not_covered", nearest=(source,), unrecorded=field)
    content = render.render_answer(declined).content or ""
    assert 0 < size(content) <= CONTENT_LIMIT
    assert content.count("\n") <= 1 and "I won't guess." in content


def test_a_pages_related_links_are_listed_under_its_card_not_quoted():
    links = "Lynas Raises $538mn to *Expand* Supply\nChina Tightens Grip on Critical Minerals"
    page = Quote(links, source(), 1.0, 0, 0, "", kind="page")
    text = render.render_answer(answer(page)).embed.description
    assert "> " not in text  # the page's links are not the article's words
    assert "Related stories linked on its page:\n- Lynas Raises $538mn to \\*Expand\\* Supply\n- China Tightens" in text
    # too little room for the links: the card alone
    assert render.page_links(page, 1, 120) == render.source_card(page.source, 1, 120)


def test_a_pages_line_about_the_article_is_shown_under_its_card_not_quoted():
    notice = Quote("Last Updated on October 28, 2025", source(), 1.0, 0, 0, "", kind="notice")
    text = render.render_answer(answer(notice)).embed.description
    assert "> " not in text  # the page's line, not the article's words
    assert "Its page says: Last Updated on October 28, 2025" in text
    assert render.page_notice(notice, 1, 60) == render.source_card(notice.source, 1, 60)


def test_a_pages_contact_line_is_shown_whole_with_whom_to_contact_at_its_end():
    line = (
        "Should you have any questions about global trade developments, trade in the Indo-Pacific region, or "
        "utilizing trade agreements do not hesitate to contact any attorney at Barnes, Richardson & Colburn, LLP."
    )
    text = render.render_answer(answer(Quote(line, source(), 1.0, 0, 0, "", kind="notice"))).embed.description
    assert "contact any attorney at Barnes, Richardson & Colburn, LLP." in text


@pytest.mark.parametrize(
    ("question", "reason", "said", "bare"),
    [
        # a question in another language is told the bot reads English
        (
            "稀土协议在哪里签署？",
            "not_english",
            "That looks like Chinese. I can only read questions in English, e.g. “Who *signed*?”",
            render.NOT_ENGLISH_TEXT,
        ),
        # chatter is told there is nothing to quote
        (
            "gm all",
            "small_talk",
            "That reads as chat, not a question, so there is nothing to quote. Ask me about the articles, e.g. “Who *signed*?”.",
            render.CHATTER_TEXT,
        ),
    ],
)
def test_a_decline_that_is_not_about_the_articles_says_why_not_that_they_lack_it(question, reason, said, bare):
    declined = Answer(question=question, answered=False, reason=reason, suggestion=said)
    content = render.render_answer(declined).content or ""
    assert content.startswith(said.split(",")[0]) and "\\*signed\\*" in content
    assert "don't cover" not in content
    assert render.render_answer(Answer(question="?", answered=False, reason=reason)).content == bare


@settings(max_examples=60, deadline=None)
@given(
    st.lists(odd_text_of(3000), max_size=4),
    st.lists(odd_source(3000), max_size=3),
    st.sampled_from(["", "not_covered", "not_english", "small_talk"]),
    odd_text_of(5000),
)
def test_any_decline_fits_in_two_lines_and_one_message(examples, nearest, reason, suggestion):
    declined = Answer(
        question="?",
        answered=False,
        reason=reason,
        examples=tuple(examples),
        nearest=tuple(nearest),
        suggestion=suggestion,
    )
    content = render.render_answer(declined).content or ""
    assert 0 < size(content) <= CONTENT_LIMIT
    assert content.count("\n") <= 1  # one or two lines, whatever the titles hold
    if reason not in ("not_english", "small_talk"):
        assert content.startswith(render.DECLINE_TEXT)


@settings(max_examples=40, deadline=None)
@given(st.lists(odd_text_of(500), min_size=1, max_size=5), st.lists(odd_text_of(3000), max_size=3))
def test_a_decline_naming_any_places_fits_in_two_lines(places, examples):
    declined = Answer(
        question="?", answered=False, reason="not_covered", examples=tuple(examples), unmentioned=tuple(places)
    )
    content = render.render_answer(declined).content or ""
    assert 0 < size(content) <= CONTENT_LIMIT
    assert content.count("\n") <= 1


def test_an_answered_answer_without_quotes_is_declined_rather_than_empty():
    reply = render.render_answer(Answer(question="?", answered=True, quotes=()))
    assert reply.embed is None and reply.content


odd_text = odd_text_of(3000)
odd_sources = odd_source(200)
odd_quotes = st.builds(
    Quote,
    text=st.one_of(odd_text, st.text(max_size=20000)),
    source=odd_sources,
    score=st.floats(0, 1),
    start=st.just(0),
    end=st.just(0),
    chunk_id=st.just("c"),
    also=st.lists(odd_sources, max_size=30).map(tuple),
    kind=st.sampled_from(["passage", "source", "page"]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(odd_quotes, min_size=1, max_size=12),
    st.integers(0, 10**9),
    st.floats(0, 10**7, allow_nan=False),
)
def test_any_answer_fits_discords_limits(quotes: list[Quote], searched: int, took_ms: float):
    reply = render.render_answer(answer(*quotes, searched=searched, took_ms=took_ms))
    assert reply.embed is not None
    assert_fits(reply.embed)
    assert reply.embed.description  # never an empty embed, which Discord rejects


# --- sources and reindex ------------------------------------------------------------------------


def summary(src: Source, chunks: int = 3, opening: str = "Opening lines.") -> SourceSummary:
    return SourceSummary(source=src, chunks=chunks, chars=1234, opening=opening)


def test_sources_page_lists_each_source_with_passages_and_link():
    summaries = [
        summary(source(id=str(i), title=f"Article {i}", url="https://ex.com/" + str(i)))
        for i in range(5)
    ]
    pages = render.render_source_pages(summaries)
    assert len(pages) == 1
    description = pages[0].description or ""
    for i in range(5):
        assert f"**{i + 1}.** [Article {i}](https://ex.com/{i}) — Clash Report, 28 Oct 2025" in (
            description
        )
    assert "3 passages" in description
    assert pages[0].footer.text == "5 sources · 15 passages"


def test_many_sources_are_paged():
    summaries = [summary(source(id=str(i), title=f"Article {i}")) for i in range(23)]
    pages = render.render_source_pages(summaries)
    assert len(pages) == 3
    assert [p.footer.text for p in pages] == [
        f"Page {n}/3 · 23 sources · 69 passages" for n in (1, 2, 3)
    ]
    assert "**23.**" in (pages[2].description or "")


def test_no_sources_is_said_plainly():
    (page,) = render.render_source_pages([])
    assert "No articles" in (page.description or "")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.builds(summary, odd_sources, st.integers(0, 10**6), odd_text), max_size=40))
def test_any_sources_fit(summaries: list[SourceSummary]):
    pages = render.render_source_pages(summaries)
    for page in pages:
        assert_fits(page)
    numbered = "".join(p.description or "" for p in pages)
    assert all(f"**{n}.**" in numbered for n in range(1, len(summaries) + 1))
    for item in summaries:
        assert_fits(render.render_source(item))


def test_source_detail_shows_metadata_link_and_opening():
    item = summary(
        source(author="Chaney A. Finn", url="https://ex.com/deal"), opening="On October 28..."
    )
    embed = render.render_source(item)
    assert embed.title == "U.S. and Japan Sign Rare Earths Supply Deal"
    assert embed.url == "https://ex.com/deal"
    assert embed.description == "> On October 28..."
    fields = {f.name: f.value for f in embed.fields}
    assert fields["Outlet"] == "Clash Report"
    assert fields["Author"] == "Chaney A. Finn"
    assert fields["Published"] == "28 Oct 2025"
    assert fields["Passages"] == "3"
    assert "Link" not in fields


def test_find_and_match_sources():
    items = [
        summary(source(id="000_a", title="The U.S.–Japan deals", outlet="")),
        summary(source(id="001_b", title="Rare Earths Supply Deal", outlet="Clash Report")),
    ]
    assert render.find_source(items, "001_b") is items[1]
    assert render.find_source(items, "rare earths supply deal") is items[1]
    assert render.find_source(items, "clash") is items[1]
    assert render.find_source(items, "deal") is None  # ambiguous
    assert render.match_sources(items, "DEAL") == items
    assert render.match_sources(items, "") == items


def test_reindex_report_lists_changes_and_counts():
    report = ReindexReport(
        added=("New *article*",),
        removed=("Old one",),
        unchanged=4,
        sources=5,
        chunks=61,
        embedded=7,
        took_ms=2345,
    )
    embed = render.render_reindex(report)
    assert embed.title == "Index rebuilt"
    fields = {f.name: f.value for f in embed.fields}
    assert fields["Added (1)"] == "New \\*article\\*"
    assert fields["Removed (1)"] == "Old one"
    assert "Changed (0)" not in fields
    assert fields["Passages"] == "61"
    assert embed.footer.text == "4 sources unchanged · took 2.3 s"
    assert render.render_reindex(ReindexReport(sources=5)).title == "Index rebuilt: nothing changed"


@settings(max_examples=40, deadline=None)
@given(
    st.lists(odd_text, max_size=300).map(tuple),
    st.lists(odd_text, max_size=300).map(tuple),
    st.lists(odd_text, max_size=50).map(tuple),
)
def test_any_reindex_report_fits(added, changed, skipped):
    embed = render.render_reindex(ReindexReport(added=added, changed=changed, skipped=skipped))
    assert_fits(embed)


def test_short_texts():
    assert render.cooldown_text(0.2) == "You're asking quickly: try again in 1 s."
    assert render.cooldown_text(4.01) == "You're asking quickly: try again in 5 s."
    assert size(render.question_error_text("x" * 5000)) <= CONTENT_LIMIT
