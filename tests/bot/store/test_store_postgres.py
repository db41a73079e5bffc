"""What only the PostgreSQL backend promises: native column types, its pool, and time zones."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC
from pathlib import Path

import psycopg
import pytest

from bot.store import PostgresStore, open_store

pytestmark = pytest.mark.postgres


def test_open_store_picks_postgres_for_a_url(postgres_url: str, sqlite_path: Path) -> None:
    store = open_store(sqlite_path, postgres_url)
    try:
        assert isinstance(store, PostgresStore)
        assert store.get_conversation(store.create_conversation("http")) is not None
    finally:
        store.close()
    assert not sqlite_path.parent.exists()


def test_uses_native_column_types(postgres_url: str) -> None:
    PostgresStore(postgres_url).close()
    with psycopg.connect(postgres_url) as conn:
        rows = conn.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns"
            " WHERE table_schema = 'public'"
        ).fetchall()
        version = conn.execute("SELECT version FROM schema_version").fetchall()
    types = {(table, column): data_type for table, column, data_type in rows}
    assert types["turns", "answer"] == types["turns", "topic"] == "jsonb"
    assert types["turns", "abstained"] == "boolean"
    assert types["conversations", "updated_at"] == "timestamp with time zone"
    assert version == [(1,)]


def test_returns_utc_whatever_the_session_time_zone(postgres_url: str) -> None:
    store = PostgresStore(postgres_url + "?options=-c%20TimeZone%3DAsia/Tokyo")
    try:
        conversation_id = store.create_conversation("http")
        turn = store.add_turn(
            conversation_id,
            question="q",
            resolved_query="q",
            answer={},
            abstained=True,
            confidence=0.1,
            topic={},
        )
        conversation = store.get_conversation(conversation_id)
        assert conversation is not None
        assert conversation.updated_at.tzinfo is UTC and conversation.turns[0].created_at.tzinfo is UTC
        assert conversation.turns[0] == turn
        assert store.stats().unanswered[0].last_asked.tzinfo is UTC
    finally:
        store.close()


def test_stores_opened_at_once_migrate_once(postgres_url: str) -> None:
    with ThreadPoolExecutor(4) as pool:
        stores = list(pool.map(lambda _: PostgresStore(postgres_url), range(4)))
    for store in stores:
        store.close()


def _backends(conn: psycopg.Connection[tuple[object, ...]], url: str) -> int:
    database = url.rsplit("/", 1)[1]
    row = conn.execute(
        "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", (database,)
    ).fetchone()
    assert row is not None
    return int(str(row[0]))


def test_pool_bounds_and_reuses_connections(postgres_url: str) -> None:
    store = PostgresStore(postgres_url, max_connections=2)
    try:
        conversation_id = store.create_conversation("http")
        with ThreadPoolExecutor(8) as pool:
            numbers = list(
                pool.map(
                    lambda i: (
                        store.add_turn(
                            conversation_id,
                            question=f"q{i}",
                            resolved_query="q",
                            answer={},
                            abstained=False,
                            confidence=1.0,
                            topic={},
                        ).n
                    ),
                    range(40),
                )
            )
        assert sorted(numbers) == list(range(1, 41))
        with psycopg.connect(postgres_url) as observer:
            assert _backends(observer, postgres_url) <= 2
    finally:
        store.close()
    with psycopg.connect(postgres_url) as observer:
        assert _backends(observer, postgres_url) == 0  # close() released them all


def test_replaces_connections_killed_while_idle(postgres_url: str) -> None:
    store = PostgresStore(postgres_url)
    store.pool.check_after = 0.0  # ping every reused connection
    try:
        conversation_id = store.create_conversation("http")
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            # pg_terminate_backend only signals: wait until the store's connection is really gone.
            deadline = time.monotonic() + 10
            while _backends(admin, postgres_url) and time.monotonic() < deadline:
                time.sleep(0.01)
        assert store.get_conversation(conversation_id) is not None
    finally:
        store.close()
