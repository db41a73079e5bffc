"""The example bank, written at ingest: the tuning files' in-scope questions, as the query adapter
reads them, each with the passage that answers it.

A learner's question that is close to a question someone already asked about a passage is likely
about that passage, even when it shares nothing with the passage's own words. Retrieval reads, for
each passage, the best cosine between the (adapted) question and that passage's example questions,
and the learned ranking weighs it (bot/answer/ranking.py). The answer is still the passage's own
sentences: the examples only vote for where to look.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import numpy.typing as npt

from index.adapter import QueryAdapter

EXAMPLES_FILE = "examples.npz"
Vectors = npt.NDArray[np.float32]


@dataclass(frozen=True)
class ExampleBank:
    """Unit vectors of example questions, sorted by the chunk they ask about (one row per chunk a
    question names)."""

    vectors: Vectors  # (rows, dimension)
    chunks: npt.NDArray[np.int32]  # (rows,), ascending

    @classmethod
    def build(cls, adapter: QueryAdapter, asked: Vectors, answers: Sequence[Sequence[int]]) -> ExampleBank:
        """The bank of the questions (`asked`, the model's vectors) that name passages; out-of-scope
        ones (no passage) are left out."""
        rows = [(chunk, n) for n, wanted in enumerate(answers) for chunk in wanted]
        rows.sort()
        dimension = asked.shape[1] if asked.ndim == 2 else adapter.matrix.shape[0]
        if not rows:
            return cls(np.zeros((0, dimension), dtype=np.float32), np.zeros(0, dtype=np.int32))
        moved = adapter(asked[[n for _, n in rows]])
        return cls(moved, np.array([chunk for chunk, _ in rows], dtype=np.int32))

    @classmethod
    def load(cls, build: Path) -> ExampleBank:
        with np.load(build / EXAMPLES_FILE) as data:
            return cls(data["vectors"].astype(np.float32), data["chunks"].astype(np.int32))

    def write(self, folder: Path) -> None:
        np.savez(folder / EXAMPLES_FILE, vectors=self.vectors, chunks=self.chunks)

    @cached_property
    def _layout(
        self,
    ) -> tuple[npt.NDArray[np.integer], npt.NDArray[np.integer], npt.NDArray[np.integer], int]:
        """Where each row goes in a grid of one row per chunk with examples: built once per bank."""
        owners, starts = np.unique(self.chunks, return_index=True)
        sizes = np.diff(np.append(starts, len(self.chunks)))
        rows = np.repeat(np.arange(len(owners)), sizes)
        columns = np.arange(len(self.chunks)) - np.repeat(starts, sizes)
        return owners, rows, columns, int(sizes.max())

    def nearest(self, vector: Vectors, count: int, neighbours: int) -> npt.NDArray[np.float64]:
        """Each of `count` chunks' mean cosine between the (adapted) question and its `neighbours`
        closest example questions (all of them when it has fewer); 0.0 where a chunk has none."""
        out = np.zeros(count)
        if len(self.chunks) == 0:
            return out
        owners, rows, columns, widest = self._layout
        # Padded with -inf, so that one sort serves every chunk.
        grid = np.full((len(owners), widest), -np.inf)
        grid[rows, columns] = self.vectors @ vector
        closest = -np.sort(-grid, axis=1)[:, :neighbours]
        found = np.isfinite(closest)
        out[owners] = np.where(found, closest, 0.0).sum(axis=1) / found.sum(axis=1)
        return out
