"""Store fixtures: both backends, each on a fresh database (PostgreSQL from tests/postgres.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.store import PostgresStore, SQLiteStore, SQLStore
from bot.store.sqlbase import Clock

StoreFactory = Callable[..., SQLStore]


@pytest.fixture
def sqlite_path(tmp_path: Path) -> Path:
    """Where a test's SQLite store lives; the folder does not exist yet."""
    return tmp_path / "data" / "tutor.sqlite3"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def make_store(request: pytest.FixtureRequest, sqlite_path: Path) -> Iterator[StoreFactory]:
    """Opens stores on one per-test database of the parametrised backend; closes them all afterwards."""
    url = request.getfixturevalue("postgres_url") if request.param == "postgres" else None
    opened: list[SQLStore] = []

    def make(clock: Clock | None = None) -> SQLStore:
        store: SQLStore = (
            PostgresStore(url, clock=clock) if url is not None else SQLiteStore(sqlite_path, clock=clock)
        )
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


@pytest.fixture
def store(make_store: StoreFactory) -> SQLStore:
    """A fresh, empty store of the parametrised backend."""
    return make_store()
