"""What the storage layer hands back to the cogs: small frozen records and its errors.

Records are frozen because they cross threads (built in a worker thread by `asyncio.to_thread`,
rendered on the event loop), and because a cog should never be able to "edit" a statistic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class VoteStatus(StrEnum):
    """What a click on "Helpful"/"Not helpful" did, so the acknowledgement can say so."""

    NEW = "new"  # the member's first vote on this answer
    CHANGED = "changed"  # the member had voted the other way; the vote was switched
    UNCHANGED = "unchanged"  # the same vote again; nothing was written


class Reason(StrEnum):
    """Why a member found an answer not helpful (the optional form after "Not helpful")."""

    WRONG_QUOTE = "wrong_quote"  # the quote does not answer the question
    MISSING = "missing_information"  # the answer is incomplete
    OUTDATED = "outdated"  # the articles say something that is no longer true
    OTHER = "other"


MAX_COMMENT_CHARS = 300  # a member's note on a "Not helpful" vote


@dataclass(frozen=True)
class ReasonCount:
    """How many "Not helpful" votes gave one reason."""

    reason: Reason
    count: int


@dataclass(frozen=True)
class VoteResult:
    """The outcome of one vote, with the answer's tallies after it (for the ephemeral reply)."""

    answer_id: int
    helpful: bool
    status: VoteStatus
    helpful_count: int
    not_helpful_count: int
    reason: Reason | None = None  # the member's reason, for a "Not helpful" vote that gave one
    comment: str = ""  # and their note, if any


@dataclass(frozen=True)
class QuestionCount:
    """A question as members asked it, and how often (grouped ignoring case and spacing)."""

    question: str  # the most recent wording of the group, as typed (not normalized)
    count: int


@dataclass(frozen=True)
class Stats:
    """What `/stats` shows for one server (or all) over the last `days` days.

    Votes are counted for the answers given in the window, whenever the click happened, so that
    "helpful" and "asked" describe the same set of answers.
    """

    days: int
    since: datetime  # UTC; answers at or after this instant are counted
    guild_id: int | None  # None: every server (and direct messages)
    asked: int
    declined: int
    helpful: int
    not_helpful: int
    latency_p50_ms: float | None  # None when nothing was asked
    latency_p95_ms: float | None
    top_declined: tuple[QuestionCount, ...]  # most frequent declined questions, most first
    top_not_helpful: tuple[QuestionCount, ...]  # by number of "Not helpful" votes, most first
    reasons: tuple[ReasonCount, ...] = ()  # every reason with its count, in `Reason` order
    comments: tuple[str, ...] = ()  # the latest notes on "Not helpful" votes, newest first

    @property
    def answered(self) -> int:
        """Questions the bot answered with quotes."""
        return self.asked - self.declined

    @property
    def declined_share(self) -> float:
        """Share of questions declined, 0..1 (0 when nothing was asked, not a division error)."""
        return self.declined / self.asked if self.asked else 0.0


class StorageError(Exception):
    """Base of every error the storage layer raises on purpose."""


class StorageClosed(StorageError):
    """The storage was used after `close()` (a shutdown race in the caller)."""


class UnknownAnswer(StorageError, LookupError):
    """A vote for an answer that is not (or no longer, after retention) in the log.

    A cog should tell the member the answer is too old to rate, not apologize for a bug.
    """

    def __init__(self, answer_id: object) -> None:
        super().__init__(f"no answer with id {answer_id!r} (never recorded, or purged)")
        self.answer_id = answer_id


class NotRateable(StorageError, LookupError):
    """A vote for an answer that was never shown with vote buttons (a decline).

    Only a forged click can get here: declines are sent without buttons.
    """

    def __init__(self, answer_id: object) -> None:
        super().__init__(f"answer {answer_id!r} was declined: it has no vote buttons")
        self.answer_id = answer_id


class DatabaseDamaged(StorageError):
    """The database file failed its integrity check at start-up (the message says what to do)."""


class SchemaError(StorageError):
    """The database is not one this bot can use as is (the message says what to do)."""


class SchemaTooNew(SchemaError):
    """The database was migrated by a newer bot: running an older one could corrupt it."""

    def __init__(self, found: int, supported: int) -> None:
        super().__init__(
            f"the database schema is version {found}, but this bot only knows up to version "
            f"{supported}: upgrade the bot (or point DATABASE_URL at another database); "
            "it was not modified"
        )
        self.found = found
        self.supported = supported
