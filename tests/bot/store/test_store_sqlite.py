"""What only the SQLite backend promises: its file, its pragmas, and sharing the file between processes."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bot.store import SQLiteStore, open_store


def test_creates_folders_schema_and_wal(sqlite_path: Path) -> None:
    assert not sqlite_path.parent.exists()
    store = SQLiteStore(sqlite_path)
    try:
        with store._transaction(write=False) as cur:
            cur.execute("PRAGMA foreign_keys", ())
            assert cur.fetchone()[0] == 1
    finally:
        store.close()
    with sqlite3.connect(sqlite_path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 1
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
        with store._transaction(write=False) as cur:
            cur.execute("SELECT created_at FROM conversations", ())
            stored = cur.fetchone()[0]
    finally:
        store.close()
    assert len(stored) == len("2025-01-01T00:00:00.000000+00:00") and stored.endswith("+00:00")


def test_stores_opened_at_once_migrate_once(sqlite_path: Path) -> None:
    with ThreadPoolExecutor(4) as pool:
        stores = list(pool.map(lambda _: SQLiteStore(sqlite_path), range(4)))
    try:
        conversation_id = stores[0].create_conversation("http")
        assert all(store.get_conversation(conversation_id) is not None for store in stores)
    finally:
        for store in stores:
            store.close()


def test_waits_for_another_writer_then_gives_up_cleanly(sqlite_path: Path) -> None:
    store = SQLiteStore(sqlite_path, busy_timeout=0.2)
    other = sqlite3.connect(sqlite_path, isolation_level=None)
    try:
        conversation_id = store.create_conversation("http")
        other.execute("BEGIN IMMEDIATE")  # another process holding the write lock
        with pytest.raises(sqlite3.OperationalError, match="locked"):
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
