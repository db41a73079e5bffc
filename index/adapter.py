"""The query adapter, written at ingest: a linear map that moves a learner's question towards the
passages that answer it, fitted on example questions (ingest/adapter.py).

The encoder embeds "what kind of test is it?" far from the FAQ entry on multiple-choice exams, because
the two share no words; the adapter learns, from questions with known answers, which directions of
the question's vector matter for this curriculum. It applies to the question only: passages, sentences
and words keep the model's own vectors.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

ADAPTER_FILE = "adapter.npy"
Vectors = npt.NDArray[np.float32]


@dataclass(frozen=True)
class QueryAdapter:
    """q -> normalise(q + q·W): W is zero when nothing was fitted, and the map is then the identity."""

    matrix: Vectors  # (dimension, dimension)

    @classmethod
    def identity(cls, dimension: int) -> QueryAdapter:
        return cls(np.zeros((dimension, dimension), dtype=np.float32))

    @classmethod
    def load(cls, build: Path) -> QueryAdapter:
        return cls(np.load(build / ADAPTER_FILE))

    def write(self, folder: Path) -> None:
        np.save(folder / ADAPTER_FILE, self.matrix.astype(np.float32))

    def __call__(self, vector: Vectors) -> Vectors:
        """The adapted, unit-length question vector (one vector or a matrix of rows)."""
        moved = vector + vector @ self.matrix
        norm = np.linalg.norm(moved, axis=-1, keepdims=True)
        adapted: Vectors = (moved / np.maximum(norm, 1e-12)).astype(np.float32)
        return adapted
