"""Building the FAISS vector index: exact inner product for a corpus this size, IVF past a size threshold."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Literal

import faiss
import numpy as np
import numpy.typing as npt

from index.vectors import IVF_PROBES

IndexType = Literal["flat", "ivf"]
# IVF rather than HNSW, and exact search up to this many vectors: bench/README.md ("Scale") has the
# measurements (bench/scale.py). HNSW loses recall on these vectors at large sizes and cannot hand
# back the hundreds of neighbours the answerer asks for (candidates x views); past about this size
# exact search on one core costs more than embedding the question.
APPROXIMATE_THRESHOLD = 30_000
TRAIN_PER_LIST = 64


def index_type_for(count: int, approximate_threshold: int) -> IndexType:
    """Exact search until the corpus is large enough that IVF pays for its small recall loss."""
    return "ivf" if count >= approximate_threshold else "flat"


def ivf_lists(count: int) -> int:
    """sqrt(n) inverted lists: the usual balance between scanning centroids and scanning lists."""
    return max(1, math.isqrt(count))


def build_index(vectors: npt.NDArray[np.float32], kind: IndexType) -> faiss.Index:
    """An inner-product index over normalised vectors (inner product = cosine)."""
    data = np.ascontiguousarray(vectors, dtype=np.float32)
    count, dim = data.shape
    index: faiss.Index
    if kind == "ivf":
        quantizer = faiss.IndexFlatIP(dim)
        index = faiss.IndexIVFFlat(quantizer, dim, ivf_lists(count), faiss.METRIC_INNER_PRODUCT)
        # Train on a fixed sample of TRAIN_PER_LIST points a list (FAISS asks for at least 39): at
        # 1M vectors k-means on everything would take most of the build. Seeded, so builds repeat.
        lists = index.nlist
        sample = np.random.default_rng(0).choice(count, min(count, TRAIN_PER_LIST * lists), replace=False)
        index.train(data[np.sort(sample)])
        index.nprobe = IVF_PROBES
    else:
        index = faiss.IndexFlatIP(dim)
    index.add(data)
    return index


def save_index(index: faiss.Index, path: Path) -> None:
    faiss.write_index(index, str(path))
