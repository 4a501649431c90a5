"""`Storage`: the answer log, feedback votes, /stats and retention, behind plain methods.

Every method is synchronous, short (a few indexed statements in one transaction) and safe to
call from several threads at once: cogs call them through `asyncio.to_thread`, so the event
loop never waits on the disk. Each call checks a connection out of the engine's pool, so no
connection is ever shared between threads.
"""

from __future__ import annotations

import json
import logging
import math
import secrets
import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, Engine, Select, case, delete, func, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from bot.storage._engine import BEGIN_MODE, create_storage_engine, describe_url
from bot.storage._migrations import SCHEMA_VERSION, migrate
from bot.storage._pure import (
    ANSWER_ID_RANDOM_BITS,
    answer_id_from,
    hash_member,
    normalize_question,
    percentile,
)
from bot.storage._records import (
    MAX_COMMENT_CHARS,
    DatabaseDamaged,
    NotRateable,
    QuestionCount,
    Reason,
    ReasonCount,
    Stats,
    StorageClosed,
    UnknownAnswer,
    VoteResult,
    VoteStatus,
)
from bot.storage._salt import check_salt
from bot.storage._schema import answers, votes

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
MAX_DAYS = 36_500  # beyond this a window is a typo (and datetime arithmetic would overflow)
MAX_ID = 2**63 - 1  # a database BIGINT; a larger "answer id" can only come from a forged button
VOTE_ATTEMPTS = 3
COMMENTS_SHOWN = 3  # the latest notes on "Not helpful" votes that /stats shows


def utc_now() -> datetime:
    """The real clock (tests pass their own to `Storage.open`)."""
    return datetime.now(UTC)


_PROCESS_BITS = 10  # of the random low bits: fixed per process, the rest count within a ms
_process_tag = secrets.randbits(_PROCESS_BITS)
_last_id = 0
_id_lock = threading.Lock()


