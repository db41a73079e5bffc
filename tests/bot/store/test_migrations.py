"""The Alembic migrations (bot/store/migrations), on both databases: fresh, concurrent, and from the old store."""

from __future__ import annotations

import logging
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from bot.store import PostgresStore, SQLiteStore, SQLStore
from bot.store.base import Conversation, Turn
from bot.store.database import MIGRATIONS, SCHEMA_HEAD
from tests.bot.store.conftest import HEAD, START, FakeClock, StoreFactory, query

TABLES = ["conversations", "feedback", "slack_events", "slack_threads", "turns"]
PRACTICE_TABLES = ("learners", "practice_cards", "practice_reviews", "practice_prompts")  # 0002_practice

# The schema that the store before Alembic created (bot/store/sql.py, schema version 1), copied as it was.
_LEGACY_SCHEMA = [
    """CREATE TABLE IF NOT EXISTS conversations (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        created_at {timestamp} NOT NULL,
        updated_at {timestamp} NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS conversations_updated_at ON conversations (updated_at)",
    """CREATE TABLE IF NOT EXISTS turns (
        conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        n INTEGER NOT NULL CHECK (n >= 1),
        question TEXT NOT NULL,
        question_key TEXT NOT NULL,
        resolved_query TEXT NOT NULL,
        answer {json} NOT NULL,
        abstained {boolean} NOT NULL,
        confidence {real} NOT NULL,
        topic {json} NOT NULL,
        created_at {timestamp} NOT NULL,
        PRIMARY KEY (conversation_id, n)
    )""",
    "CREATE INDEX IF NOT EXISTS turns_question_key ON turns (question_key)",
    """CREATE TABLE IF NOT EXISTS feedback (
        conversation_id TEXT NOT NULL,
        turn INTEGER NOT NULL,
        rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
        reason TEXT,
        source TEXT NOT NULL,
        created_at {timestamp} NOT NULL,
        PRIMARY KEY (conversation_id, turn),
        FOREIGN KEY (conversation_id, turn) REFERENCES turns (conversation_id, n) ON DELETE CASCADE
    )""",
    """CREATE TABLE IF NOT EXISTS slack_threads (
        channel TEXT NOT NULL,
        thread_ts TEXT NOT NULL,
        conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        created_at {timestamp} NOT NULL,
        PRIMARY KEY (channel, thread_ts)
    )""",
    "CREATE INDEX IF NOT EXISTS slack_threads_conversation ON slack_threads (conversation_id)",
    """CREATE TABLE IF NOT EXISTS slack_events (
        event_id TEXT PRIMARY KEY,
        claimed_at {timestamp} NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS slack_events_claimed_at ON slack_events (claimed_at)",
]
SQLITE_TYPES = {"timestamp": "TEXT", "json": "TEXT", "boolean": "INTEGER", "real": "REAL"}
POSTGRES_TYPES = {
    "timestamp": "TIMESTAMPTZ",
    "json": "JSONB",
    "boolean": "BOOLEAN",
    "real": "DOUBLE PRECISION",
}

# Rows as the old store wrote them: ISO-8601 UTC text with microseconds, compact JSON, Unicode unescaped.
ANSWER = {"text": "Ünïcödé — “quotes”", "nested": {"list": [1, 2.5, None, True]}, "citations": []}
_T0, _T1, _T2 = (f"2025-03-01T12:0{minute}:00.000000+00:00" for minute in range(3))
_LEGACY_ROWS: list[tuple[str, tuple[Any, ...]]] = [
    ("INSERT INTO conversations VALUES (?, ?, ?, ?)", ("a" * 32, "http", _T0, _T2)),
    ("INSERT INTO conversations VALUES (?, ?, ?, ?)", ("b" * 32, "slack", _T0, _T1)),
    (
        "INSERT INTO turns VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ("a" * 32, 1, "What is MLOps?", "what is mlops", "what is mlops", '{"text":"no"}', True, 0.125,
         '{"level":"foundation"}', _T1),
    ),
    (
        "INSERT INTO turns VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ("a" * 32, 2, "And labs?", "and labs", "labs foundation",
         '{"text":"Ünïcödé — “quotes”","nested":{"list":[1,2.5,null,true]},"citations":[]}', False, 0.75, "{}", _T2),
    ),
    (
        "INSERT INTO turns VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ("b" * 32, 1, "Who audits?", "who audits", "who audits", "{}", False, 0.5, "{}", _T1),
    ),
    ("INSERT INTO feedback VALUES (?, ?, ?, ?, ?, ?)", ("a" * 32, 1, "down", "wrong section", "slack", _T2)),
    ("INSERT INTO feedback VALUES (?, ?, ?, ?, ?, ?)", ("a" * 32, 2, "up", None, "http", _T2)),
    ("INSERT INTO slack_threads VALUES (?, ?, ?, ?)", ("C1", "171.1", "b" * 32, _T1)),
    ("INSERT INTO slack_events VALUES (?, ?)", ("Ev1", _T2)),
]  # fmt: skip


def build_legacy_database(database: str | Path) -> None:
    """A database exactly as the store before Alembic left it: its schema, its version mark, its rows."""
    if isinstance(database, Path):
        database.parent.mkdir(parents=True)
        with closing(sqlite3.connect(database, isolation_level=None)) as db:
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("BEGIN")
            for statement in [*_LEGACY_SCHEMA, "PRAGMA user_version = 1"]:
                db.execute(statement.format(**SQLITE_TYPES))
            for statement, params in _LEGACY_ROWS:
                db.execute(statement, params)
            db.execute("COMMIT")
        return
    with psycopg.connect(database) as db:
        for statement in _LEGACY_SCHEMA:
            db.execute(statement.format(**POSTGRES_TYPES).encode())
        db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        db.execute("INSERT INTO schema_version (version) VALUES (1)")
        for statement, params in _LEGACY_ROWS:
            db.execute(statement.replace("?", "%s").encode(), params)


