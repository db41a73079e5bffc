"""Shared fixtures: the real model, a real index of the real corpus, real servers on loopback."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bot.answer.answerer import Answerer
from bot.api.main import create_app
from bot.config import Settings
from bot.runtime import IndexHolder, build_options
from index.encoder import Encoder, load_encoder
from index.model import model_info
from ingest.build import build
from tests.postgres import postgres_server, postgres_url  # noqa: F401  (shared fixtures)
from tests.redis import redis_server, redis_url  # noqa: F401  (shared fixtures)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


def tutor_env(settings: Settings, database: Path, **more: str) -> dict[str, str]:
    """The environment of a `python -m bot` subprocess: this one without its TUTOR_* and SLACK_*
    variables, the repository importable, the session's index, cache and corpus, and its own store."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TUTOR_", "SLACK_"))}
    return {
        **clean,
        "PYTHONPATH": str(ROOT),
        "TUTOR_INDEX_DIR": str(settings.index_dir),
        "TUTOR_CACHE_DIR": str(settings.cache_dir),
        "TUTOR_CORPUS_DIR": str(settings.corpus_dir),
        "TUTOR_DATABASE_PATH": str(database),
        **more,
    }


def make_settings(**overrides: Any) -> Settings:
    """Settings for a test: never read from the developer's .env or TUTOR_* environment."""
    return Settings(_env_file=None, **overrides)  # type: ignore[call-arg]


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One embedding and ONNX cache for the session: the model is exported once."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="session")
def encoder(cache_dir: Path) -> Encoder:
    """The real all-MiniLM-L6-v2, on the shipped backend, loaded once."""
    return load_encoder(model_info(None), make_settings().encoder_backend, cache_dir)


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory: pytest.TempPathFactory, cache_dir: Path, encoder: Encoder) -> Path:
    """The real corpus, indexed once for the session (tests that edit a corpus make their own)."""
    index = tmp_path_factory.mktemp("index")
    settings = make_settings(corpus_dir=CORPUS, index_dir=index, cache_dir=cache_dir)
    build(build_options(settings), encoder=encoder)
    return index


@pytest.fixture(scope="session")
def base_settings(corpus_index: Path, cache_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return make_settings(
        corpus_dir=CORPUS,
        index_dir=corpus_index,
        cache_dir=cache_dir,
        database_path=tmp_path_factory.mktemp("db") / "session.sqlite3",
    )


@pytest.fixture(scope="session")
def holder(base_settings: Settings, encoder: Encoder) -> IndexHolder:
    index = IndexHolder(base_settings, encoder=encoder)
    index.load()
    return index


@pytest.fixture(scope="session")
def answerer(holder: IndexHolder) -> Answerer:
    return holder.answerer


@pytest.fixture
def settings(base_settings: Settings, tmp_path: Path) -> Settings:
    """Per-test settings: the session's index, a fresh SQLite file."""
    return base_settings.model_copy(update={"database_path": tmp_path / "tutor.sqlite3"})


@pytest.fixture
def client(settings: Settings, holder: IndexHolder) -> Iterator[TestClient]:
    """The real app (lifespan included) on the session's loaded index."""
    with TestClient(create_app(settings, holder=holder)) as test_client:
        yield test_client


@pytest.fixture
def own_corpus(tmp_path: Path) -> Path:
    """A private copy of the corpus that a test may edit."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target
