"""The store logic both SQL backends share; a backend supplies transactions and value conversions."""

from __future__ import annotations

import json
import logging
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar, Protocol

from bot.store import sql
from bot.store.base import (
    Conversation,
    ConversationNotFound,
    Feedback,
    Rating,
    Stats,
    StoreError,
    Turn,
    TurnNotFound,
    UnansweredQuestion,
)

log = logging.getLogger(__name__)

# Slack retries an unacknowledged event three times within about five minutes; a day of memory is a wide
# margin that still keeps the table small.
EVENT_RETENTION = timedelta(days=1)

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The default clock."""
    return datetime.now(UTC)


class Cursor(Protocol):
    """The part of a DB-API cursor the store uses; sqlite3's and psycopg's both fit."""

    @property
    def rowcount(self) -> int: ...

    def execute(self, query: str, params: Sequence[Any], /) -> object: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> Any: ...


class SQLStore(ABC):
    """A ConversationStore over any SQL engine that runs the statements in `bot.store.sql`."""

    placeholder: ClassVar[str] = "?"
    column_types: ClassVar[sql.ColumnTypes]
    # Appended to existence checks: keeps the row from being deleted before the transaction ends.
    row_lock: ClassVar[str] = ""

    def __init__(self, clock: Clock | None = None) -> None:
        self._clock = clock or utc_now
        self._rendered: dict[str, str] = {}

    # --- what a backend provides ---

    @abstractmethod
    def _transaction(self, *, write: bool) -> AbstractContextManager[Cursor]:
        """A cursor inside one transaction: committed if the block succeeds, rolled back if it raises."""

    @abstractmethod
    def _schema_version(self, cur: Cursor) -> int: ...

    @abstractmethod
    def _set_schema_version(self, cur: Cursor, version: int) -> None: ...

    def _lock_schema(self, cur: Cursor) -> None:
        """Serialise concurrent migrations, where the write transaction alone does not."""
        return None  # SQLite: BEGIN IMMEDIATE already admits one migrating process at a time

    @abstractmethod
    def _timestamp_in(self, value: datetime) -> object: ...

    @abstractmethod
    def _timestamp_out(self, value: Any) -> datetime: ...

    @abstractmethod
    def close(self) -> None: ...

    # --- helpers ---

    def _q(self, statement: str) -> str:
        """The statement in this driver's placeholder style (memoised; a race only renders twice)."""
        rendered = self._rendered.get(statement)
        if rendered is None:
            rendered = self._rendered[statement] = sql.render(statement, self.placeholder)
        return rendered

    def _now(self) -> datetime:
        return self._clock().astimezone(UTC)

    @staticmethod
    def _json_in(value: dict[str, Any]) -> str:
        # allow_nan=False: NaN is not JSON, and PostgreSQL's JSONB would reject it anyway.
        return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))

    @staticmethod
    def _json_out(value: Any) -> dict[str, Any]:
        # SQLite returns the text; psycopg has already decoded JSONB.
        decoded = json.loads(value) if isinstance(value, str | bytes) else value
        if not isinstance(decoded, dict):
            raise StoreError(f"expected a JSON object in the store, found {type(decoded).__name__}")
        return decoded

    def _migrate(self) -> int:
        """Bring the schema up to date in one transaction; returns the version found before."""
        with self._transaction(write=True) as cur:
            self._lock_schema(cur)
            found = self._schema_version(cur)
            if found > sql.SCHEMA_VERSION:
                raise StoreError(
                    f"the database schema is version {found}, newer than this code's {sql.SCHEMA_VERSION}:"
                    " upgrade the tutor before opening it"
                )
            steps = sql.migrations(self.column_types)
            for version in range(found, sql.SCHEMA_VERSION):
                for statement in steps[version]:
                    cur.execute(statement, ())
                log.info("store schema migrated to version %d", version + 1)
            if found != sql.SCHEMA_VERSION:
                self._set_schema_version(cur, sql.SCHEMA_VERSION)
        return found

    def _turn(self, row: Sequence[Any]) -> Turn:
        conversation_id, n, question, resolved_query, answer, abstained, confidence, topic, created_at = row
        return Turn(
            conversation_id=conversation_id,
            n=int(n),
            question=question,
            resolved_query=resolved_query,
            answer=self._json_out(answer),
            abstained=bool(abstained),
            confidence=float(confidence),
            topic=self._json_out(topic),
            created_at=self._timestamp_out(created_at),
        )

    def _require_conversation(self, cur: Cursor, conversation_id: str) -> None:
        cur.execute(self._q(sql.CONVERSATION_EXISTS) + self.row_lock, (conversation_id,))
        if cur.fetchone() is None:
            raise ConversationNotFound(conversation_id)

    # --- the ConversationStore interface ---

    def create_conversation(self, source: str) -> str:
        """Start a conversation and return its new random, URL-safe id."""
        conversation_id = uuid.uuid4().hex
        now = self._timestamp_in(self._now())
        with self._transaction(write=True) as cur:
            cur.execute(self._q(sql.INSERT_CONVERSATION), (conversation_id, source, now, now))
        return conversation_id

    def get_conversation(self, conversation_id: str) -> Conversation | None:
        """The conversation with its turns in order, or None if unknown or purged."""
        with self._transaction(write=False) as cur:
            cur.execute(self._q(sql.SELECT_CONVERSATION), (conversation_id,))
            row = cur.fetchone()
            if row is None:
                return None
            cur.execute(self._q(sql.SELECT_TURNS), (conversation_id,))
            turns = [self._turn(turn) for turn in cur.fetchall()]
        return Conversation(
            id=row[0],
            source=row[1],
            created_at=self._timestamp_out(row[2]),
            updated_at=self._timestamp_out(row[3]),
            turns=turns,
        )

    def add_turn(
        self,
        conversation_id: str,
        *,
        question: str,
        resolved_query: str,
        answer: dict[str, Any],
        abstained: bool,
        confidence: float,
        topic: dict[str, Any],
    ) -> Turn:
        """Append a turn numbered one past the conversation's last, and mark the conversation active."""
        answer_json, topic_json = self._json_in(answer), self._json_in(topic)
        now = self._now()
        with self._transaction(write=True) as cur:
            # Touch first: it proves the conversation exists and, in PostgreSQL, locks its row until commit,
            # so a concurrent add_turn waits here and then sees this turn when it reads max(n).
            cur.execute(self._q(sql.TOUCH_CONVERSATION), (self._timestamp_in(now), conversation_id))
            if cur.rowcount == 0:
                raise ConversationNotFound(conversation_id)
            cur.execute(self._q(sql.NEXT_TURN), (conversation_id,))
            n = int(cur.fetchone()[0])
            cur.execute(
                self._q(sql.INSERT_TURN),
                (
                    conversation_id,
                    n,
                    question,
                    sql.normalize_question(question),
                    resolved_query,
                    answer_json,
                    bool(abstained),
                    float(confidence),
                    topic_json,
                    self._timestamp_in(now),
                ),
            )
        return Turn(
            conversation_id=conversation_id,
            n=n,
            question=question,
            resolved_query=resolved_query,
            # Decoded copies: the caller's dicts stay theirs, and the Turn equals what a read returns.
            answer=self._json_out(answer_json),
            abstained=bool(abstained),
            confidence=float(confidence),
            topic=self._json_out(topic_json),
            created_at=now,
        )

    def add_feedback(
        self, conversation_id: str, turn: int, rating: Rating, reason: str | None, source: str
    ) -> Feedback:
        """Record a rating of one turn, replacing any earlier rating (and reason) of the same turn."""
        if rating not in ("up", "down"):
            raise ValueError(f"rating must be 'up' or 'down', not {rating!r}")
        now = self._now()
        with self._transaction(write=True) as cur:
            self._require_conversation(cur, conversation_id)
            cur.execute(self._q(sql.TURN_EXISTS), (conversation_id, turn))
            if cur.fetchone() is None:
                raise TurnNotFound(f"{conversation_id} has no turn {turn}")
            cur.execute(
                self._q(sql.UPSERT_FEEDBACK),
                (conversation_id, turn, rating, reason, source, self._timestamp_in(now)),
            )
        return Feedback(conversation_id, turn, rating, reason, source, now)

    def thread_conversation(self, channel: str, thread_ts: str) -> str | None:
        """The conversation a Slack thread belongs to, if any."""
        with self._transaction(write=False) as cur:
            cur.execute(self._q(sql.SELECT_THREAD), (channel, thread_ts))
            row = cur.fetchone()
        return None if row is None else str(row[0])

    def link_thread(self, channel: str, thread_ts: str, conversation_id: str) -> None:
        """Point a Slack thread at a conversation, replacing any earlier link."""
        with self._transaction(write=True) as cur:
            self._require_conversation(cur, conversation_id)
            cur.execute(
                self._q(sql.UPSERT_THREAD),
                (channel, thread_ts, conversation_id, self._timestamp_in(self._now())),
            )

    def claim_event(self, event_id: str) -> bool:
        """True the first time an event id is seen, so a retried Slack delivery is handled once."""
        with self._transaction(write=True) as cur:
            cur.execute(self._q(sql.CLAIM_EVENT), (event_id, self._timestamp_in(self._now())))
            return cur.rowcount == 1

    def stats(self, limit: int = 10) -> Stats:
        """Usage counts, and the questions most often abstained on or rated down."""
        if limit < 0:
            raise ValueError("limit must not be negative")
        with self._transaction(write=False) as cur:
            cur.execute(self._q(sql.COUNT_CONVERSATIONS), ())
            conversations = int(cur.fetchone()[0])
            cur.execute(self._q(sql.COUNT_TURNS), ())
            questions, abstained = (int(value) for value in cur.fetchone())
            cur.execute(self._q(sql.COUNT_FEEDBACK), ())
            feedback_up, feedback_down = (int(value) for value in cur.fetchone())
            cur.execute(self._q(sql.UNANSWERED), (limit,))
            unanswered = [
                UnansweredQuestion(
                    question=question,
                    count=int(count),
                    abstained=int(abstained_count),
                    rated_down=int(rated_down),
                    last_asked=self._timestamp_out(last_asked),
                )
                for question, count, abstained_count, rated_down, last_asked in cur.fetchall()
            ]
        return Stats(
            conversations=conversations,
            questions=questions,
            abstained=abstained,
            abstention_rate=abstained / questions if questions else 0.0,
            feedback_up=feedback_up,
            feedback_down=feedback_down,
            unanswered=unanswered,
        )

    def purge_expired(self, retention_days: int) -> int:
        """Delete conversations idle for longer than the retention, and old Slack event ids."""
        if retention_days < 0:
            raise ValueError("retention_days must not be negative")
        now = self._now()
        with self._transaction(write=True) as cur:
            # Turns, feedback and thread links go with their conversation: ON DELETE CASCADE.
            cur.execute(
                self._q(sql.DELETE_EXPIRED_CONVERSATIONS),
                (self._timestamp_in(now - timedelta(days=retention_days)),),
            )
            deleted = cur.rowcount
            cur.execute(self._q(sql.DELETE_EXPIRED_EVENTS), (self._timestamp_in(now - EVENT_RETENTION),))
            events = cur.rowcount
        if deleted or events:
            log.info("purged %d expired conversations and %d old event ids", deleted, events)
        return deleted