def new_answer_id() -> int:
    """A fresh answer id (see `_pure.answer_id_from`), made before the answer is logged.

    The bot puts it in the answer's vote buttons and sends the answer at once; the row follows
    in the background, so a slow or locked database never delays an answer. Within one process
    ids strictly increase (two answers in one millisecond used to draw the same random bits
    about once in a few thousand); the low bits start with a random tag per process, so shard
    processes sharing one database do not collide either.
    """
    global _last_id
    counter_bits = ANSWER_ID_RANDOM_BITS - _PROCESS_BITS
    with _id_lock:
        base = answer_id_from(time.time_ns() // 1_000_000, _process_tag << counter_bits)
        candidate = max(base, _last_id + 1)
        _last_id = candidate
        return candidate


class Storage:
    """The bot's database. Open with `Storage.open`, share one per process, `close()` at exit."""

    def __init__(self, engine: Engine, *, salt: str, clock: Clock) -> None:
        # Use `Storage.open`: it migrates the schema before anything can be read or written.
        self._engine = engine
        # Writers take SQLite's write lock at BEGIN (see _engine.py); readers use a snapshot.
        self._writer = engine.execution_options(**{BEGIN_MODE: "IMMEDIATE"})
        self._salt = check_salt(salt)
        self._clock = clock
        self._closed = False

    @classmethod
    def open(cls, url: str, *, salt: str, clock: Clock = utc_now) -> Storage:
        """Connect to `url` (a SQLAlchemy URL) and create or migrate the schema.

        Raises SchemaTooNew for a database written by a newer bot, SchemaError for one whose
        layout is unknown, DatabaseDamaged for a SQLite file that fails its integrity check,
        and ValueError for a salt too short to be a secret.
        """
        check_salt(salt)  # before touching the database: a bad setting changes nothing
        engine = create_storage_engine(url)
        try:
            storage = cls(engine, salt=salt, clock=clock)
            _check_integrity(engine)
            with storage._writer.begin() as connection:
                before, after = migrate(connection)
        except BaseException:
            engine.dispose()
            raise
        if before == after:
            log.info("database %s at schema version %d", describe_url(url), after)
        else:
            log.info(
                "database %s migrated from schema version %d to %d",
                describe_url(url),
                before,
                after,
            )
        return storage

    @property
    def schema_version(self) -> int:
        """The schema version this code reads and writes (the database is at it once open)."""
        return SCHEMA_VERSION

    def record_answer(
        self,
        *,
        answer_id: int | None = None,
        guild_id: int | None,
        channel_id: int | None,
        member_id: int,
        question: str,
        answered: bool,
        sources: Sequence[str] = (),
        scores: Sequence[float] = (),
        latency_ms: float,
    ) -> int:
        """Log one question and what the bot did with it; returns its answer id.

        `answer_id` is the id the bot already put in the answer's buttons (`new_answer_id()`);
        without it, the database numbers the row. Keyword-only, because four of the arguments
        are interchangeable-looking numbers. `member_id` is only ever stored as its salted hash.
        `sources` are the quoted source ids and `scores` their scores, in the same order
        (ValueError if their lengths differ).
        """
        self._check_open()
        if answer_id is not None:
            if isinstance(answer_id, bool) or not isinstance(answer_id, int):
                raise TypeError(f"answer_id must be an int, got {type(answer_id).__name__}")
            if not 1 <= answer_id <= MAX_ID:
                raise ValueError(f"answer_id must be within 1..{MAX_ID}, got {answer_id}")
        if len(sources) != len(scores):
            raise ValueError(f"{len(sources)} sources but {len(scores)} scores")
        if not math.isfinite(latency_ms) or latency_ms < 0:
            raise ValueError(f"latency_ms must be a finite number >= 0, got {latency_ms}")
        values = {
            "created_at": self._now(),
            "guild_id": guild_id,
            "channel_id": channel_id,
            "user_hash": hash_member(self._salt, member_id),
            "question": question,
            "answered": bool(answered),
            # allow_nan=False: NaN is not JSON, and a score that is not a number is a bug upstream.
            "sources": json.dumps([str(source) for source in sources]),
            "scores": json.dumps([float(score) for score in scores], allow_nan=False),
            "latency_ms": float(latency_ms),
            "question_norm": normalize_question(question),
        }
        if answer_id is not None:
            values["id"] = answer_id
        with self._writer.begin() as connection:
            result = connection.execute(insert(answers).values(values))
            (row_id,) = result.inserted_primary_key or (None,)
        if row_id is None:  # pragma: no cover - every supported dialect returns the key
            raise RuntimeError("the database did not return the new answer's id")
        return int(row_id)

    def vote(
        self,
        answer_id: int,
        member_id: int,
        helpful: bool,
        *,
        max_age_days: int | None = None,
        reason: Reason | None = None,
        comment: str = "",
    ) -> VoteResult:
        """Record a member's "Helpful"/"Not helpful" click: one vote per member per answer.

        A second click the other way changes the vote; the same click again changes nothing.
        Only answers shown with vote buttons can be rated: raises NotRateable for a declined
        one, and UnknownAnswer if the answer was never recorded, has been purged, or is older
        than `max_age_days` (the retention; None: any age).

        With a `reason` or a `comment` (only for helpful=False: ValueError otherwise, or for a
        comment over MAX_COMMENT_CHARS), the vote records why; they live and are purged with
        it, and a vote changed to helpful drops them.
        """
        self._check_open()
        why = _why(helpful, reason, comment)
        if isinstance(answer_id, bool) or not isinstance(answer_id, int):
            raise TypeError(f"answer_id must be an int, got {type(answer_id).__name__}")
        if not 1 <= answer_id <= MAX_ID:
            raise UnknownAnswer(answer_id)
        if max_age_days is not None:
            _check_days(max_age_days)
        user_hash = hash_member(self._salt, member_id)
        for attempt in range(1, VOTE_ATTEMPTS + 1):
            try:
                with self._writer.begin() as connection:
                    return self._vote(
                        connection, answer_id, user_hash, bool(helpful), max_age_days, why
                    )
            except IntegrityError:
                # Only a server database gets here: two clicks of one member raced to insert,
                # or the answer was purged meanwhile. Running again sees what the other did.
                if attempt == VOTE_ATTEMPTS:
                    raise
                log.debug("vote on answer %d raced another transaction; retrying", answer_id)
        raise AssertionError("unreachable")  # pragma: no cover

    def _vote(
        self,
        connection: Connection,
        answer_id: int,
        user_hash: str,
        helpful: bool,
        max_age_days: int | None,
        why: dict[str, str | None] | None,
    ) -> VoteResult:
        found = connection.execute(
            select(answers.c.answered, answers.c.created_at).where(answers.c.id == answer_id)
        ).first()
        if found is None:
            raise UnknownAnswer(answer_id)
        if not found.answered:
            raise NotRateable(answer_id)
        now = self._now()
        if max_age_days is not None and found.created_at < now - timedelta(days=max_age_days):
            raise UnknownAnswer(answer_id)  # due for the next purge: as good as gone
        mine = (votes.c.answer_id == answer_id) & (votes.c.user_hash == user_hash)
        previous = connection.execute(select(votes.c.helpful).where(mine)).scalar_one_or_none()
        if previous is None:
            connection.execute(
                insert(votes).values(
                    answer_id=answer_id,
                    user_hash=user_hash,
                    helpful=helpful,
                    created_at=now,
                    updated_at=now,
                    **(why or {}),
                )
            )
            status = VoteStatus.NEW
        elif bool(previous) != helpful:
            # A changed vote starts afresh: its old reasons were about the other verdict.
            fresh = why or {"reason": None, "comment": None}
            connection.execute(
                update(votes).where(mine).values(helpful=helpful, updated_at=now, **fresh)
            )
            status = VoteStatus.CHANGED
        else:
            if why is not None:
                connection.execute(update(votes).where(mine).values(updated_at=now, **why))
            status = VoteStatus.UNCHANGED
        kept = connection.execute(select(votes.c.reason, votes.c.comment).where(mine)).one()
        tally = dict(
            connection.execute(
                select(votes.c.helpful, func.count())
                .where(votes.c.answer_id == answer_id)
                .group_by(votes.c.helpful)
            ).all()
        )
        return VoteResult(
            answer_id=answer_id,
            helpful=helpful,
            status=status,
            helpful_count=int(tally.get(True, 0)),
            not_helpful_count=int(tally.get(False, 0)),
            reason=Reason(kept.reason) if kept.reason in _REASONS else None,
            comment=kept.comment or "",
        )

    def stats(self, days: int, *, guild_id: int | None, top: int = 5) -> Stats:
        """What was asked in the last `days` days, in one server or (guild_id=None) all of them.

        `guild_id` has no default on purpose: forgetting it in a server's /stats would show
        every other server's questions. The `top` most frequent declined and "Not helpful"
        questions are grouped ignoring case and spacing.
        """
        self._check_open()
        _check_days(days)
        if top < 0:
            raise ValueError(f"top must be >= 0, got {top}")
        since = self._now() - timedelta(days=days)
        window = answers.c.created_at >= since
        if guild_id is not None:
            window = window & (answers.c.guild_id == guild_id)
        # One read transaction: every figure describes the same snapshot of the log.
        with self._engine.begin() as connection:
            asked, declined = connection.execute(
                select(func.count(), func.sum(case((answers.c.answered, 0), else_=1))).where(window)
            ).one()
            tally = dict(
                connection.execute(
                    select(votes.c.helpful, func.count())
                    .join(answers, answers.c.id == votes.c.answer_id)
                    .where(window)
                    .group_by(votes.c.helpful)
                ).all()
            )
            latencies = (
                connection.execute(
                    select(answers.c.latency_ms).where(window).order_by(answers.c.latency_ms)
                )
                .scalars()
                .all()
            )
            top_declined = _top_questions(
                connection,
                select(answers.c.question_norm, func.count().label("n"), func.max(answers.c.id))
                .where(window & ~answers.c.answered)
                .group_by(answers.c.question_norm),
                top,
            )
            top_not_helpful = _top_questions(
                connection,
                select(answers.c.question_norm, func.count().label("n"), func.max(answers.c.id))
                .join(votes, votes.c.answer_id == answers.c.id)
                .where(window & ~votes.c.helpful)
                .group_by(answers.c.question_norm),
                top,
            )
            unhelpful = window & ~votes.c.helpful
            given = dict(
                connection.execute(
                    select(votes.c.reason, func.count())
                    .join(answers, answers.c.id == votes.c.answer_id)
                    .where(unhelpful & votes.c.reason.is_not(None))
                    .group_by(votes.c.reason)
                ).all()
            )
            comments = (
                connection.execute(
                    select(votes.c.comment)
                    .join(answers, answers.c.id == votes.c.answer_id)
                    .where(unhelpful & votes.c.comment.is_not(None))
                    .order_by(votes.c.updated_at.desc())
                    .limit(COMMENTS_SHOWN)
                )
                .scalars()
                .all()
            )
        return Stats(
            days=days,
            since=since,
            guild_id=guild_id,
            asked=int(asked),
            declined=int(declined or 0),
            helpful=int(tally.get(True, 0)),
            not_helpful=int(tally.get(False, 0)),
            latency_p50_ms=percentile(latencies, 50),
            latency_p95_ms=percentile(latencies, 95),
            top_declined=top_declined,
            top_not_helpful=top_not_helpful,
            reasons=tuple(ReasonCount(r, int(given.get(r.value, 0))) for r in Reason),
            comments=tuple(comments),
        )

    def helpful_questions(self, guild_id: int, *, limit: int = 10) -> tuple[str, ...]:
        """Questions of this server that members found helpful, latest first (for examples).

        Only answers marked helpful by someone other than the asker count, and more often
        helpful than not: someone else saw the answer, so it was public (a private `/ask` is
        never shown to the server as an example). Grouped ignoring case and spacing; each in
        its latest wording.
        """
        self._check_open()
        if limit <= 0:
            return ()
        helpful = func.sum(case((votes.c.helpful, 1), else_=0))
        unhelpful = func.sum(case((votes.c.helpful, 0), else_=1))
        by_others = func.sum(
            case((votes.c.helpful & (votes.c.user_hash != answers.c.user_hash), 1), else_=0)
        )
        grouped = (
            select(answers.c.question_norm, func.max(answers.c.id).label("latest"))
            .join(votes, votes.c.answer_id == answers.c.id)
            .where((answers.c.guild_id == guild_id) & answers.c.answered)
            .group_by(answers.c.question_norm)
            .having((by_others > 0) & (helpful > unhelpful))
            .order_by(func.max(answers.c.created_at).desc(), func.max(answers.c.id).desc())
            .limit(limit)
        )
        with self._engine.begin() as connection:
            latest = [row.latest for row in connection.execute(grouped).all()]
            wording = dict(
                connection.execute(
                    select(answers.c.id, answers.c.question).where(answers.c.id.in_(latest))
                ).all()
            )
        return tuple(wording[answer_id] for answer_id in latest)

    def purge(self, older_than_days: int) -> int:
        """Delete answers older than `older_than_days` days, and their votes; returns how many.

        For the retention setting, at start-up and daily. To keep everything, don't call it.
        """
        self._check_open()
        _check_days(older_than_days)
        cutoff = self._now() - timedelta(days=older_than_days)
        old = answers.c.created_at < cutoff
        with self._writer.begin() as connection:
            # Explicitly, rather than trusting ON DELETE CASCADE to be enabled on the connection.
            connection.execute(
                delete(votes).where(votes.c.answer_id.in_(select(answers.c.id).where(old)))
            )
            removed = connection.execute(delete(answers).where(old)).rowcount
        if removed:
            log.info("purged %d answers older than %d days", removed, older_than_days)
        return int(removed)

    def close(self) -> None:
        """Close the pooled connections (SQLite then folds its write-ahead log into the file)."""
        self._closed = True
        self._engine.dispose()

    def __enter__(self) -> Storage:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _check_open(self) -> None:
        if self._closed:
            raise StorageClosed("the storage is closed")

    def _now(self) -> datetime:
        now = self._clock()
        if now.tzinfo is None:
            raise ValueError("the clock must return aware datetimes (e.g. datetime.now(UTC))")
        return now.astimezone(UTC)


def _check_integrity(engine: Engine) -> None:
    """Refuse a SQLite file whose pages are damaged, before anything reads or writes it.

    Without this the bot started, then failed on every answer. `PRAGMA quick_check` reads every
    page (0.14 s for 200,000 answers, 64 MB, on a 2-core machine); a file too damaged to be read
    at all raises here too. A server database checks itself.
    """
    if engine.dialect.name != "sqlite":
        return
    advice = "restore it from a backup, or move it aside (the bot then starts a new, empty log)"
    try:
        with engine.connect() as connection:
            problems = [row[0] for row in connection.exec_driver_sql("PRAGMA quick_check")]
    except DBAPIError as exc:
        if not _is_damage(exc):
            raise
        raise DatabaseDamaged(f"the file is damaged ({exc.orig}): {advice}") from None
    if problems != ["ok"]:
        first = " ".join(str(problems[0]).split())
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise DatabaseDamaged(f"the file is damaged ({first}{more}): {advice}")


def _is_damage(exc: DBAPIError) -> bool:
    """Whether SQLite said the file is damaged or not a database (not: busy, unreadable...)."""
    name = str(getattr(exc.orig, "sqlite_errorname", ""))
    return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))


