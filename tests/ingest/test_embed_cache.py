"""The embedding cache: texts embedded alone on several threads get the vectors they get on one."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from index.chunk import text_hash
from index.encoder import Encoder
from ingest.embed_cache import EmbeddingCache, embed_with_cache


def test_texts_embedded_alone_on_threads_match_one_thread_and_are_cached(
    encoder: Encoder, tmp_path: Path
) -> None:
    texts = ["pick", "choose a path", "pick", "is the exam proctored", "weather", "budget"]
    hashes = [text_hash(t) for t in texts]
    told: list[int] = []
    cache = EmbeddingCache(tmp_path / "threads.sqlite3")
    try:
        vectors, embedded = embed_with_cache(
            encoder, cache, texts, hashes, told.append, batch_size=1, threads=2
        )
        assert embedded == sum(told) == 5  # "pick" twice, embedded once
        alone = np.stack([encoder.encode([t], batch_size=1)[0] for t in texts])
        assert np.array_equal(vectors, alone)
        again, embedded = embed_with_cache(encoder, cache, texts, hashes, batch_size=1, threads=2)
        assert embedded == 0 and np.array_equal(again, alone)
    finally:
        cache.close()
