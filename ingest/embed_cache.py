"""Embeddings cached by (model id, text hash), so unchanged text is never embedded again."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from index.encoder import Encoder, Vectors


class EmbeddingCache:
    """A small SQLite table of vectors; it outlives index builds, which come and go."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS embeddings ("
            " model_id TEXT NOT NULL, text_hash TEXT NOT NULL, vector BLOB NOT NULL,"
            " PRIMARY KEY (model_id, text_hash))"
        )

    def get(self, model_id: str, hashes: Iterable[str], dimension: int) -> dict[str, Vectors]:
        found: dict[str, Vectors] = {}
        wanted = list(dict.fromkeys(hashes))
        for start in range(0, len(wanted), 500):  # stay under SQLite's bound-parameter limit
            batch = wanted[start : start + 500]
            marks = ",".join("?" * len(batch))
            rows = self._db.execute(
                f"SELECT text_hash, vector FROM embeddings WHERE model_id = ? AND text_hash IN ({marks})",
                [model_id, *batch],
            )
            for text_hash, blob in rows:
                vector = np.frombuffer(blob, dtype=np.float32)
                if vector.shape == (dimension,):
                    found[text_hash] = vector
        return found

    def put(self, model_id: str, items: Iterable[tuple[str, Vectors]]) -> None:
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?)",
                [(model_id, h, np.asarray(v, dtype=np.float32).tobytes()) for h, v in items],
            )

    def close(self) -> None:
        self._db.close()


def embed_with_cache(
    encoder: Encoder,
    cache: EmbeddingCache,
    texts: Sequence[str],
    hashes: Sequence[str],
    progress: Callable[[int], None] | None = None,
    batch_size: int = 32,
    threads: int = 1,
) -> tuple[Vectors, int]:
    """Vectors for `texts`, embedding only the cache misses; returns (vectors, how many were embedded).

    Texts embedded one at a time (`batch_size` 1) run on `threads` threads: the model releases the GIL,
    and a text alone gets the same vector on any thread.
    """
    cached = cache.get(encoder.model_id, hashes, encoder.dimension)
    missing = [i for i, h in enumerate(hashes) if h not in cached]
    # The same text may appear twice (two views alike); embed it once.
    todo: dict[str, int] = {}
    for i in missing:
        todo.setdefault(hashes[i], i)
    if todo:
        chosen = [texts[i] for i in todo.values()]
        if batch_size == 1 and threads > 1:
            fresh = _alone_in_threads(encoder, chosen, threads, progress)
        else:
            fresh = encoder.encode(chosen, batch_size=batch_size, progress=progress)
        new = dict(zip(todo.keys(), fresh, strict=True))
        cache.put(encoder.model_id, new.items())
        cached.update(new)
    out = np.zeros((len(texts), encoder.dimension), dtype=np.float32)
    for i, h in enumerate(hashes):
        out[i] = cached[h]
    return out, len(todo)


def _alone_in_threads(
    encoder: Encoder, texts: list[str], threads: int, progress: Callable[[int], None] | None
) -> Vectors:
    """Each text embedded alone, `threads` at a time; progress is told on the caller's thread."""
    out = np.zeros((len(texts), encoder.dimension), dtype=np.float32)
    with ThreadPoolExecutor(threads) as pool:
        for row, vectors in enumerate(pool.map(lambda text: encoder.encode([text], batch_size=1), texts)):
            out[row] = vectors[0]
            if progress is not None:
                progress(1)
    return out
