"""Scale: exact against approximate vector search, from 5k to 1M vectors.

What the vectors are. Real ones first: every vector of the published index (the curriculum's
passages, topics and sentences) and the real model's embeddings of `GENERATED` texts generated
from the curriculum (two sentences spliced, about one word in seven swapped for another curriculum
word), cached in `.cache/bench/` so that a second run does not embed them again. The rest is
synthetic, drawn like the real ones: a random mixture of two real vectors (weights 0.5-1 and the
rest) plus Gaussian noise of `NOISE` per dimension, normalised. `NOISE` is calibrated at equal
size: a synthetic set drawn from half the real sample has the other half's nearest-neighbour
cosines and local intrinsic dimensionality (the run prints both). At 1M the synthetic
neighbourhoods become higher-dimensional than at 100k (printed too), since the noise is all that
separates close vectors there: a hard case, so the 1M recalls are on the pessimistic side. The
real vectors are scattered at random rows, so a prefix of the set is a sample of it: sizes below
the largest are prefixes.

Queries are the eval questions, embedded by the real model: questions sit further from passages
than passages from each other, the hard case for graph search; recall for held-out synthetic
vectors (queries drawn like the data, as ANN benchmarks use) is reported beside it. Measured per
size: exact search (`IndexFlatIP`) on one and on two OpenMP threads, HNSW (the alternative, M=32,
efConstruction=80) over a sweep of efSearch, and IVF as ingest/vectors.py builds it (sqrt(n) lists)
over a sweep of nprobe, from 20k vectors up; build time,
resident memory added, search p50 and p95 one question at a time, and recall against the exact
index at 10 and at the tutor's own k (candidates x (views per chunk + 1), what the answerer asks
FAISS for).
"""

from __future__ import annotations

import itertools
import random
import time
from pathlib import Path
from typing import Any

import faiss
import numpy as np
import numpy.typing as npt

from bench.common import ROOT, live_index, questions
from bench.report import percentiles, show, write
from index.chunk import text_hash
from index.encoder import load_encoder
from index.vectors import IVF_PROBES
from ingest.embed_cache import EmbeddingCache, embed_with_cache
from ingest.index_type import ivf_lists
from ingest.vectors import build_index

Matrix = npt.NDArray[np.float32]
Ids = npt.NDArray[np.int64]

GENERATED = 3000  # texts embedded by the real model on top of the index's own vectors
NOISE = 0.02  # per-dimension Gaussian noise of the synthetic vectors; see calibration()
SIZES = (5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 1_000_000)
QUICK_SIZES = (5_000, 10_000, 20_000, 50_000, 100_000)
EF_SEARCH = (32, 64, 128, 256, 512, 1024)
HNSW_M, HNSW_EF_CONSTRUCTION = 32, 80  # the alternative to IVF, measured beside it
IVF_FROM = 20_000
PROBES = (8, 16, 32, 64)
HELD_OUT = 300  # synthetic vectors not in the set: queries drawn like the data, for comparison
TIMED_QUERIES = 100  # exact search at 1M is ~60 ms a question: time a sample, rank all
BLOCK = 100_000


