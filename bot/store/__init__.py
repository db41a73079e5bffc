"""Conversation and feedback storage: SQLite by default, PostgreSQL when a database URL is configured."""

from __future__ import annotations

from pathlib import Path

from bot.store.base import (
    Conversation,
    ConversationFull,
    ConversationNotFound,
    ConversationStore,
    Feedback,
    Rating,
    Stats,
    StoreError,
    StoreUnavailable,
    Turn,
    TurnNotFound,
    UnansweredQuestion,
)
from bot.store.store import PostgresStore, SQLiteStore, SQLStore

__all__ = [
    "Conversation",
    "ConversationFull",
    "ConversationNotFound",
    "ConversationStore",
    "Feedback",
    "PostgresStore",
    "Rating",
    "SQLStore",
    "SQLiteStore",
    "Stats",
    "StoreError",
    "StoreUnavailable",
    "Turn",
    "TurnNotFound",
    "UnansweredQuestion",
    "open_store",
]


def open_store(database_path: Path, database_url: str | None) -> SQLStore:
    """The configured store: PostgreSQL if a URL is given, else the SQLite file at `database_path`."""
    return PostgresStore(database_url) if database_url else SQLiteStore(database_path)
