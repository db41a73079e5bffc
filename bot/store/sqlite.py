"""The embedded default store: one SQLite file, safe to share between threads and processes."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.store import sql
from bot.store.base import StoreError
from bot.store.sqlbase import Clock, Cursor, SQLStore

log = logging.getLogger(__name__)


class SQLiteStore(SQLStore):
    """The conversation store in a SQLite file (WAL mode), created with its folders on first open.

    Thread safety: one connection, and a lock held for each whole transaction. SQLite admits one writer
    at a time anyway, every store call is a few small statements, and a single connection is closed
    deterministically by `close()`; thread-local connections would leak one per pool thread and buy
    only concurrent reads, which this workload does not need. Other processes sharing the file are
    handled by SQLite's own locking: write transactions begin IMMEDIATE and wait up to the busy timeout.
    """

    column_types = sql.SQLITE_TYPES

    def __init__(self, path: Path, *, clock: Clock | None = None, busy_timeout: float = 10.0) -> None:
        super().__init__(clock)
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        # isolation_level=None: the store issues BEGIN/COMMIT itself instead of the module guessing.
        # check_same_thread=False: the lock, not the creating thread, guards the connection.
        connection = sqlite3.connect(
            self.path, timeout=busy_timeout, isolation_level=None, check_same_thread=False
        )
        self._connection: sqlite3.Connection | None = connection
        try:
            connection.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            connection.execute("PRAGMA foreign_keys = ON")  # off by default, per connection
            mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode != "wal":  # e.g. a file system without shared memory
                log.warning("SQLite at %s is in %s journal mode, not WAL", self.path, mode)
            # NORMAL is durable against process crashes in WAL mode; a power cut may lose the last commits.
            connection.execute("PRAGMA synchronous = NORMAL")
            found = self._migrate()
        except BaseException:
            self.close()
            raise
        log.info("opened SQLite store at %s (schema version %d, was %d)", path, sql.SCHEMA_VERSION, found)

    @contextmanager
    def _transaction(self, *, write: bool) -> Iterator[Cursor]:
        with self._lock:
            if self._connection is None:
                raise StoreError("the store is closed")
            connection = self._connection
            cursor = connection.cursor()
            try:
                # IMMEDIATE takes the write lock up front, so two processes cannot both read max(n) and
                # then collide; a deferred read transaction still gives one consistent snapshot.
                cursor.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                try:
                    yield cursor
                    cursor.execute("COMMIT")
                except BaseException:
                    # SQLite may already have rolled back by itself (e.g. on SQLITE_FULL).
                    if connection.in_transaction:
                        connection.execute("ROLLBACK")
                    raise
            finally:
                cursor.close()

    def _schema_version(self, cur: Cursor) -> int:
        cur.execute("PRAGMA user_version", ())
        return int(cur.fetchone()[0])

    def _set_schema_version(self, cur: Cursor, version: int) -> None:
        # PRAGMA takes no parameters; int() keeps the formatting safe. It is part of the transaction.
        cur.execute(f"PRAGMA user_version = {int(version)}", ())

    def _timestamp_in(self, value: datetime) -> str:
        # Fixed width (always microseconds, always +00:00), so text order is time order.
        return value.astimezone(UTC).isoformat(timespec="microseconds")

    def _timestamp_out(self, value: Any) -> datetime:
        return datetime.fromisoformat(value).astimezone(UTC)

    def close(self) -> None:
        """Close the connection; later calls raise StoreError."""
        with self._lock:
            connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()
