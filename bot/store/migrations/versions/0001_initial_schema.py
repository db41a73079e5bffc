"""The schema of the store before Alembic: conversations, turns, feedback, and Slack's threads and events.

Revision ID: 0001
Revises:
Create Date: 2025-06-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# The column types the hand-written store created, so that databases old and new are alike.
TIMESTAMP = sa.Text().with_variant(postgresql.TIMESTAMP(timezone=True), "postgresql")
JSON = sa.Text().with_variant(postgresql.JSONB(), "postgresql")
BOOLEAN = sa.Integer().with_variant(sa.Boolean(), "postgresql")
REAL: sa.types.TypeEngine[float] = sa.REAL().with_variant(postgresql.DOUBLE_PRECISION(), "postgresql")


def upgrade() -> None:
    # A database from before Alembic (PRAGMA user_version 1 in SQLite, a schema_version table in
    # PostgreSQL) already holds exactly these tables: adopt it as it is.
    if sa.inspect(op.get_bind()).has_table("conversations"):
        op.execute("DROP TABLE IF EXISTS schema_version")
        return
    op.create_table(
        "conversations",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
    )
    op.create_index("conversations_updated_at", "conversations", ["updated_at"])
    op.create_table(
        "turns",
        sa.Column(
            "conversation_id",
            sa.Text,
            sa.ForeignKey("conversations.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("n", sa.Integer, sa.CheckConstraint("n >= 1"), primary_key=True),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("question_key", sa.Text, nullable=False),
        sa.Column("resolved_query", sa.Text, nullable=False),
        sa.Column("answer", JSON, nullable=False),
        sa.Column("abstained", BOOLEAN, nullable=False),
        sa.Column("confidence", REAL, nullable=False),
        sa.Column("topic", JSON, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
    )
    op.create_index("turns_question_key", "turns", ["question_key"])
    op.create_table(
        "feedback",
        sa.Column("conversation_id", sa.Text, primary_key=True),
        sa.Column("turn", sa.Integer, primary_key=True),
        sa.Column("rating", sa.Text, sa.CheckConstraint("rating IN ('up', 'down')"), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id", "turn"], ["turns.conversation_id", "turns.n"], ondelete="CASCADE"
        ),
    )
    op.create_table(
        "slack_threads",
        sa.Column("channel", sa.Text, primary_key=True),
        sa.Column("thread_ts", sa.Text, primary_key=True),
        sa.Column(
            "conversation_id", sa.Text, sa.ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("created_at", TIMESTAMP, nullable=False),
    )
    op.create_index("slack_threads_conversation", "slack_threads", ["conversation_id"])
    op.create_table(
        "slack_events",
        sa.Column("event_id", sa.Text, primary_key=True),
        sa.Column("claimed_at", TIMESTAMP, nullable=False),
    )
    op.create_index("slack_events_claimed_at", "slack_events", ["claimed_at"])


def downgrade() -> None:
    for table in ("slack_events", "slack_threads", "feedback", "turns", "conversations"):
        op.drop_table(table)
