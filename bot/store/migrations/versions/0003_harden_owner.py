"""Conversations remember who started them over HTTP: the digest of the browser's conversation cookie.

Revision ID: 0003_harden_owner
Revises: 0002_practice
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_harden_owner"
down_revision = "0002_practice"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # NULL for every conversation so far: none of them can be reached over HTTP without an owner.
    op.add_column("conversations", sa.Column("owner", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("conversations") as batch:  # SQLite rebuilds the table to drop a column
        batch.drop_column("owner")
