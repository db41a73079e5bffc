"""Tutor mode: learners, their spaced-repetition cards and reviews, and practice items in Slack threads.

Revision ID: 0002_practice
Revises: 0001
Create Date: 2025-07-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002_practice"
down_revision = "0001"
branch_labels = None
depends_on = None

# As bot/store/schema.py's Timestamp and Document store them: text in SQLite.
TIMESTAMP = sa.Text().with_variant(postgresql.TIMESTAMP(timezone=True), "postgresql")
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "learners",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("level", sa.Text),
        sa.Column("track", sa.Text),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
    )
    op.create_table(
        "practice_cards",
        sa.Column("learner_id", sa.Text, sa.ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("item_id", sa.Text, primary_key=True),
        sa.Column("card", JSON, nullable=False),
        sa.Column("due", TIMESTAMP, nullable=False),
        sa.Column("last_grade", sa.Text, nullable=False),
        sa.Column("reviews", sa.Integer, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
    )
    op.create_index("practice_cards_due", "practice_cards", ["learner_id", "due"])
    op.create_table(
        "practice_reviews",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("learner_id", sa.Text, sa.ForeignKey("learners.id", ondelete="CASCADE"), nullable=False),
        sa.Column("item_id", sa.Text, nullable=False),
        sa.Column("grade", sa.Text, nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("reviewed_at", TIMESTAMP, nullable=False),
    )
    op.create_index("practice_reviews_learner", "practice_reviews", ["learner_id", "reviewed_at"])
    op.create_table(
        "practice_prompts",
        sa.Column("channel", sa.Text, primary_key=True),
        sa.Column("thread_ts", sa.Text, primary_key=True),
        sa.Column("learner_id", sa.Text, sa.ForeignKey("learners.id", ondelete="CASCADE"), nullable=False),
        sa.Column("item_id", sa.Text, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
    )


def downgrade() -> None:
    for table in ("practice_prompts", "practice_reviews", "practice_cards", "learners"):
        op.drop_table(table)
