"""The FAISS vector index: exact inner product for a corpus this size, HNSW past a size threshold."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import faiss
import numpy as np
import numpy.typing as npt

IndexType = Literal["flat", "hnsw"]
# HNSW parameters; bench/scale.py measures them at 100k and 1M vectors.
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 64


def index_type_for(count: int, approximate_threshold: int) -> IndexType:
    """Exact search until the corpus is large enough that HNSW pays for its small recall loss."""
    return "hnsw" if count >= approximate_threshold else "flat"


def build_index(vectors: npt.NDArray[np.float32], kind: IndexType) -> faiss.Index:
    """An inner-product index over normalised vectors (inner product = cosine)."""
    dim = vectors.shape[1]
    index: faiss.Index
    if kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
    else:
        index = faiss.IndexFlatIP(dim)
    index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def save_index(index: faiss.Index, path: Path) -> None:
    faiss.write_index(index, str(path))


def load_index(path: Path) -> faiss.Index:
    index = faiss.read_index(str(path))
    if isinstance(index, faiss.IndexHNSW):
        index.hnsw.efSearch = HNSW_EF_SEARCH  # not persisted by write_index
    return index
