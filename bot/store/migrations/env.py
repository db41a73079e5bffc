"""Alembic's environment: runs the migrations on the connection that bot.store.migrate hands over."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

connection = context.config.attributes.get("connection")
if not isinstance(connection, sa.Connection):
    # A connection, not a URL: the store migrates inside its own locked transaction when it opens.
    raise RuntimeError("the store migrates itself when it opens (bot.store.migrate); run the tutor instead")
context.configure(connection=connection)
with context.begin_transaction():
    context.run_migrations()
