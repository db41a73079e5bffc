"""Store fixtures: both databases, each fresh per test (PostgreSQL from tests/postgres.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory

from bot.store import PostgresStore, SQLiteStore, SQLStore
from bot.store.database import MIGRATIONS
from bot.store.store import Clock

StoreFactory = Callable[..., SQLStore]
START = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
HEAD = ScriptDirectory(str(MIGRATIONS)).get_current_head()  # the newest schema revision


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def query(store: SQLStore, statement: str, **params: Any) -> list[tuple[Any, ...]]:
    """Rows of a literal SQL statement run on the store's database, for what the interface does not read."""
    with store.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(sa.text(statement), params)]


@pytest.fixture
def sqlite_path(tmp_path: Path) -> Path:
    """Where a test's SQLite store lives; the folder does not exist yet."""
    return tmp_path / "data" / "tutor.sqlite3"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, sqlite_path: Path) -> str | Path:
    """One per-test database of the parametrised kind: a PostgreSQL URL, or a SQLite file path."""
    return request.getfixturevalue("postgres_url") if request.param == "postgres" else sqlite_path


@pytest.fixture
def make_store(database: str | Path) -> Iterator[StoreFactory]:
    """Opens stores on the test's database; closes them all afterwards."""
    opened: list[SQLStore] = []

    def make(clock: Clock | None = None) -> SQLStore:
        store = (
            PostgresStore(database, clock=clock)
            if isinstance(database, str)
            else SQLiteStore(database, clock=clock)
        )
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


@pytest.fixture
def store(make_store: StoreFactory) -> SQLStore:
    """A fresh, empty store of the parametrised database."""
    return make_store()
