"""The query-embedding cache, with the real encoder."""

from __future__ import annotations

import numpy as np

from bot.answer.answerer import Answerer
from bot.answer.vector_cache import QueryVectorCache


def test_the_query_vector_cache_returns_the_same_read_only_vector(answerer: Answerer) -> None:
    cache = QueryVectorCache(answerer.retriever.encoder, size=2)
    first = cache("pass mark")
    assert cache("pass mark") is first and not first.flags.writeable
    cache("a")
    cache("b")
    assert cache("pass mark") is not first  # evicted, least recently used
    assert np.allclose(cache("pass mark"), first)
    uncached = QueryVectorCache(answerer.retriever.encoder, size=0)
    assert uncached("pass mark") is not uncached("pass mark")
