"""The bot's database: the answer log, feedback votes, /stats figures and retention.

Cogs call this small typed API (never SQL) in a worker thread (the bot's database pool, see
`bot.workers`; `asyncio.to_thread` below for brevity), since every method blocks on the
database::

    storage = Storage.open(settings_url, salt=salt)        # in setup_hook; migrates the schema
    answer_id = new_answer_id()                             # sent in the buttons at once
    await asyncio.to_thread(storage.record_answer, answer_id=answer_id, guild_id=..., ...)
    result = await asyncio.to_thread(storage.vote, answer_id, member.id, True, max_age_days=90)
    stats = await asyncio.to_thread(storage.stats, 7, guild_id=guild.id)
    removed = await asyncio.to_thread(storage.purge, retention_days)
    storage.close()                                         # at shutdown

The URL is any SQLAlchemy URL: by default a SQLite file in the data folder
(`default_database_url`), or a server database such as ``postgresql+psycopg://...`` (after
``pip install "psycopg[binary]"``) when several shard processes share one log.
"""

from bot.storage._engine import default_database_url
from bot.storage._migrations import SCHEMA_VERSION
from bot.storage._records import (
    MAX_COMMENT_CHARS,
    DatabaseDamaged,
    NotRateable,
    QuestionCount,
    Reason,
    ReasonCount,
    SchemaError,
    SchemaTooNew,
    Stats,
    StorageClosed,
    StorageError,
    UnknownAnswer,
    VoteResult,
    VoteStatus,
)
from bot.storage._salt import load_or_create_salt
from bot.storage._storage import Storage, new_answer_id

__all__ = [
    "MAX_COMMENT_CHARS",
    "SCHEMA_VERSION",
    "DatabaseDamaged",
    "NotRateable",
    "QuestionCount",
    "Reason",
    "ReasonCount",
    "SchemaError",
    "SchemaTooNew",
    "Stats",
    "Storage",
    "StorageClosed",
    "StorageError",
    "UnknownAnswer",
    "VoteResult",
    "VoteStatus",
    "default_database_url",
    "load_or_create_salt",
    "new_answer_id",
]
