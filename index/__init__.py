"""The retrieval core: from seed articles to quoted, attributed answers.

The Discord layer uses only what is exported here. `Engine` is imported lazily so that
`import index` stays cheap for code that only needs the records.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from index.config import CoreSettings
from index.declines import chatter_line, unmentioned_line, unrecorded_line, untold_line
from index.question import validate_question
from index.records import (
    MAX_QUESTION_CHARS,
    Answer,
    Chunk,
    CorpusError,
    IndexWriteError,
    IngestReport,
    QuestionError,
    Quote,
    QuoteContext,
    ReindexBusy,
    ReindexReport,
    Source,
    SourceSummary,
)
from index.smalltalk import Talk, small_talk

if TYPE_CHECKING:
    from index.engine import Engine
    from index.followup import is_follow_up
    from index.ingest import MAX_INGEST_BYTES, ArticleMeta, IngestError
    from index.segment import sentences

__all__ = [
    "MAX_INGEST_BYTES",
    "MAX_QUESTION_CHARS",
    "Answer",
    "ArticleMeta",
    "Chunk",
    "CoreSettings",
    "CorpusError",
    "Engine",
    "IndexWriteError",
    "IngestError",
    "IngestReport",
    "QuestionError",
    "Quote",
    "QuoteContext",
    "ReindexBusy",
    "ReindexReport",
    "Source",
    "SourceSummary",
    "Talk",
    "chatter_line",
    "is_follow_up",
    "sentences",
    "small_talk",
    "unmentioned_line",
    "unrecorded_line",
    "untold_line",
    "validate_question",
]


def __getattr__(name: str) -> Any:
    if name == "is_follow_up":
        from index import followup

        return followup.is_follow_up
    if name == "Engine":
        from index import engine

        return getattr(engine, name)
    if name == "sentences":
        from index import segment

        return segment.sentences
    if name in ("MAX_INGEST_BYTES", "ArticleMeta", "IngestError"):
        from index import ingest

        return getattr(ingest, name)
    raise AttributeError(f"module 'index' has no attribute {name!r}")
