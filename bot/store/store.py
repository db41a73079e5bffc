"""The conversation store on SQLAlchemy Core: one set of statements for SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import json
import logging
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bot.store import base
from bot.store.database import migrate, postgres_engine, sqlite_engine
from bot.store.gaps import GapTables
from bot.store.practice import PracticeTables
from bot.store.schema import conversations, feedback, normalize_question, turns
from bot.store.slack import SlackTables, upsert

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]

# The statements of every question, built once: building one costs more than running it. `key` is the
# conversation's id.
_KEY: sa.BindParameter[str] = sa.bindparam("key")
_NEW_CONVERSATION, _NEW_TURN = conversations.insert(), turns.insert()
_CONVERSATION = conversations.select().where(conversations.c.id == _KEY)
_TURN_FIELDS = [turns.c[field.name] for field in dataclasses.fields(base.Turn)]  # a row is a Turn
_AFTER: sa.BindParameter[int] = sa.bindparam("after")
_COUNT: sa.BindParameter[int] = sa.bindparam("count")
_TURNS = (
    sa.select(*_TURN_FIELDS)
    .where((turns.c.conversation_id == _KEY) & (turns.c.n > _AFTER))
    .order_by(turns.c.n)
    .limit(_COUNT)
)
_LATEST = (
    sa.select(*_TURN_FIELDS).where(turns.c.conversation_id == _KEY).order_by(turns.c.n.desc()).limit(_COUNT)
)
_ALL = 2**31 - 1  # "no limit", as a number both databases take in LIMIT
_TOUCH = conversations.update().where(conversations.c.id == _KEY)
_LAST_TURN = sa.select(sa.func.max(turns.c.n)).where(turns.c.conversation_id == _KEY)
# FOR KEY SHARE blocks a DELETE (purge) but not an UPDATE of updated_at; SQLite ignores it, as its write
# transaction already excludes every other writer.
_HOLD = (
    sa.select(conversations.c.id).where(conversations.c.id == _KEY).with_for_update(key_share=True, read=True)
)


class SQLStore(SlackTables, PracticeTables, GapTables):
    """A ConversationStore, bot.slack.store.SlackStore, bot.practice's store and the gap report's reads in a
    database, migrated on open.

    Thread-safe without a lock of its own: each call borrows a pooled connection for one transaction,
    and the database orders concurrent writers (SQLite's write lock, PostgreSQL's row locks).
    """

    def __init__(self, engine: sa.Engine, *, clock: Clock | None = None) -> None:
        self.engine, self._clock, self._closed = engine, clock or (lambda: datetime.now(UTC)), False
        try:
            migrate(engine)
        except BaseException:
            engine.dispose()
            raise
        log.info("opened the store at %s", engine.url.render_as_string())  # without the password

    @contextmanager
    def _transaction(self, *, write: bool) -> Iterator[sa.Connection]:
        """A connection in one transaction: committed if the block succeeds, rolled back if it raises.

        The database's operational errors (a full disk, a read-only file, a lost connection) become
        StoreUnavailable: the request may be retried later, and the details stay in the log.
        """
        if self._closed:
            raise base.StoreError("the store is closed")
        try:
            with self.engine.connect().execution_options(write=write) as connection, connection.begin():
                yield connection
        except sa.exc.OperationalError as exc:
            if not _transient(exc):
                raise
            raise base.StoreUnavailable(str(exc.orig)) from exc

    def _now(self) -> datetime:
        return self._clock().astimezone(UTC)

    def _lock_conversation(self, connection: sa.Connection, conversation_id: str) -> None:
        """Raise ConversationNotFound, or keep the conversation from being purged until the transaction ends."""
        if connection.scalar(_HOLD, {"key": conversation_id}) is None:
            raise base.ConversationNotFound(conversation_id)

    def _start(self, connection: sa.Connection, source: str | None, now: datetime, owner: str | None) -> str:
        """Insert a conversation and return its new random, URL-safe id."""
        if source is None:
            raise ValueError("a turn that starts a conversation needs its source")
        conversation_id = uuid.uuid4().hex
        row = {"id": conversation_id, "source": source, "created_at": now, "updated_at": now, "owner": owner}
        connection.execute(_NEW_CONVERSATION, row)
        return conversation_id

    def create_conversation(self, source: str, owner: str | None = None) -> str:
        """Start a conversation and return its new random, URL-safe id."""
        with self._transaction(write=True) as connection:
            return self._start(connection, source, self._now(), owner)

    def get_conversation(
        self, conversation_id: str, *, after: int = 0, limit: int | None = None
    ) -> base.Conversation | None:
        """The conversation with its turns numbered after `after` (at most `limit`), or None if unknown."""
        count = _ALL if limit is None else limit
        return self._read(conversation_id, _TURNS, {"after": after, "count": count}, reverse=False)

    def latest_turns(self, conversation_id: str, count: int) -> base.Conversation | None:
        """The conversation with its latest `count` turns in order: what a follow-up needs, however long it is."""
        return self._read(conversation_id, _LATEST, {"count": count}, reverse=True)

    def _read(
        self, conversation_id: str, statement: sa.Select[Any], params: dict[str, int], *, reverse: bool
    ) -> base.Conversation | None:
        with self._transaction(write=False) as connection:
            if (row := connection.execute(_CONVERSATION, {"key": conversation_id}).first()) is None:
                return None
            found = [
                base.Turn(*turn) for turn in connection.execute(statement, {"key": conversation_id, **params})
            ]
            return base.Conversation(**row._mapping, turns=found[::-1] if reverse else found)

    def add_turn(
        self,
        conversation_id: str | None,
        *,
        question: str,
        resolved_query: str,
        answer: dict[str, Any],
        abstained: bool,
        confidence: float,
        topic: dict[str, Any],
        source: str | None = None,
        owner: str | None = None,
        max_turns: int | None = None,
    ) -> base.Turn:
        """Append a turn numbered one past the conversation's last, and mark the conversation active.

        With no conversation id, the turn starts a conversation from `source` (for `owner`), in the same
        transaction. ConversationFull, and nothing written, when the conversation holds `max_turns` already.
        """
        # Copies through JSON: a value JSON cannot hold (NaN, a datetime) fails before anything is written,
        # the caller's dicts stay theirs, and the Turn equals what a read returns.
        answer, topic = (json.loads(json.dumps(value, allow_nan=False)) for value in (answer, topic))
        abstained, confidence, now = bool(abstained), float(confidence), self._now()
        with self._transaction(write=True) as connection:
            if conversation_id is None:
                conversation_id, n = self._start(connection, source, now, owner), 1
            # Touch first: it proves the conversation exists and, in PostgreSQL, locks its row until commit,
            # so a concurrent add_turn waits here and then sees this turn when it reads max(n).
            elif connection.execute(_TOUCH, {"key": conversation_id, "updated_at": now}).rowcount:
                n = (connection.scalar(_LAST_TURN, {"key": conversation_id}) or 0) + 1
                if max_turns is not None and n > max_turns:
                    raise base.ConversationFull(f"{conversation_id} already holds {max_turns} turns")
            else:
                raise base.ConversationNotFound(conversation_id)
            turn = base.Turn(
                conversation_id, n, question, resolved_query, answer, abstained, confidence, topic, now
            )
            connection.execute(_NEW_TURN, {**vars(turn), "question_key": normalize_question(question)})
        return turn

    def add_feedback(
        self, conversation_id: str, turn: int, rating: base.Rating, reason: str | None, source: str
    ) -> base.Feedback:
        """Record a rating of one turn, replacing any earlier rating (and reason) of the same turn."""
        if rating not in ("up", "down"):
            raise ValueError(f"rating must be 'up' or 'down', not {rating!r}")
        now = self._now()
        with self._transaction(write=True) as connection:
            self._lock_conversation(connection, conversation_id)
            that = (turns.c.conversation_id == conversation_id) & (turns.c.n == turn)
            if connection.scalar(sa.select(turns.c.n).where(that)) is None:
                raise base.TurnNotFound(f"{conversation_id} has no turn {turn}")
            row = {"rating": rating, "reason": reason, "source": source, "created_at": now}
            insert = upsert(connection, feedback).values(conversation_id=conversation_id, turn=turn, **row)
            connection.execute(
                insert.on_conflict_do_update(index_elements=["conversation_id", "turn"], set_=row)
            )
        return base.Feedback(conversation_id, turn, rating, reason, source, now)

    def stats(self, limit: int = 10) -> base.Stats:
        """Usage counts, and the questions most often abstained on or rated down."""
        if limit < 0:
            raise ValueError("limit must not be negative")
        with self._transaction(write=False) as connection:
            started = connection.execute(sa.select(sa.func.count()).select_from(conversations)).scalar_one()
            asked, abstained = connection.execute(sa.select(sa.func.count(), _count(turns.c.abstained))).one()
            up, down = connection.execute(
                sa.select(_count(feedback.c.rating == "up"), _count(feedback.c.rating == "down"))
            ).one()
            unanswered = [base.UnansweredQuestion(*row) for row in connection.execute(_unanswered(limit))]
        return base.Stats(
            started, asked, abstained, abstained / asked if asked else 0.0, up, down, unanswered
        )

    def purge_expired(self, retention_days: int) -> int:
        """Delete conversations idle for longer than the retention, and old Slack event ids."""
        if retention_days < 0:
            raise ValueError("retention_days must not be negative")
        cutoff = self._now() - timedelta(days=retention_days)
        with self._transaction(write=True) as connection:
            # Turns, feedback and thread links go with their conversation: ON DELETE CASCADE.
            deleted = connection.execute(
                conversations.delete().where(conversations.c.updated_at < cutoff)
            ).rowcount
            events = self._forget_events(connection)
        if deleted or events:
            log.info("purged %d expired conversations and %d old event ids", deleted, events)
        return deleted

    def close(self) -> None:
        """Close the pool's connections; later calls raise StoreError."""
        self._closed = True
        self.engine.dispose()


