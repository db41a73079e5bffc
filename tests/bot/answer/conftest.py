"""Shared pieces for the answering core's unit tests: the shipped tuning, and chunks of the real index."""

from __future__ import annotations

import pytest

from bot.answer.answerer import Answerer
from bot.answer.tuning import Tuning, load_tuning
from index.chunk import Chunk


@pytest.fixture(scope="session")
def tuning() -> Tuning:
    return load_tuning()


@pytest.fixture(scope="session")
def chunks(answerer: Answerer) -> dict[str, Chunk]:
    """The real index's chunks by id."""
    return {c.id: c for c in answerer.retriever.artifact.chunks}
