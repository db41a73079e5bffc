"""The SQL both store backends run: one schema and one set of statements, written once.

Statements use `?` placeholders, which `render` turns into psycopg's `%s`; so that this stays a plain
text substitution, no statement contains a literal `?` or `%`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class ColumnTypes:
    """The few column types that differ between the engines; the rest of the schema is shared."""

    timestamp: str
    json: str
    boolean: str
    real: str


# SQLite has no timestamp type: ISO-8601 UTC text with fixed-width microseconds sorts and compares correctly.
SQLITE_TYPES = ColumnTypes(timestamp="TEXT", json="TEXT", boolean="INTEGER", real="REAL")
POSTGRES_TYPES = ColumnTypes(
    timestamp="TIMESTAMPTZ", json="JSONB", boolean="BOOLEAN", real="DOUBLE PRECISION"
)

# _MIGRATIONS[i] takes the schema from version i to i + 1. Append, never edit a released entry.
_MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE IF NOT EXISTS conversations (
            id TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            created_at {timestamp} NOT NULL,
            updated_at {timestamp} NOT NULL
        )""",
        # Retention deletes by age.
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
        # The unanswered-questions report groups by the normalised question.
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
        # A cascade from conversations needs this index, or every delete scans the table.
        "CREATE INDEX IF NOT EXISTS slack_threads_conversation ON slack_threads (conversation_id)",
        """CREATE TABLE IF NOT EXISTS slack_events (
            event_id TEXT PRIMARY KEY,
            claimed_at {timestamp} NOT NULL
        )""",
        "CREATE INDEX IF NOT EXISTS slack_events_claimed_at ON slack_events (claimed_at)",
    ),
)
assert len(_MIGRATIONS) == SCHEMA_VERSION


def migrations(types: ColumnTypes) -> list[list[str]]:
    """The DDL for each schema version, with this engine's column types filled in."""
    fields = {"timestamp": types.timestamp, "json": types.json, "boolean": types.boolean, "real": types.real}
    return [[statement.format(**fields) for statement in step] for step in _MIGRATIONS]


def render(statement: str, placeholder: str) -> str:
    """Rewrite a statement's `?` placeholders in a driver's style."""
    if placeholder == "?":
        return statement
    if "%" in statement:
        raise ValueError("a shared statement must not contain '%'")
    return statement.replace("?", placeholder)


def normalize_question(question: str) -> str:
    """The key that groups rephrasings of one question: lower-case, single spaces, no trailing punctuation."""
    # NFKC around casefold (Unicode's NFKC_Casefold): full-width and compatibility forms fold too.
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", question).casefold())
    text = " ".join(folded.split())
    # Strip only punctuation (category P*) and spaces: a trailing emoji or digit is part of the question.
    end = len(text)
    while end and (text[end - 1].isspace() or unicodedata.category(text[end - 1]).startswith("P")):
        end -= 1
    return text[:end]


INSERT_CONVERSATION = "INSERT INTO conversations (id, source, created_at, updated_at) VALUES (?, ?, ?, ?)"
SELECT_CONVERSATION = "SELECT id, source, created_at, updated_at FROM conversations WHERE id = ?"
# Backends append their row-lock clause, so that a purge cannot delete the row mid-transaction.
CONVERSATION_EXISTS = "SELECT 1 FROM conversations WHERE id = ?"
# In PostgreSQL the UPDATE also locks the row, which is what serialises concurrent add_turn calls.
TOUCH_CONVERSATION = "UPDATE conversations SET updated_at = ? WHERE id = ?"

SELECT_TURNS = """SELECT conversation_id, n, question, resolved_query, answer, abstained, confidence, topic,
    created_at FROM turns WHERE conversation_id = ? ORDER BY n"""
NEXT_TURN = "SELECT COALESCE(MAX(n), 0) + 1 FROM turns WHERE conversation_id = ?"
INSERT_TURN = """INSERT INTO turns (conversation_id, n, question, question_key, resolved_query, answer,
    abstained, confidence, topic, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""
TURN_EXISTS = "SELECT 1 FROM turns WHERE conversation_id = ? AND n = ?"

UPSERT_FEEDBACK = """INSERT INTO feedback (conversation_id, turn, rating, reason, source, created_at)
    VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (conversation_id, turn) DO UPDATE SET rating = excluded.rating, reason = excluded.reason,
    source = excluded.source, created_at = excluded.created_at"""

SELECT_THREAD = "SELECT conversation_id FROM slack_threads WHERE channel = ? AND thread_ts = ?"
UPSERT_THREAD = """INSERT INTO slack_threads (channel, thread_ts, conversation_id, created_at)
    VALUES (?, ?, ?, ?)
    ON CONFLICT (channel, thread_ts) DO UPDATE SET conversation_id = excluded.conversation_id"""

CLAIM_EVENT = """INSERT INTO slack_events (event_id, claimed_at) VALUES (?, ?)
    ON CONFLICT (event_id) DO NOTHING"""

DELETE_EXPIRED_CONVERSATIONS = "DELETE FROM conversations WHERE updated_at < ?"
DELETE_EXPIRED_EVENTS = "DELETE FROM slack_events WHERE claimed_at < ?"

COUNT_CONVERSATIONS = "SELECT COUNT(*) FROM conversations"
COUNT_TURNS = "SELECT COUNT(*), COALESCE(SUM(CASE WHEN abstained THEN 1 ELSE 0 END), 0) FROM turns"
COUNT_FEEDBACK = """SELECT COALESCE(SUM(CASE WHEN rating = 'up' THEN 1 ELSE 0 END), 0),
    COALESCE(SUM(CASE WHEN rating = 'down' THEN 1 ELSE 0 END), 0) FROM feedback"""

# Turns the tutor abstained on or a learner rated down, grouped by normalised question; each group is
# shown in its most recent wording. Ties are broken by recency, then by key, so the order is stable.
UNANSWERED = """WITH flagged AS (
        SELECT t.question, t.question_key, t.created_at, t.n, t.conversation_id,
            CASE WHEN t.abstained THEN 1 ELSE 0 END AS abstained,
            CASE WHEN f.rating = 'down' THEN 1 ELSE 0 END AS rated_down
        FROM turns t
        LEFT JOIN feedback f ON f.conversation_id = t.conversation_id AND f.turn = t.n
        WHERE t.abstained OR f.rating = 'down'
    ), latest AS (
        SELECT question_key, question, ROW_NUMBER() OVER (
            PARTITION BY question_key ORDER BY created_at DESC, conversation_id DESC, n DESC) AS rank
        FROM flagged
    ), grouped AS (
        SELECT question_key, COUNT(*) AS asked, SUM(abstained) AS abstained,
            SUM(rated_down) AS rated_down, MAX(created_at) AS last_asked
        FROM flagged GROUP BY question_key
    )
    SELECT latest.question, grouped.asked, grouped.abstained, grouped.rated_down, grouped.last_asked
    FROM grouped JOIN latest ON latest.question_key = grouped.question_key AND latest.rank = 1
    ORDER BY grouped.asked DESC, grouped.last_asked DESC, grouped.question_key
    LIMIT ?"""
