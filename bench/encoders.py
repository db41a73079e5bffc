"""Encoder backends: query latency of torch, ONNX and int8 ONNX, threads 1 and 2, alone and
under eight concurrent requests; and the eval's gated metrics with each backend's index."""

from __future__ import annotations

import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bench.common import ROOT, questions, settings
from bench.report import percentiles, show, write
from bot.live import LiveIndex, build_options
from evals.dataset import load_dataset
from evals.runner import run as run_evals
from ingest.build import build
from ingest.encoder import Encoder, load_encoder, model_info

GATED = ("key_fact_accuracy", "recall_at_3", "abstention_recall", "false_abstention")


def latency(encoder: Encoder, qs: list[str], concurrency: int) -> dict[str, float]:
    def one(q: str) -> float:
        started = time.perf_counter()
        encoder.encode([q])
        return (time.perf_counter() - started) * 1000

    for q in qs[:20]:
        one(q)
    if concurrency == 1:
        return percentiles([one(q) for q in qs])
    with ThreadPoolExecutor(concurrency) as pool:
        return percentiles(list(pool.map(one, qs * 2)))


def run(quick: bool = False) -> dict[str, Any]:
    qs = questions()[: 100 if quick else None]
    cache = ROOT / ".cache" / "tutor"
    speed = []
    for backend in ("torch", "onnx", "onnx-int8"):
        for threads in (1, 2):
            encoder = load_encoder(model_info(None), backend, cache, threads)  # type: ignore[arg-type]
            for concurrency in (1, 8):
                p = latency(encoder, qs, concurrency)
                speed.append({"backend": backend, "threads": threads, "concurrency": concurrency, **p})
    show(
        "query encoding, ms per question",
        ["backend", "threads", "concurrent requests", "p50", "p95", "p99"],
        [[r["backend"], r["threads"], r["concurrency"], r["p50"], r["p95"], r["p99"]] for r in speed],
    )
    quality = {}
    cases = load_dataset()
    for backend in ("torch", "onnx", "onnx-int8"):
        with tempfile.TemporaryDirectory() as tmp:
            mine = settings(
                index_dir=Path(tmp) / "index", encoder_backend=backend, database_path=Path(tmp) / "db"
            )
            build(build_options(mine, threads=2))
            live = LiveIndex(mine)
            live.load()
            metrics = run_evals(live.engine, cases, ("hybrid",))["hybrid"].metrics
            quality[backend] = {k: metrics[k] for k in GATED}
    show(
        "eval (hybrid) by encoder backend",
        ["backend", *GATED],
        [[b, *(q[k] for k in GATED)] for b, q in quality.items()],
    )
    data = {"speed_ms": speed, "eval": quality}
    write("encoders", data)
    shutil.rmtree(Path(tempfile.gettempdir()) / "unused", ignore_errors=True)
    return data