# SQLite's primary result codes of a database that cannot be written or reached now: busy, locked,
# read-only, I/O error, full, cannot open. (Its other "operational" errors are the code's mistakes.)
_SQLITE_UNAVAILABLE = {5, 6, 8, 10, 13, 14}


def _transient(exc: sa.exc.OperationalError) -> bool:
    """Whether the error is the database's state (retry later) rather than a mistake in a statement."""
    code = getattr(exc.orig, "sqlite_errorcode", None)
    return code is None or code & 0xFF in _SQLITE_UNAVAILABLE  # psycopg's OperationalError: the connection


def _count(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
    """How many rows meet the condition (0 when there are none)."""
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


def _unanswered(limit: int) -> sa.Select[str, int, int, int, datetime]:
    """Turns abstained on or rated down, grouped by normalised question, each group in its latest wording.

    Most asked first; ties go to the most recent, then to the key, so the order is stable.
    """
    down = feedback.c.rating == "down"
    latest = sa.func.row_number().over(
        partition_by=turns.c.question_key,
        order_by=[turns.c.created_at.desc(), turns.c.conversation_id.desc(), turns.c.n.desc()],
    )
    rated = (feedback.c.conversation_id == turns.c.conversation_id) & (feedback.c.turn == turns.c.n)
    flagged = (
        sa.select(
            turns.c.question,
            turns.c.question_key,
            turns.c.created_at,
            turns.c.abstained,
            down.label("down"),
            latest.label("recency"),
        )
        .join_from(turns, feedback, rated, isouter=True)
        .where(turns.c.abstained | down)
        .cte("flagged")
    ).c
    asked, last_asked = sa.func.count().label("asked"), sa.func.max(flagged.created_at).label("last_asked")
    wording = sa.func.max(sa.case((flagged.recency == 1, flagged.question)))
    return (
        sa.select(wording, asked, _count(flagged.abstained), _count(flagged.down), last_asked)
        .group_by(flagged.question_key)
        .order_by(asked.desc(), last_asked.desc(), flagged.question_key)
        .limit(limit)
    )


class SQLiteStore(SQLStore):
    """The store in a SQLite file (WAL mode), created with its folders on first open."""

    def __init__(self, path: Path, *, clock: Clock | None = None, busy_timeout: float = 10.0) -> None:
        try:
            super().__init__(sqlite_engine(Path(path), busy_timeout), clock=clock)
        except (OSError, sqlite3.Error, sa.exc.OperationalError, base.StoreUnavailable) as exc:
            reason = getattr(exc, "orig", None) or getattr(exc, "strerror", None) or exc
            raise base.StoreError(
                f"cannot open the conversation store at {Path(path).resolve()}: {reason}; make its folder "
                "writable, or point TUTOR_DATABASE_PATH at a writable place"
            ) from None


class PostgresStore(SQLStore):
    """The store in a PostgreSQL database, for deployments with more than one host or process."""

    def __init__(self, url: str, *, clock: Clock | None = None, max_connections: int = 8) -> None:
        super().__init__(postgres_engine(url, max_connections), clock=clock)
