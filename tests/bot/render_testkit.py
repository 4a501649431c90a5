"""Shared by the rendering tests: Discord's limits as one assertion, and awkward sources.

Every pure renderer must fit Discord's hard limits whatever the sources contain, so the same
check and the same hostile inputs serve all of them.
"""

from __future__ import annotations

import discord
from hypothesis import strategies as st

from bot.render import (
    DESCRIPTION_LIMIT,
    EMBED_TOTAL_LIMIT,
    FIELD_COUNT_LIMIT,
    FIELD_NAME_LIMIT,
    FIELD_VALUE_LIMIT,
    FOOTER_LIMIT,
    TITLE_LIMIT,
    embed_size,
    size,
)
from index import Source


def assert_fits(embed: discord.Embed, *, titled: bool = False) -> None:
    """The embed is within every limit Discord enforces (and has a title, if `titled`)."""
    assert (0 if titled else -1) < size(embed.title or "") <= TITLE_LIMIT
    assert size(embed.description or "") <= DESCRIPTION_LIMIT
    assert len(embed.fields) <= FIELD_COUNT_LIMIT
    for field in embed.fields:
        assert 0 < size(field.name or "") <= FIELD_NAME_LIMIT
        assert 0 < size(field.value or "") <= FIELD_VALUE_LIMIT
    assert size(embed.footer.text or "") <= FOOTER_LIMIT
    assert embed_size(embed) <= EMBED_TOTAL_LIMIT


def odd_text(max_size: int) -> st.SearchStrategy[str]:
    """Any text, with markdown, mention and quote characters over-represented."""
    return st.text(
        alphabet=st.characters(blacklist_categories=("Cs",)) | st.sampled_from("*_`~|>#[]()<@\n "),
        max_size=max_size,
    )


def odd_url() -> st.SearchStrategy[str]:
    """No url, junk, or a very long web address."""
    return st.one_of(
        st.just(""),
        st.text(max_size=50),
        st.builds(lambda tail: "https://example.com/" + tail, st.text(max_size=3000)),
    )


def odd_source(text_size: int, published: str = "2025-10-28") -> st.SearchStrategy[Source]:
    """A Source whose every field may be hostile."""
    text = odd_text(text_size)
    return st.builds(
        Source,
        id=st.text(min_size=1, max_size=300),
        title=text,
        outlet=text,
        author=text,
        published=st.one_of(st.just(published), text),
        url=odd_url(),
    )
