"""Opening the store's database: a SQLite file or PostgreSQL (psycopg 3), migrated to the newest schema.

A transaction is a write unless the connection has the execution option `write=False`; each database
begins each kind in its own best way.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from functools import partial
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bot.store.base import StoreError

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
# The newest revision in MIGRATIONS (tests/bot/store/test_migrations.py holds it to Alembic's head): a
# database already there opens without Alembic, which costs a serving process about 0.13 s and 10 MiB to
# import (bench/README.md, "Start-up").
SCHEMA_HEAD = "0003_harden_owner"
_LOCK_KEY = 0x7475746F72  # "tutor": the PostgreSQL advisory lock that serialises migrations
# JSON as the store has always written it: compact, with text in its own letters rather than \u escapes.
_JSON = partial(json.dumps, ensure_ascii=False, separators=(",", ":"))


def sqlite_engine(path: Path, busy_timeout: float) -> sa.Engine:
    """A SQLite file in WAL mode, created with its folders; a write waits up to `busy_timeout` s for the lock."""
    path.parent.mkdir(parents=True, exist_ok=True)
    url = sa.URL.create("sqlite", database=str(path))
    engine = sa.create_engine(url, json_serializer=_JSON, connect_args={"timeout": busy_timeout})

    @sa.event.listens_for(engine, "connect")
    def configure(connection: sqlite3.Connection, _: Any) -> None:
        connection.isolation_level = None  # the BEGIN below is the store's, not the driver's guess
        connection.execute("PRAGMA foreign_keys = ON")  # off by default, per connection
        # NORMAL is durable against process crashes in WAL mode; a power cut may lose the last commits.
        connection.execute("PRAGMA synchronous = NORMAL")

    # Writers of this process queue on a lock of their own before asking SQLite for its write lock.
    # SQLite's busy handler polls with growing sleeps (up to 100 ms each), so under concurrent writes a
    # waiter slept on long after the lock was free: /chat's p99 at concurrency 8 was 0.5-1 s. A thread
    # lock wakes its next waiter at once; other processes still meet the busy handler.
    writing = threading.Lock()

    @sa.event.listens_for(engine, "begin")
    def begin(connection: sa.Connection) -> None:
        # IMMEDIATE takes the write lock up front, so two processes cannot both read max(n) and collide;
        # a deferred read sees one snapshot and, in WAL mode, never waits for a writer.
        write = connection.get_execution_options().get("write", True)
        if write:
            # Bounded like SQLite's own wait: past it, the busy handler decides as before.
            connection.info["writing"] = writing.acquire(timeout=busy_timeout)
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
        except BaseException:
            end(connection)  # no transaction began, so no commit or rollback will release the lock
            raise

    @sa.event.listens_for(engine, "commit")
    @sa.event.listens_for(engine, "rollback")
    def end(connection: sa.Connection) -> None:
        if connection.info.pop("writing", False):
            writing.release()

    mode = _enable_wal(engine, busy_timeout)
    if mode != "wal":  # e.g. a file system without shared memory
        log.warning("SQLite at %s is in %s journal mode, not WAL", path, mode)
    return engine


def _enable_wal(engine: sa.Engine, timeout: float) -> str:
    """Switch the file to WAL mode, which it keeps; returns the mode it ends in.

    SQLite does not wait on its busy handler to change the journal mode, so stores opening one new file
    at once would fail with "database is locked": retry until the busy timeout instead.
    """
    deadline, connection = time.monotonic() + timeout, engine.raw_connection()
    try:
        while True:
            try:
                return str(connection.cursor().execute("PRAGMA journal_mode = WAL").fetchone()[0])
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)
    finally:
        connection.close()


def postgres_engine(url: str, max_connections: int) -> sa.Engine:
    """PostgreSQL through psycopg 3, with a pool of at most `max_connections` connections.

    Each connection is pinged as it leaves the pool, so one killed while idle (server restart, idle
    timeout) is replaced instead of failing a request.
    """
    engine = sa.create_engine(
        sa.make_url(url).set(drivername="postgresql+psycopg"),
        json_serializer=_JSON,
        pool_size=max_connections,
        max_overflow=0,
        pool_pre_ping=True,
        connect_args={"connect_timeout": 10},
    )

    @sa.event.listens_for(engine, "begin")
    def begin(connection: sa.Connection) -> None:
        if not connection.get_execution_options().get("write", True):
            # One snapshot for all the statements of a read, as SQLite gives.
            connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")

    return engine


def at_head(engine: sa.Engine) -> bool:
    """Whether the database's schema is SCHEMA_HEAD, read without a write lock."""
    with engine.connect().execution_options(write=False) as connection, connection.begin():
        if not sa.inspect(connection).has_table("alembic_version"):
            return False
        found = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all()
    return found == [SCHEMA_HEAD]


def migrate(engine: sa.Engine) -> None:
    """Upgrade the database to the newest revision in one transaction, one process at a time."""
    if at_head(engine):
        return
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    with engine.connect() as connection, connection.begin():
        # In SQLite the write transaction (BEGIN IMMEDIATE) already admits one process at a time.
        if connection.dialect.name == "postgresql":
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        found = MigrationContext.configure(connection).get_current_revision()
        if found is not None and found not in {known.revision for known in script.walk_revisions()}:
            raise StoreError(
                f"the database schema is at revision {found}, newer than this code's"
                f" {script.get_current_head()}: upgrade the tutor before opening it"
            )
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    if found != script.get_current_head():
        log.info("store schema migrated from %s to %s", found or "nothing", script.get_current_head())
