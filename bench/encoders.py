"""Encoder backends: query-encode latency of torch, ONNX and int8 ONNX with 1 and 2 intra-op
threads, alone and with 8 threads encoding at once; and the eval's gated metrics per backend.

Speed: each eval question encoded one at a time (as the server does), after a warm-up. Under
concurrency, 8 Python threads share one encoder (as the server's thread pool does) and the
aggregate throughput is reported beside the per-question latency.

Quality: an index built per backend (a private index folder; the embedding cache is keyed by
backend, so vectors never mix), then `evals.runner.run(answerer, cases, ("hybrid",))`. The
confidence model is fitted to one backend's scores (`tutor calibrate`), so each backend is scored
with the shipped calibration and with the previous one (fitted on fp32 ONNX) too.
"""

from __future__ import annotations

import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bench.common import questions, settings
from bench.report import percentiles, show, write
from bot.answer.confidence import FEATURES, Calibration, load_calibration
from bot.runtime import IndexHolder, answerer_config, build_options
from evals.dataset import load_dataset
from evals.runner import run as run_evals
from index.encoder import Encoder, load_encoder
from index.model import Backend, model_info
from ingest.build import build

BACKENDS: tuple[Backend, ...] = ("torch", "onnx", "onnx-int8")
GATED = ("key_fact_accuracy", "recall_at_3", "abstention_recall", "false_abstention")
CONCURRENCY = 8
# The confidence model that shipped with fp32 ONNX (before int8 became the default), for comparison.
FP32_CALIBRATION = Calibration(
    features=dict(zip(FEATURES, (3.784, 0.444, -4.903, 3.254, -5.613, 1.291, -8.178), strict=True)),
    bias=5.430,
    threshold=0.66,
)


def speed(encoder: Encoder, qs: list[str], concurrency: int) -> dict[str, float]:
    """Per-question latency percentiles (ms) and questions encoded per second."""

    def one(q: str) -> float:
        started = time.perf_counter()
        encoder.encode([q])
        return (time.perf_counter() - started) * 1000

    for q in qs[:20]:
        one(q)
    started = time.perf_counter()
    if concurrency == 1:
        times = [one(q) for q in qs]
    else:
        with ThreadPoolExecutor(concurrency) as pool:
            times = list(pool.map(one, qs))
    elapsed = time.perf_counter() - started
    return {**percentiles(times), "per_second": round(len(qs) / elapsed, 1)}


def quality(backend: Backend, calibrations: dict[str, Calibration]) -> dict[str, dict[str, float]]:
    """Gated metrics of the hybrid eval over an index built with `backend`, per calibration."""
    cases = load_dataset()
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        base = {"index_dir": Path(tmp) / "index", "encoder_backend": backend}
        build(build_options(settings(**base), threads=2))
        encoder = None
        for name, calibration in calibrations.items():
            chosen = settings(**base)
            holder = IndexHolder(chosen, encoder, answerer_config(chosen, calibration=calibration))
            holder.load()
            encoder = holder.encoder  # load the model once per backend
            metrics = run_evals(holder.answerer, cases, ("hybrid",))["hybrid"].metrics
            out[name] = {k: round(float(metrics[k]), 4) for k in GATED}
    return out


def run(quick: bool = False) -> dict[str, Any]:
    qs = questions()[: 100 if quick else None]
    cache = settings().cache_dir
    rows = []
    for backend in BACKENDS:
        for threads in (1, 2):
            encoder = load_encoder(model_info(None), backend, cache, threads)
            for concurrency in (1, CONCURRENCY):
                rows.append(
                    {
                        "backend": backend,
                        "threads": threads,
                        "concurrency": concurrency,
                        **speed(encoder, qs, concurrency),
                    }
                )
            del encoder
    show(
        f"query encoding over {len(qs)} eval questions, ms per question",
        ["backend", "intra-op threads", "threads encoding at once", "p50", "p95", "p99", "questions/s"],
        [
            [r["backend"], r["threads"], r["concurrency"], r["p50"], r["p95"], r["p99"], r["per_second"]]
            for r in rows
        ],
    )
    shipped = settings()
    calibrations = {
        f"shipped calibration (fitted on {shipped.encoder_backend})": load_calibration(),
        "fp32-ONNX calibration": FP32_CALIBRATION,
    }
    evals = {backend: quality(backend, calibrations) for backend in BACKENDS}
    show(
        "eval (hybrid), gated metrics by encoder backend and confidence calibration",
        ["backend", "calibration", *GATED],
        [[b, c, *(m[k] for k in GATED)] for b, per in evals.items() for c, m in per.items()],
    )
    data = {"questions": len(qs), "shipped_backend": shipped.encoder_backend, "speed_ms": rows, "eval": evals}
    write("encoders", data)
    return data
