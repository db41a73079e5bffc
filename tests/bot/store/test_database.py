"""What each database adds (bot.store.database): SQLite's file, pragmas and locking; PostgreSQL's types and pool."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa

from bot.store import PostgresStore, SQLiteStore, StoreUnavailable, open_store
from bot.store.database import sqlite_engine
from tests.bot.store.conftest import HEAD, query

# --- SQLite ---


def test_creates_folders_schema_and_wal(sqlite_path: Path) -> None:
    assert not sqlite_path.parent.exists()
    store = SQLiteStore(sqlite_path, busy_timeout=2.5)
    try:
        pragmas = [
            query(store, f"PRAGMA {name}")[0][0] for name in ("foreign_keys", "busy_timeout", "synchronous")
        ]
        assert pragmas == [1, 2500, 1]  # on, the timeout in ms, NORMAL
    finally:
        store.close()
    with sqlite3.connect(sqlite_path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert raw.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD,)]
        tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    raw.close()
    assert {"conversations", "turns", "feedback", "slack_threads", "slack_events"} <= tables


def test_open_store_picks_sqlite_without_a_url(sqlite_path: Path) -> None:
    for url in (None, ""):
        store = open_store(sqlite_path, url)
        try:
            assert isinstance(store, SQLiteStore)
        finally:
            store.close()
    assert sqlite_path.exists()


def test_timestamps_are_stored_as_sortable_utc_text(sqlite_path: Path) -> None:
    store = SQLiteStore(sqlite_path)
    try:
        store.create_conversation("http")
        [(stored,)] = query(store, "SELECT created_at FROM conversations")
    finally:
        store.close()
    assert len(stored) == len("2025-01-01T00:00:00.000000+00:00") and stored.endswith("+00:00")


def test_waits_for_another_writer_then_gives_up_cleanly(sqlite_path: Path) -> None:
    store = SQLiteStore(sqlite_path, busy_timeout=0.2)
    other = sqlite3.connect(sqlite_path, isolation_level=None)
    try:
        conversation_id = store.create_conversation("http")
        other.execute("BEGIN IMMEDIATE")  # another process holding the write lock
        with pytest.raises(StoreUnavailable, match="locked"):  # a 503 with Retry-After over HTTP
            store.create_conversation("http")
        assert store.get_conversation(conversation_id) is not None  # WAL: reads do not wait
        other.execute("ROLLBACK")
        assert store.create_conversation("http")
    finally:
        other.close()
        store.close()


_WORKER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from bot.store import SQLiteStore

    store = SQLiteStore(Path(sys.argv[1]))
    try:
        for i in range(40):
            store.add_turn(sys.argv[2], question=f"q{i}", resolved_query="q", answer={}, abstained=False,
                           confidence=1.0, topic={})
    finally:
        store.close()
    """
)


def test_processes_sharing_the_file_number_turns_without_gaps(sqlite_path: Path) -> None:
    store = SQLiteStore(sqlite_path)
    try:
        conversation_id = store.create_conversation("http")
        workers = [
            subprocess.Popen([sys.executable, "-c", _WORKER, str(sqlite_path), conversation_id])
            for _ in range(3)
        ]
        assert [worker.wait(timeout=120) for worker in workers] == [0, 0, 0]
        conversation = store.get_conversation(conversation_id)
        assert conversation is not None
        assert [turn.n for turn in conversation.turns] == list(range(1, 121))
    finally:
        store.close()


# --- PostgreSQL ---


@pytest.mark.postgres
def test_open_store_picks_postgres_for_a_url(postgres_url: str, sqlite_path: Path) -> None:
    store = open_store(sqlite_path, postgres_url)
    try:
        assert isinstance(store, PostgresStore)
        assert store.get_conversation(store.create_conversation("http")) is not None
    finally:
        store.close()
    assert not sqlite_path.parent.exists()


