"""Building the FAISS vector index of the kind ingest/index_type.py chooses."""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np
import numpy.typing as npt

from index.vectors import IVF_PROBES
from ingest.index_type import IndexType, ivf_lists

TRAIN_PER_LIST = 64


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
