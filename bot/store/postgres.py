"""The PostgreSQL store (psycopg 3), for deployments with more than one host or process."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg.pq import TransactionStatus

from bot.store import sql
from bot.store.base import StoreError
from bot.store.sqlbase import Clock, Cursor, SQLStore

log = logging.getLogger(__name__)

# Any constant unique to this application: pg_advisory_xact_lock key that serialises schema migrations.
_MIGRATION_LOCK_KEY = 0x7475746F72  # "tutor"

Connection = psycopg.Connection[tuple[Any, ...]]


class ConnectionPool:
    """At most `size` connections to one database, reused most-recent-first.

    A small stand-in for psycopg_pool (not a dependency): a connection that breaks, or comes back
    mid-transaction, is closed instead of reused; one idle for longer than `check_after` seconds is
    pinged before reuse, so connections killed while idle (server restart, idle timeouts) are replaced
    instead of failing a request.
    """

    def __init__(self, url: str, size: int, *, connect_timeout: int = 10, wait_timeout: float = 30.0) -> None:
        self._url = url
        self._connect_timeout = connect_timeout
        self._wait_timeout = wait_timeout
        self.check_after = 30.0
        self._slots = threading.BoundedSemaphore(size)
        self._lock = threading.Lock()
        self._idle: list[tuple[Connection, float]] = []  # (connection, monotonic time returned)
        self._closed = False

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """Borrow a connection (autocommit; use `transaction()`) for the duration of the block."""
        if not self._slots.acquire(timeout=self._wait_timeout):
            raise StoreError(f"no database connection became free within {self._wait_timeout:g} s")
        try:
            connection = self._checkout()
            try:
                yield connection
            finally:
                self._checkin(connection)
        finally:
            self._slots.release()

    def _checkout(self) -> Connection:
        while True:
            with self._lock:
                if self._closed:
                    raise StoreError("the store is closed")
                if not self._idle:
                    break
                connection, returned_at = self._idle.pop()
            if time.monotonic() - returned_at < self.check_after or self._alive(connection):
                return connection
        return psycopg.connect(self._url, autocommit=True, connect_timeout=self._connect_timeout)

    @staticmethod
    def _alive(connection: Connection) -> bool:
        try:
            connection.execute("SELECT 1")
        except psycopg.Error:
            connection.close()
            return False
        return True

    def _checkin(self, connection: Connection) -> None:
        reusable = (
            not connection.closed
            and not connection.broken
            and connection.info.transaction_status == TransactionStatus.IDLE
        )
        with self._lock:
            if reusable and not self._closed:
                self._idle.append((connection, time.monotonic()))
                return
        connection.close()

    def close(self) -> None:
        """Close the idle connections now, and borrowed ones as they are returned."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for connection, _ in idle:
            connection.close()


class PostgresStore(SQLStore):
    """The conversation store in a PostgreSQL database; creates or upgrades its tables on open."""

    placeholder = "%s"
    column_types = sql.POSTGRES_TYPES
    # Blocks a concurrent DELETE of the conversation (purge) but not an UPDATE of its updated_at.
    row_lock = " FOR KEY SHARE"

    def __init__(self, url: str, *, clock: Clock | None = None, max_connections: int = 8) -> None:
        super().__init__(clock)
        self.pool = ConnectionPool(url, max_connections)
        try:
            found = self._migrate()
        except BaseException:
            self.pool.close()
            raise
        params = conninfo_to_dict(url)  # logged without the password
        log.info(
            "opened PostgreSQL store %s@%s:%s/%s (schema version %d, was %d)",
            params.get("user", ""),
            params.get("host", ""),
            params.get("port", ""),
            params.get("dbname", ""),
            sql.SCHEMA_VERSION,
            found,
        )

    @contextmanager
    def _transaction(self, *, write: bool) -> Iterator[Cursor]:
        with self.pool.connection() as connection, connection.transaction(), connection.cursor() as cursor:
            if not write:
                # One snapshot for all the statements of a read, as SQLite gives.
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield cursor

    def _lock_schema(self, cur: Cursor) -> None:
        # Two processes starting at once would otherwise race on CREATE TABLE IF NOT EXISTS.
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK_KEY,))

    def _schema_version(self, cur: Cursor) -> int:
        cur.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", ())
        cur.execute("SELECT MAX(version) FROM schema_version", ())
        found = cur.fetchone()[0]
        return 0 if found is None else int(found)

    def _set_schema_version(self, cur: Cursor, version: int) -> None:
        cur.execute("DELETE FROM schema_version", ())
        cur.execute("INSERT INTO schema_version (version) VALUES (%s)", (version,))

    def _timestamp_in(self, value: datetime) -> datetime:
        return value

    def _timestamp_out(self, value: Any) -> datetime:
        # psycopg returns the session's time zone; the store promises UTC.
        if not isinstance(value, datetime):
            raise StoreError(f"expected a timestamp from PostgreSQL, got {type(value).__name__}")
        return value.astimezone(UTC)

    def close(self) -> None:
        """Close the pool's connections; later calls raise StoreError."""
        self.pool.close()
