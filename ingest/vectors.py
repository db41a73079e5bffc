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
# IVF rather than HNSW: on text-like vectors at 1M (bench/scale.py) HNSW (M=32, efC=80) stayed below
# 0.76 recall@10 even at efSearch=1024 and took 98 s to build, while IVF with sqrt(n) lists and 32
# probes reached 0.96 at 4.2 ms and built in 7 s. The answerer also asks FAISS for hundreds of
# neighbours (candidates x views), which IVF returns well and a small-ef HNSW does not.
# Past about 28k vectors exact search on one core costs more than embedding the question (1.35 ms),
# so it would double the floor; IVF keeps recall@10 at 0.965-0.970 from 20k to 50k (bench/scale.py).
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
