"""Scale: exact against approximate vector search at 100k and 1M chunks.

Vectors are drawn like the real ones: the real index's vectors (the curriculum's passages, topics
and sentences, from all-MiniLM-L6-v2) give a mean and principal directions; synthetic vectors are
that mean plus Gaussian coefficients along those directions with the real variances, plus a little
isotropic noise, normalised. Queries are the eval questions embedded by the real model. Reported:
build time, memory, search p50 for exact (flat), HNSW and IVF, and the approximate indexes'
recall@10 against the exact one.
"""

from __future__ import annotations

import time
from typing import Any

import faiss
import numpy as np
import numpy.typing as npt

from bench.common import live_index, questions
from bench.report import percentiles, show, write
from ingest.vectors import HNSW_EF_CONSTRUCTION, HNSW_M

# Search-time settings swept: the smallest that reaches recall@10 >= 0.95 is the one to ship.
EF_SEARCH = (64, 128, 256, 512)
IVF_PROBES = (16, 32, 64, 128)


def synthetic(real: npt.NDArray[np.float32], count: int, seed: int = 0) -> npt.NDArray[np.float32]:
    """`count` vectors with the real vectors' mean and principal variances, normalised."""
    rng = np.random.default_rng(seed)
    mean = real.mean(axis=0)
    _, singular, components = np.linalg.svd(real - mean, full_matrices=False)
    scale = singular / np.sqrt(len(real))
    out = np.empty((count, real.shape[1]), dtype=np.float32)
    for start in range(0, count, 100_000):  # in blocks: bounded memory for the temporaries
        n = min(100_000, count - start)
        block = mean + (rng.standard_normal((n, len(scale))) * scale) @ components
        block += rng.standard_normal(block.shape) * 0.02
        out[start : start + n] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return out


def search_ms(
    index: faiss.Index, queries: npt.NDArray[np.float32], k: int = 10
) -> tuple[dict[str, float], Any]:
    times, found = [], []
    for q in queries:
        started = time.perf_counter()
        _, ids = index.search(q.reshape(1, -1), k)
        times.append((time.perf_counter() - started) * 1000)
        found.append(ids[0])
    return percentiles(times), np.array(found)


def recall_at_10(exact: npt.NDArray[np.int64], approx: npt.NDArray[np.int64]) -> float:
    return float(np.mean([len(set(e) & set(a)) / len(e) for e, a in zip(exact, approx, strict=True)]))


def run(quick: bool = False) -> dict[str, Any]:
    live = live_index()
    artifact = live.engine.retriever.artifact
    real = np.stack([artifact.vectors.reconstruct(i) for i in range(artifact.vectors.ntotal)]).astype(
        np.float32
    )
    queries = live.engine.retriever.encoder.encode(questions())
    faiss.omp_set_num_threads(2)
    rows: list[dict[str, Any]] = []
    for count in (100_000,) if quick else (100_000, 1_000_000):
        vectors = synthetic(real, count)
        dim = vectors.shape[1]

        started = time.perf_counter()
        flat = faiss.IndexFlatIP(dim)
        flat.add(vectors)
        flat_build = time.perf_counter() - started
        flat_ms, exact = search_ms(flat, queries)
        rows.append(
            {
                "chunks": count,
                "index": "flat (exact)",
                "build_s": round(flat_build, 2),
                "memory_mb": round(count * dim * 4 / 2**20),
                "search": flat_ms,
                "recall_at_10": 1.0,
            }
        )

        started = time.perf_counter()
        hnsw = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        hnsw.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        hnsw.add(vectors)
        hnsw_build = time.perf_counter() - started
        graph_mb = count * HNSW_M * 2 * 4 / 2**20  # level-0 links dominate
        for ef in EF_SEARCH:
            hnsw.hnsw.efSearch = ef
            hnsw_ms, found = search_ms(hnsw, queries)
            rows.append(
                {
                    "chunks": count,
                    "index": f"HNSW M={HNSW_M} efSearch={ef}",
                    "build_s": round(hnsw_build, 2),
                    "memory_mb": round(count * dim * 4 / 2**20 + graph_mb),
                    "search": hnsw_ms,
                    "recall_at_10": round(recall_at_10(exact, found), 4),
                }
            )

        lists = int(4 * np.sqrt(count))
        started = time.perf_counter()
        quantizer = faiss.IndexFlatIP(dim)
        ivf = faiss.IndexIVFFlat(quantizer, dim, lists, faiss.METRIC_INNER_PRODUCT)
        ivf.train(vectors[np.random.default_rng(1).choice(count, min(count, 50 * lists), replace=False)])
        ivf.add(vectors)
        ivf_build = time.perf_counter() - started
        for probes in IVF_PROBES:
            ivf.nprobe = probes
            ivf_ms, found = search_ms(ivf, queries)
            rows.append(
                {
                    "chunks": count,
                    "index": f"IVF{lists} nprobe={probes}",
                    "build_s": round(ivf_build, 2),
                    "memory_mb": round(count * dim * 4 / 2**20),
                    "search": ivf_ms,
                    "recall_at_10": round(recall_at_10(exact, found), 4),
                }
            )
        del flat, hnsw, ivf, vectors
    show(
        f"vector search at scale ({len(queries)} real questions, top 10)",
        ["chunks", "index", "build s", "memory MB", "search p50 ms", "p95 ms", "recall@10"],
        [
            [
                r["chunks"],
                r["index"],
                r["build_s"],
                r["memory_mb"],
                r["search"]["p50"],
                r["search"]["p95"],
                r["recall_at_10"],
            ]
            for r in rows
        ],
    )
    data = {"queries": len(queries), "runs": rows}
    write("scale", data)
    return data