_REASONS = frozenset(r.value for r in Reason)


def _why(helpful: bool, reason: Reason | None, comment: str) -> dict[str, str | None] | None:
    """The columns saying why a vote is "Not helpful" (None: the vote says nothing of why)."""
    comment = " ".join((comment or "").split())
    if reason is None and not comment:
        return None
    if helpful:
        raise ValueError("only a 'Not helpful' vote has a reason or a note")
    if reason is not None and not isinstance(reason, Reason):
        raise ValueError(f"not a reason: {reason!r}")
    if len(comment) > MAX_COMMENT_CHARS:
        raise ValueError(f"the note is {len(comment)} characters; at most {MAX_COMMENT_CHARS}")
    return {"reason": reason.value if reason else None, "comment": comment or None}


def _check_days(days: int) -> None:
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise ValueError(f"days must be a whole number from 1 to {MAX_DAYS}, got {days!r}")


def _top_questions(
    connection: Connection, grouped: Select[Any], top: int
) -> tuple[QuestionCount, ...]:
    """The `top` groups by count (ties: most recent first), each shown in its latest wording."""
    if top == 0:
        return ()
    rows = connection.execute(
        grouped.order_by(func.count().desc(), func.max(answers.c.id).desc()).limit(top)
    ).all()
    latest_ids = [row[2] for row in rows]
    wording = dict(
        connection.execute(
            select(answers.c.id, answers.c.question).where(answers.c.id.in_(latest_ids))
        ).all()
    )
    return tuple(QuestionCount(question=wording[row[2]], count=int(row[1])) for row in rows)