@pytest.mark.postgres
def test_uses_native_column_types(postgres_url: str) -> None:
    PostgresStore(postgres_url).close()
    with psycopg.connect(postgres_url) as conn:
        rows = conn.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns"
            " WHERE table_schema = 'public'"
        ).fetchall()
        version = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    types = {(table, column): data_type for table, column, data_type in rows}
    assert types["turns", "answer"] == types["turns", "topic"] == "jsonb"
    assert types["turns", "abstained"] == "boolean"
    assert types["turns", "confidence"] == "double precision"
    assert types["conversations", "updated_at"] == "timestamp with time zone"
    assert version == [(HEAD,)]


@pytest.mark.postgres
def test_returns_utc_whatever_the_session_time_zone(postgres_url: str) -> None:
    store = PostgresStore(postgres_url + "?options=-c%20TimeZone%3DAsia/Tokyo")
    try:
        assert query(store, "SHOW TimeZone") == [("Asia/Tokyo",)]
        turn = store.add_turn(
            None,
            question="q",
            resolved_query="q",
            answer={},
            abstained=True,
            confidence=0.1,
            topic={},
            source="http",
        )
        conversation = store.get_conversation(turn.conversation_id)
        assert conversation is not None
        assert conversation.updated_at.tzinfo is UTC and conversation.turns[0].created_at.tzinfo is UTC
        assert conversation.turns[0] == turn
        assert store.stats().unanswered[0].last_asked.tzinfo is UTC
    finally:
        store.close()


def _backends(conn: psycopg.Connection[tuple[object, ...]], url: str) -> int:
    database = url.rsplit("/", 1)[1]
    row = conn.execute(
        "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", (database,)
    ).fetchone()
    assert row is not None
    return int(str(row[0]))


@pytest.mark.postgres
def test_pool_bounds_and_reuses_connections(postgres_url: str) -> None:
    store = PostgresStore(postgres_url, max_connections=2)
    try:
        conversation_id = store.create_conversation("http")

        def ask(i: int) -> int:
            return store.add_turn(
                conversation_id,
                question=f"q{i}",
                resolved_query="q",
                answer={},
                abstained=False,
                confidence=1.0,
                topic={},
            ).n

        with ThreadPoolExecutor(8) as pool:
            numbers = list(pool.map(ask, range(40)))
        assert sorted(numbers) == list(range(1, 41))
        with psycopg.connect(postgres_url) as observer:
            assert _backends(observer, postgres_url) <= 2
    finally:
        store.close()
    with psycopg.connect(postgres_url, autocommit=True) as observer:
        # A backend ends a moment after its client hangs up; on a busy machine that moment shows.
        deadline = time.monotonic() + 10
        while _backends(observer, postgres_url) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert _backends(observer, postgres_url) == 0  # close() released them all


@pytest.mark.postgres
def test_replaces_connections_killed_while_idle(postgres_url: str) -> None:
    store = PostgresStore(postgres_url)
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


def test_writers_of_one_process_queue_for_the_write_lock(tmp_path: Path) -> None:
    """A second writer of the same process waits on the store's own lock, not in SQLite: its BEGIN
    IMMEDIATE is not even sent while the first write transaction is open. SQLite's busy handler polls
    with growing sleeps (up to 100 ms), which made /chat's p99 0.5-1 s under concurrent writes."""
    engine = sqlite_engine(tmp_path / "tutor.sqlite3", busy_timeout=5.0)
    sent: list[str] = []

    @sa.event.listens_for(engine, "connect")
    def trace(connection: sqlite3.Connection, _: object) -> None:
        connection.set_trace_callback(lambda sql: sent.append(sql) if sql.startswith("BEGIN") else None)

    engine.dispose()  # connections made from now on are traced
    first = engine.connect().execution_options(write=True)
    first.begin()
    second_began = threading.Event()

    def second_writer() -> None:
        with engine.connect().execution_options(write=True) as second, second.begin():
            second_began.set()

    thread = threading.Thread(target=second_writer)
    thread.start()
    time.sleep(0.3)  # time enough for the second writer to reach SQLite, were it let through
    assert sent == ["BEGIN IMMEDIATE"] and not second_began.is_set()
    first.commit()
    first.close()
    thread.join(timeout=10)
    assert second_began.is_set() and sent == ["BEGIN IMMEDIATE", "BEGIN IMMEDIATE"]
    engine.dispose()
