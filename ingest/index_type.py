"""Which FAISS index a build writes: exact inner product for a corpus this size, IVF past a size threshold.

Apart from building (ingest/vectors.py) because the settings read the threshold, and every process,
even uvicorn's supervisor of several workers, reads the settings: this module imports no FAISS.
"""

from __future__ import annotations

import math
from typing import Literal

IndexType = Literal["flat", "ivf"]
# IVF rather than HNSW, and exact search up to this many vectors: bench/README.md ("Scale") has the
# measurements (bench/scale.py). HNSW loses recall on these vectors at large sizes and cannot hand
# back the hundreds of neighbours the answerer asks for (candidates x views); past about this size
# exact search on one core costs more than embedding the question.
APPROXIMATE_THRESHOLD = 30_000


def index_type_for(count: int, approximate_threshold: int) -> IndexType:
    """Exact search until the corpus is large enough that IVF pays for its small recall loss."""
    return "ivf" if count >= approximate_threshold else "flat"


def ivf_lists(count: int) -> int:
    """sqrt(n) inverted lists: the usual balance between scanning centroids and scanning lists."""
    return max(1, math.isqrt(count))