def open_on(database: str | Path, clock: FakeClock | None = None) -> SQLStore:
    """A store on the test's database, of whichever kind it is."""
    return (
        PostgresStore(database, clock=clock)
        if isinstance(database, str)
        else SQLiteStore(database, clock=clock)
    )


def test_an_old_database_is_upgraded_in_place_without_loss(database: str | Path) -> None:
    build_legacy_database(database)
    clock = FakeClock(START + timedelta(hours=1))
    store = open_on(database, clock)
    try:
        a, b = "a" * 32, "b" * 32
        at = [START + timedelta(minutes=minute) for minute in range(3)]
        assert store.get_conversation(a) == Conversation(
            a,
            "http",
            at[0],
            at[2],
            [
                Turn(
                    a,
                    1,
                    "What is MLOps?",
                    "what is mlops",
                    {"text": "no"},
                    True,
                    0.125,
                    {"level": "foundation"},
                    at[1],
                ),
                Turn(a, 2, "And labs?", "labs foundation", ANSWER, False, 0.75, {}, at[2]),
            ],
        )
        assert store.get_conversation(b) == Conversation(
            b, "slack", at[0], at[1], [Turn(b, 1, "Who audits?", "who audits", {}, False, 0.5, {}, at[1])]
        )
        stats = store.stats()
        counts = (
            stats.conversations,
            stats.questions,
            stats.abstained,
            stats.feedback_up,
            stats.feedback_down,
        )
        assert counts == (2, 3, 1, 1, 1)
        assert [(q.question, q.count, q.abstained, q.rated_down, q.last_asked) for q in stats.unanswered] == [
            ("What is MLOps?", 1, 1, 1, at[1])
        ]
        assert query(store, "SELECT reason, source FROM feedback ORDER BY turn") == [
            ("wrong section", "slack"),
            (None, "http"),
        ]
        assert store.thread_conversation("C1", "171.1") == b
        assert store.claim_event("Ev1") is False  # still remembered

        # New writes go on where the old store stopped, and group with the old questions.
        again: dict[str, Any] = {
            "resolved_query": "q",
            "answer": {},
            "abstained": True,
            "confidence": 0.1,
            "topic": {},
        }
        assert store.add_turn(a, question="WHAT is MLOps", **again).n == 3
        store.add_feedback(a, 3, "down", None, "http")
        store.link_thread("C2", "1.1", a)
        assert store.claim_event("Ev2") is True
        new = store.add_turn(None, question="Who else?", source="cli", **again)
        top = store.stats().unanswered[0]
        assert (top.question, top.count, top.abstained, top.rated_down) == ("WHAT is MLOps", 2, 2, 2)
        assert store.get_conversation(new.conversation_id) is not None
        assert query(store, "SELECT version_num FROM alembic_version") == [(HEAD,)]

        # The old foreign keys still cascade: a purge takes every turn, rating and thread link along.
        clock.advance(days=91)
        assert store.purge_expired(90) == 3
        assert [query(store, f"SELECT COUNT(*) FROM {table}")[0][0] for table in TABLES] == [0] * 5
        assert store.get_conversation(new.conversation_id) is None
    finally:
        store.close()
    if isinstance(database, str):
        with psycopg.connect(database) as db:  # the old version mark went with the upgrade
            assert db.execute("SELECT to_regclass('schema_version')").fetchone() == (None,)


def test_migrations_run_down_and_up_again(make_store: StoreFactory) -> None:
    store = make_store()
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
        assert set(sa.inspect(connection).get_table_names()) == {"alembic_version"}
        command.upgrade(config, "head")
        assert set(sa.inspect(connection).get_table_names()) == {"alembic_version", *TABLES, *PRACTICE_TABLES}
    assert store.get_conversation(store.create_conversation("http")) is not None


def test_stores_opened_at_once_migrate_once(database: str | Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="bot.store.database")
    for _ in range(3):  # a few rounds: the race that this guards against was rare
        if isinstance(database, Path):
            database = database.with_name(f"{database.stem}x.sqlite3")  # a new file each round
        else:
            with psycopg.connect(database, autocommit=True) as db:
                db.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        caplog.clear()
        with ThreadPoolExecutor(4) as pool:
            stores = list(pool.map(open_on, [database] * 4))
        try:
            runs = [r for r in caplog.records if r.getMessage().startswith("store schema migrated")]
            assert len(runs) == 1  # one store migrated; the others waited, then found the newest schema
            conversation_id = stores[0].create_conversation("http")
            assert all(store.get_conversation(conversation_id) is not None for store in stores)
            assert query(stores[0], "SELECT COUNT(*) FROM alembic_version") == [(1,)]
        finally:
            for store in stores:
                store.close()


def test_the_schema_head_is_the_newest_migration() -> None:
    assert SCHEMA_HEAD == HEAD  # a new migration moves SCHEMA_HEAD with it


def test_a_store_at_the_newest_schema_opens_without_alembic(tmp_path: Path) -> None:
    """Alembic's import is start-up time and memory of every serving process: a store whose schema is
    current does not import it, and one that needs migrating still is migrated with it."""
    probe = (
        "import sys; from pathlib import Path; from bot.store import SQLiteStore; "
        "store = SQLiteStore(Path(sys.argv[1])); store.create_conversation('http'); store.close(); "
        "print('alembic' in sys.modules)"
    )

    def alembic_imported() -> str:
        command = [sys.executable, "-c", probe, str(tmp_path / "store.sqlite3")]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()

    assert alembic_imported() == "True"  # a new file: migrated
    assert alembic_imported() == "False"  # now at the newest schema