def rss_mb() -> float:
    """Resident memory of this process, MB."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * 4096 / 2**20


def generated_texts(sentences: list[str], count: int, seed: int = 0) -> list[str]:
    """Curriculum-like texts: the first half of one sentence, the second half of another, and
    about one word in seven replaced by another word from the curriculum."""
    rng = random.Random(seed)
    words = [w for s in sentences for w in s.split()]
    out = []
    for _ in range(count):
        first, second = (s.split() for s in rng.sample(sentences, 2))
        spliced = first[: max(1, len(first) // 2)] + second[len(second) // 2 :]
        out.append(" ".join(rng.choice(words) if rng.random() < 0.15 else w for w in spliced[:40]))
    return out


def real_vectors() -> tuple[Matrix, Matrix, dict[str, Any]]:
    """The index's own vectors and the real model's embeddings of generated texts; and the queries."""
    holder = live_index()
    retriever = holder.answerer.retriever
    artifact = retriever.artifact
    own = np.vstack(
        [
            np.stack([artifact.vectors.reconstruct(i) for i in range(artifact.vectors.ntotal)]),
            artifact.sentence_vectors,
        ]
    ).astype(np.float32)
    sentences = [s for c in artifact.chunks for s in c.sentences]
    texts = generated_texts(sentences, GENERATED)
    settings = holder.settings
    encoder = load_encoder(retriever.encoder.info, retriever.encoder.backend, settings.cache_dir, threads=2)
    cache = EmbeddingCache(ROOT / ".cache" / "bench" / "embeddings.sqlite3")
    try:
        started = time.perf_counter()
        generated, embedded = embed_with_cache(encoder, cache, texts, [text_hash(t) for t in texts])
        embed_s = time.perf_counter() - started
    finally:
        cache.close()
    qs = questions()
    embed_ms = []
    for q in qs:  # the query embedding, to set exact search's cost against
        started = time.perf_counter()
        retriever.encoder.encode([q])
        embed_ms.append((time.perf_counter() - started) * 1000)
    queries = retriever.encoder.encode(qs)
    info = {
        "index_vectors": len(own),
        "generated_texts": len(texts),
        "generated_embedded_now": embedded,
        "generated_embed_s": round(embed_s, 1),
        "query_embedding_ms": percentiles(embed_ms),
        "tutor_k": retriever.views_wanted(holder.config.retrieval.candidates),
        "example_texts": texts[:3],
    }
    return np.vstack([own, generated]).astype(np.float32), queries.astype(np.float32), info


def synthetic(real: Matrix, count: int, rng: np.random.Generator) -> Matrix:
    """`count` vectors: mixtures of two real vectors plus Gaussian noise, normalised."""
    out = np.empty((count, real.shape[1]), dtype=np.float32)
    for start in range(0, count, BLOCK):  # in blocks: bounded memory for the temporaries
        n = min(BLOCK, count - start)
        a, b = real[rng.integers(0, len(real), n)], real[rng.integers(0, len(real), n)]
        w = rng.uniform(0.5, 1.0, (n, 1)).astype(np.float32)
        block = w * a + (1 - w) * b
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        block += rng.standard_normal(block.shape, dtype=np.float32) * NOISE
        out[start : start + n] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return out


def corpus(real: Matrix, count: int, seed: int = 0) -> Matrix:
    """Synthetic vectors with the real ones scattered among them, so any prefix is a sample."""
    rng = np.random.default_rng(seed)
    vectors = synthetic(real, count, rng)
    take = min(len(real), count)
    vectors[rng.choice(count, take, replace=False)] = real[rng.permutation(len(real))[:take]]
    return vectors


def neighbourhood(vectors: Matrix, points: Matrix | None = None, k: int = 20) -> dict[str, Any]:
    """Around `points` (default: every vector), the cosine to the nearest other vector (p10, p50,
    p90) and the local intrinsic dimensionality (median of the maximum-likelihood estimate from the
    `k` nearest distances): how crowded, and how many-dimensional, neighbourhoods are."""
    index = faiss.IndexFlatL2(vectors.shape[1])
    index.add(vectors)
    squared, _ = index.search(vectors if points is None else points, k + 1)
    distances = np.sqrt(np.maximum(squared[:, 1:], 1e-12))  # the first is the point itself
    lid = -1 / np.mean(np.log(distances / distances[:, -1:]), axis=1)
    cosines = 1 - distances[:, 0] ** 2 / 2
    return {
        "nearest_cosine": [round(float(v), 3) for v in np.percentile(cosines, [10, 50, 90])],
        "local_dimensionality": round(float(np.median(lid)), 1),
    }


def calibration(real: Matrix) -> dict[str, dict[str, Any]]:
    """Half the real sample against as many synthetic vectors drawn from the other half: the check
    that NOISE makes synthetic neighbourhoods as crowded and as many-dimensional as text's."""
    rng = np.random.default_rng(1)
    order = rng.permutation(len(real))
    half, other = real[order[: len(real) // 2]], real[order[len(real) // 2 :]]
    return {"real": neighbourhood(half), "synthetic": neighbourhood(synthetic(other, len(half), rng))}


def timed_search(index: faiss.Index, queries: Matrix, k: int) -> tuple[dict[str, float], Ids]:
    """One question at a time, as the server searches: latency percentiles and the ids found."""
    times, found = [], []
    for q in queries:
        started = time.perf_counter()
        _, ids = index.search(q.reshape(1, -1), k)
        times.append((time.perf_counter() - started) * 1000)
        found.append(ids[0])
    return percentiles(times), np.array(found)


def recall(exact: Ids, approx: Ids) -> float:
    k = exact.shape[1]
    return round(
        float(np.mean([len(set(e) & set(a[:k])) / k for e, a in zip(exact, approx, strict=True)])), 4
    )


def measure(vectors: Matrix, queries: Matrix, held_out: Matrix, tutor_k: int) -> list[dict[str, Any]]:
    """Flat, HNSW and (from IVF_FROM vectors) IVF over `vectors`. Builds use both cores, as `tutor ingest`
    does; approximate searches are timed on one OpenMP thread (a single query does not use more)."""
    count, dim = vectors.shape
    rows: list[dict[str, Any]] = []

    def row(index: str, build_s: float, memory: float, search: dict[str, float], **recalls: float) -> None:
        rows.append(
            {
                "vectors": count,
                "index": index,
                "build_s": round(build_s, 2),
                "memory_mb": round(memory),
                "search_ms": search,
                **recalls,
            }
        )

    def approximate(index: faiss.Index) -> tuple[dict[str, float], dict[str, float]]:
        faiss.omp_set_num_threads(1)
        search, found = timed_search(index, queries, 10)
        _, found_k = index.search(queries, tutor_k)
        _, found_held = index.search(held_out, 10)
        faiss.omp_set_num_threads(2)
        recalls = {
            "recall_at_10": recall(exact10, found),
            "recall_at_tutor_k": recall(exact_k, found_k),
            "recall_at_10_in_distribution": recall(exact_held, found_held),
        }
        return search, recalls

    faiss.omp_set_num_threads(2)
    before = rss_mb()
    started = time.perf_counter()
    flat = faiss.IndexFlatIP(dim)
    flat.add(vectors)
    build_s, memory = time.perf_counter() - started, rss_mb() - before
    # The right answers: many queries at once (faiss's BLAS path), not timed.
    _, exact10 = flat.search(queries, 10)
    _, exact_k = flat.search(queries, tutor_k)
    _, exact_held = flat.search(held_out, 10)
    exact = {"recall_at_10": 1.0, "recall_at_tutor_k": 1.0, "recall_at_10_in_distribution": 1.0}
    for threads in (1, 2):
        faiss.omp_set_num_threads(threads)
        search, _ = timed_search(flat, queries[:TIMED_QUERIES], 10)
        row(
            f"flat (exact), {threads} OpenMP thread{'s' if threads > 1 else ''}",
            build_s,
            memory,
            search,
            **exact,
        )
    faiss.omp_set_num_threads(2)
    del flat

    before = rss_mb()
    started = time.perf_counter()
    hnsw = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
    hnsw.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    hnsw.add(vectors)
    build_s, memory = time.perf_counter() - started, rss_mb() - before
    for ef in EF_SEARCH:
        hnsw.hnsw.efSearch = ef
        search, recalls = approximate(hnsw)
        row(
            f"HNSW M={HNSW_M} efC={HNSW_EF_CONSTRUCTION} efSearch={ef}",
            build_s,
            memory,
            search,
            **recalls,
        )
    del hnsw

    if count >= IVF_FROM:
        before = rss_mb()
        started = time.perf_counter()
        ivf = build_index(vectors, "ivf")  # exactly as ingest builds it
        build_s, memory = time.perf_counter() - started, rss_mb() - before
        for probes in sorted({*PROBES, IVF_PROBES}):
            ivf.nprobe = probes
            search, recalls = approximate(ivf)
            shipped = " (shipped)" if probes == IVF_PROBES else ""
            row(f"IVF{ivf_lists(count)} nprobe={probes}{shipped}", build_s, memory, search, **recalls)
        del ivf
    return rows


def break_even(rows: list[dict[str, Any]], budget_ms: float) -> int | None:
    """The size at which one-thread exact search's p50 reaches `budget_ms` (linear between sizes)."""
    points = sorted(
        (r["vectors"], r["search_ms"]["p50"]) for r in rows if r["index"].startswith("flat (exact), 1 ")
    )
    for (n0, t0), (n1, t1) in itertools.pairwise(points):
        if t0 <= budget_ms < t1:
            return round(n0 + (budget_ms - t0) * (n1 - n0) / (t1 - t0), -3)
    return None


def run(quick: bool = False) -> dict[str, Any]:
    real, queries, info = real_vectors()
    check = calibration(real)
    print(
        f"{len(real)} real vectors ({info['index_vectors']} from the index, {info['generated_texts']} "
        f"generated texts, embedded {info['generated_embedded_now']} now in {info['generated_embed_s']} s); "
        f"at equal size, real {check['real']} vs synthetic {check['synthetic']}"
    )
    sizes = QUICK_SIZES if quick else SIZES
    vectors = corpus(real, max(sizes))
    held_out = synthetic(real, HELD_OUT, np.random.default_rng(5))
    sample = np.random.default_rng(6).choice(100_000, 1000, replace=False)
    crowding = {f"{n:,}": neighbourhood(vectors[:n], vectors[sample]) for n in (100_000, max(sizes))}
    print(f"neighbourhoods of 1000 vectors in the synthetic set: {crowding}", flush=True)
    rows: list[dict[str, Any]] = []
    for size in sizes:
        started = time.perf_counter()
        rows.extend(measure(vectors[:size], queries, held_out, info["tutor_k"]))
        print(f"  {size:>9,} vectors measured in {time.perf_counter() - started:.0f} s", flush=True)
    del vectors
    embed_p50 = info["query_embedding_ms"]["p50"]
    basis = {
        "query_embedding_p50_ms": embed_p50,
        "exact_search_reaches_30pct_of_query_embedding_at": break_even(rows, 0.3 * embed_p50),
        "exact_search_reaches_query_embedding_at": break_even(rows, embed_p50),
    }
    show(
        f"vector search, one question at a time ({len(queries)} real questions, "
        f"{TIMED_QUERIES} timed for exact; tutor k = {info['tutor_k']})",
        [
            "vectors",
            "index",
            "build s",
            "+RSS MB",
            "p50 ms",
            "p95 ms",
            "recall@10",
            "recall@k",
            "@10 in-dist.",
        ],
        [
            [
                f"{r['vectors']:,}",
                r["index"],
                r["build_s"],
                r["memory_mb"],
                r["search_ms"]["p50"],
                r["search_ms"]["p95"],
                r["recall_at_10"],
                r["recall_at_tutor_k"],
                r["recall_at_10_in_distribution"],
            ]
            for r in rows
        ],
    )
    print(f"threshold basis (exact search on one thread against the query embedding): {basis}")
    data = {
        "queries": len(queries),
        "vectors": info,
        "noise": NOISE,
        "calibration_at_equal_size": check,
        "neighbourhoods": crowding,
        "hnsw": {"M": HNSW_M, "efConstruction": HNSW_EF_CONSTRUCTION},
        "ivf": {"lists": "sqrt(n)", "nprobe": IVF_PROBES},
        "threshold_basis": basis,
        "runs": rows,
    }
    write("scale", data)
    return data
