"""Slack's tables and their SQL: the half of the store behind bot.slack.store.SlackStore."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from bot.store.schema import Timestamp, conversations, metadata

# Slack retries an unacknowledged event three times within about five minutes; a day of memory is a wide
# margin that still keeps the table small.
EVENT_RETENTION = timedelta(days=1)

slack_threads = sa.Table(
    "slack_threads",
    metadata,
    sa.Column("channel", sa.Text, primary_key=True),
    sa.Column("thread_ts", sa.Text, primary_key=True),
    sa.Column(
        "conversation_id", sa.Text, sa.ForeignKey(conversations.c.id, ondelete="CASCADE"), nullable=False
    ),
    sa.Column("created_at", Timestamp, nullable=False),
    # A cascade from conversations needs this index, or every delete scans the table.
    sa.Index("slack_threads_conversation", "conversation_id"),
)

slack_events = sa.Table(
    "slack_events",
    metadata,
    sa.Column("event_id", sa.Text, primary_key=True),
    sa.Column("claimed_at", Timestamp, nullable=False),
    sa.Index("slack_events_claimed_at", "claimed_at"),
)


def upsert(connection: sa.Connection, table: sa.Table) -> postgresql.Insert | sqlite.Insert:
    """INSERT … ON CONFLICT, which SQLite and PostgreSQL spell alike but SQLAlchemy builds per dialect."""
    return (postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert)(table)


class SlackTables:
    """Thread links and claimed event ids, in the transactions of the store that this is part of."""

    _transaction: Callable[..., AbstractContextManager[sa.Connection]]
    _now: Callable[[], datetime]
    _lock_conversation: Callable[[sa.Connection, str], None]

    def thread_conversation(self, channel: str, thread_ts: str) -> str | None:
        """The conversation a Slack thread belongs to, if any."""
        where = (slack_threads.c.channel == channel) & (slack_threads.c.thread_ts == thread_ts)
        with self._transaction(write=False) as connection:
            return connection.scalar(sa.select(slack_threads.c.conversation_id).where(where))

    def link_thread(self, channel: str, thread_ts: str, conversation_id: str) -> None:
        """Point a Slack thread at a conversation, replacing any earlier link."""
        with self._transaction(write=True) as connection:
            self._lock_conversation(connection, conversation_id)
            insert = upsert(connection, slack_threads).values(
                channel=channel, thread_ts=thread_ts, conversation_id=conversation_id, created_at=self._now()
            )
            connection.execute(
                insert.on_conflict_do_update(
                    index_elements=["channel", "thread_ts"], set_={"conversation_id": conversation_id}
                )
            )

    def claim_event(self, event_id: str) -> bool:
        """True the first time an event id is seen, so a retried Slack delivery is handled once."""
        with self._transaction(write=True) as connection:
            insert = upsert(connection, slack_events).values(event_id=event_id, claimed_at=self._now())
            claimed = insert.on_conflict_do_nothing().returning(slack_events.c.event_id)
            return connection.execute(claimed).first() is not None

    def _forget_events(self, connection: sa.Connection) -> int:
        """Delete event ids older than EVENT_RETENTION, in the caller's transaction; returns how many."""
        cutoff = self._now() - EVENT_RETENTION
        return connection.execute(sa.delete(slack_events).where(slack_events.c.claimed_at < cutoff)).rowcount
