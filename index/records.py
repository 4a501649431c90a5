"""Domain records shared by the core and the Discord layer.

They are frozen so that an answer handed to another thread (the bot renders answers on the
event loop while the core may be swapping its index) can never be changed under it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_QUESTION_CHARS = 2000


@dataclass(frozen=True)
class Source:
    """One article: where a quote comes from, as a reader would cite it."""

    id: str
    title: str
    outlet: str = ""
    author: str = ""
    published: str = ""  # ISO date (YYYY-MM-DD) or "" when unknown
    url: str = ""  # "" when unknown: never invented

    def citation(self) -> str:
        """Title — outlet, date: the line shown under a quote."""
        parts = [self.title]
        tail = ", ".join(p for p in (self.outlet, self.published) if p)
        return f"{parts[0]} — {tail}" if tail else parts[0]


@dataclass(frozen=True)
class Chunk:
    """A retrieval unit: a run of whole sentences of one source, with its place in the text."""

    id: str  # content hash, stable across rebuilds
    source_id: str
    start: int  # character span in the source's cleaned text
    end: int
    text: str  # verbatim span of the cleaned text
    tokens: int  # tokens of `embed_text`, which must fit the model
    embed_text: str = ""  # what the models read: title/section context, rows with column names


@dataclass(frozen=True)
class Quote:
    """Words taken verbatim from a source, with where they stand and how well they answer."""

    text: str
    source: Source
    score: float
    start: int  # character span in the source's cleaned text
    end: int
    chunk_id: str
    also: tuple[Source, ...] = ()  # other sources that say the same thing
    # "passage": verbatim words of the cleaned text (rendered as a block quote); "source": the
    # answer is the article's own metadata (outlet, author, headline, date) and `text` is a
    # short metadata line, not a quote (rendered as a source card, without quote marks).
    # "page": lines of the article's page that are not the story (its related-links list),
    # shown as the article's links, never as its words. "notice": one such line about the
    # article itself ("Last Updated on October 28, 2025"), shown with the article's card.
    kind: str = "passage"


@dataclass(frozen=True)
class Answer:
    """What the bot says to a question: quotes, or an honest "not covered"."""

    question: str
    answered: bool
    quotes: tuple[Quote, ...] = ()
    took_ms: float = 0.0
    searched: int = 0  # passages searched, for the footer
    suggestion: str = ""  # when declined: one line saying why and what the corpus does cover
    reason: str = ""  # when declined: "not_covered", "not_english" or "small_talk"; "" when answered
    nearest: tuple[Source, ...] = ()  # when declined: the closest sources (<= 2), best first
    examples: tuple[str, ...] = ()  # when declined: answerable example questions (<= 2)
    # When declined: places and capitalised names the question names that no article mentions
    # ("Taiwan", "Toyota"), so the member is told why rather than only that.
    unmentioned: tuple[str, ...] = ()
    # When declined: kinds of fact asked that no quote shown gives ("market" for "did rare earth
    # stocks pop?"; `index.query.TOPICS`), so the member is told what the articles lack.
    untold: tuple[str, ...] = ()
    # When declined: what a question about one article asks for that the article does not
    # record ("author" for "who wrote the Clash Report piece?"); that article is `nearest[0]`.
    unrecorded: str = ""
    # When a follow-up was read together with the previous question: the question as it was
    # understood (shown to the member, so they can tell); "" when it was read alone.
    read_as: str = ""


@dataclass(frozen=True)
class QuoteContext:
    """The paragraph around a quote, to show a member where the quoted words stand."""

    source: Source
    paragraph: str  # the paragraph (block) around the quote: cleaned text, as it is quoted
    mark_start: int  # the quoted part's span inside `paragraph`
    mark_end: int


@dataclass(frozen=True)
class SourceSummary:
    """A source as listed by `/sources`: its metadata and what the index holds of it."""

    source: Source
    chunks: int
    chars: int
    opening: str  # the first lines of the cleaned text


@dataclass(frozen=True)
class ReindexReport:
    """What a rebuild changed, for the moderator who asked for it."""

    added: tuple[str, ...] = ()  # source titles
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    unchanged: int = 0
    sources: int = 0
    chunks: int = 0
    embedded: int = 0  # texts embedded afresh (the rest came from the cache)
    skipped: tuple[str, ...] = ()  # files that could not be read, with the reason
    took_ms: float = 0.0

    @property
    def changed_anything(self) -> bool:
        """Whether the corpus differs from what was indexed before."""
        return bool(self.added or self.removed or self.changed)


@dataclass(frozen=True)
class IngestReport:
    """An article added by a moderator: the new source and what the rebuild did."""

    source: Source
    report: ReindexReport


@dataclass(frozen=True)
class Document:
    """A loaded article: the raw text kept for recovery, the cleaned text that is quoted."""

    source: Source
    path: str
    raw: str
    clean: str
    digest: str  # hash of the raw bytes and metadata, to tell changed articles
    warnings: tuple[str, ...] = field(default=())
    # What the page showed besides the story (related links, captcha notice, share prompts):
    # never quoted, but "which article has the related news links?" is about the article.
    furniture: tuple[str, ...] = field(default=())


class QuestionError(ValueError):
    """A question the core refuses before searching: the message is for the user."""


class ReindexBusy(RuntimeError):
    """Raised when a rebuild is asked for while another one is running."""


class IndexWriteError(OSError):
    """The index could not be written (disk full, read-only folder); the live one is intact."""


class CorpusError(RuntimeError):
    """The seeds folder cannot be indexed at all (missing, empty, nothing readable)."""
