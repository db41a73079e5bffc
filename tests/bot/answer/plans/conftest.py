"""Pieces for the plans' unit tests: what retrieval finds for a question on the real index, and
the answerer's own lookup for parts and compared subjects."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.answer.answerer import Answerer, Attempt, Parts
from bot.answer.plans import Composition
from index.chunk import Chunk


@pytest.fixture(scope="session")
def lookup(answerer: Answerer) -> Parts:
    return Parts(answerer, None, None)


@pytest.fixture(scope="session")
def found(answerer: Answerer) -> Callable[[str], Attempt]:
    """What retrieval finds for a question, read as the learner wrote it."""
    return lambda question: answerer.attempt(answerer.reader.read(question))


def cited(composition: Composition) -> list[str]:
    """The chunk ids a composition quotes, in order, each once."""
    return list(dict.fromkeys(p.candidate.chunk.id for p in composition.picked))


def chunk_ids(chunks: dict[str, Chunk], prefix: str) -> list[str]:
    """The ids of the chunks under a heading path prefix, in the corpus's order."""
    return [i for i in chunks if i.startswith(prefix)]
