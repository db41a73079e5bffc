"""The store's tables, described once for SQLite and PostgreSQL; the migrations in migrations/ create them."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, TIMESTAMP


class Timestamp(sa.TypeDecorator[datetime]):
    """An aware datetime, read back in UTC: TIMESTAMPTZ in PostgreSQL, ISO-8601 text in SQLite.

    Fixed width (always microseconds, always +00:00), SQLite's text sorts and compares in time order.
    """

    impl, cache_ok = sa.Text, True

    def load_dialect_impl(self, dialect: sa.Dialect) -> sa.types.TypeEngine[Any]:
        return dialect.type_descriptor(
            TIMESTAMP(timezone=True) if dialect.name == "postgresql" else sa.Text()
        )

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> Any:
        if value is None or dialect.name == "postgresql":
            return value
        return value.astimezone(UTC).isoformat(timespec="microseconds")

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> datetime | None:
        # SQLite gives the text back; psycopg gives the session's time zone, and the store promises UTC.
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
        return None if moment is None else moment.astimezone(UTC)


Document = sa.JSON().with_variant(JSONB(), "postgresql")  # a JSON object: text in SQLite, JSONB in PostgreSQL

metadata = sa.MetaData()

conversations = sa.Table(
    "conversations",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("updated_at", Timestamp, nullable=False),
    sa.Column("owner", sa.Text),  # sha256 of the HTTP client's conversation cookie; NULL for other surfaces
    sa.Index("conversations_updated_at", "updated_at"),  # retention deletes by age
)

turns = sa.Table(
    "turns",
    metadata,
    sa.Column(
        "conversation_id", sa.Text, sa.ForeignKey(conversations.c.id, ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("n", sa.Integer, sa.CheckConstraint("n >= 1"), primary_key=True),
    sa.Column("question", sa.Text, nullable=False),
    sa.Column("question_key", sa.Text, nullable=False),  # normalize_question(question)
    sa.Column("resolved_query", sa.Text, nullable=False),
    sa.Column("answer", Document, nullable=False),
    sa.Column("abstained", sa.Boolean, nullable=False),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("topic", Document, nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Index("turns_question_key", "question_key"),  # the unanswered-questions report groups by it
)

feedback = sa.Table(
    "feedback",
    metadata,
    sa.Column("conversation_id", sa.Text, primary_key=True),
    sa.Column("turn", sa.Integer, primary_key=True),
    sa.Column("rating", sa.Text, sa.CheckConstraint("rating IN ('up', 'down')"), nullable=False),
    sa.Column("reason", sa.Text),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.ForeignKeyConstraint(
        ["conversation_id", "turn"], [turns.c.conversation_id, turns.c.n], ondelete="CASCADE"
    ),
)


def normalize_question(question: str) -> str:
    """The key that groups rephrasings of one question: lower-case, single spaces, no trailing punctuation."""
    # NFKC around casefold (Unicode's NFKC_Casefold): full-width and compatibility forms fold too.
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", question).casefold())
    text = " ".join(folded.split())
    # Strip only punctuation (category P*) and spaces: a trailing emoji or digit is part of the question.
    end = len(text)
    while end and (text[end - 1].isspace() or unicodedata.category(text[end - 1]).startswith("P")):
        end -= 1
    return text[:end]
