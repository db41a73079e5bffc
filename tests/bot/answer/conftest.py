"""Shared pieces for the answering core's unit tests: the shipped tuning, and chunks of the real index."""

from __future__ import annotations

import dataclasses

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


@pytest.fixture(scope="session")
def cutting(answerer: Answerer) -> Answerer:
    """The answerer with a passage plan that quotes at most four sentences, fewer than a provider's
    paragraph has: for the plans that cut a passage, whatever the shipped limit."""
    tuning = answerer.config.tuning
    passage = tuning.passage.model_copy(update={"max_sentences": 4})
    config = dataclasses.replace(answerer.config, tuning=tuning.model_copy(update={"passage": passage}))
    return Answerer(answerer.retriever, config)
