"""Latency breakdown against the floor: what an answer costs beyond embedding the question and searching.

The floor is `encoder.encode([q])` plus one FAISS search, with the same model and backend, measured
in the same run. Every stage is measured per question over the eval questions, warm (models loaded,
a first pass done), with the query-embedding cache cleared so each question is embedded once, as a
new learner's question would be. Repeats (cache hits) are reported apart.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

from bench.common import live_index, questions, settings
from bench.report import percentiles, show, write
from bot.api.main import create_app
from bot.confidence import features
from bot.understand import detect
from ingest.keywords import expand, tokenize
from tests.servers import running_server


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


async def chat_in_process(app: FastAPI, qs: list[str], clear_cache: Callable[[], None]) -> list[float]:
    """POST /chat through the app's ASGI interface in this process: no socket, no test portal."""
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://tutor") as client,
    ):
        for q in qs[:20]:
            await client.post("/chat", json={"message": q})
        clear_cache()
        times = []
        for q in qs:
            started = time.perf_counter()
            await client.post("/chat", json={"message": q})
            times.append((time.perf_counter() - started) * 1000)
        return times


def run(quick: bool = False) -> dict[str, Any]:
    live = live_index()
    engine = live.engine
    retriever = engine.retriever
    encoder, index, keywords = retriever.encoder, retriever.artifact.vectors, retriever.artifact.keywords
    config = engine.config.retrieval
    qs = questions()[: 100 if quick else None]
    for q in qs[:30]:  # warm the process: first calls pay for allocations and lazy imports
        engine.answer(q)

    stages: dict[str, list[float]] = {
        k: []
        for k in (
            "floor: encode + faiss",
            "query embedding",
            "dense search",
            "bm25",
            "fusion + boosts",
            "confidence",
            "composition",
            "answer() total",
        )
    }
    for q in qs:
        text = retriever.speller.correct(q)
        stages["floor: encode + faiss"].append(
            timed(lambda q=q: index.search(encoder.encode([q]).reshape(1, -1), config.candidates))
        )
        vector = encoder.encode([expand(text)])[0]
        stages["query embedding"].append(timed(lambda t=text: encoder.encode([expand(t)])))
        stages["dense search"].append(
            timed(lambda v=vector: retriever.dense_scores(v, config.candidates, None))
        )
        stages["bm25"].append(timed(lambda t=text: keywords.scores(tokenize(t))))
        search_ms = timed(lambda t=text, v=vector: retriever.search(t, detect(t), config, None, v))
        stages["fusion + boosts"].append(
            max(0.0, search_ms - stages["dense search"][-1] - stages["bm25"][-1])
        )
        attempt = engine.attempt(text, detect(text))
        stages["confidence"].append(timed(lambda a=attempt: features(a.query, a.candidates, keywords)))
        stages["composition"].append(timed(lambda a=attempt: engine.decide(a, False)))
        retriever.embed.clear()
        stages["answer() total"].append(timed(lambda q=q: engine.answer(q)))

    for q in qs:  # fill the query-embedding cache, then time the repeats
        engine.answer(q)
    repeated = [timed(lambda q=q: engine.answer(q)) for q in qs]
    floor = percentiles(stages["floor: encode + faiss"])

    with tempfile.TemporaryDirectory() as tmp:
        app_settings = settings(database_path=Path(tmp) / "bench.sqlite3", rate_limit_per_minute=10_000_000)
        in_process = asyncio.run(
            chat_in_process(create_app(app_settings, live=live), qs, retriever.embed.clear)
        )
        with running_server(create_app(app_settings, live=live)) as url, httpx.Client(base_url=url) as http:
            for q in qs[:20]:
                http.post("/chat", json={"message": q})
            retriever.embed.clear()
            loopback = [timed(lambda q=q: http.post("/chat", json={"message": q})) for q in qs]

    results: dict[str, Any] = {name: percentiles(values) for name, values in stages.items()}
    results["answer() repeated (cache hit)"] = percentiles(repeated)
    results["POST /chat in-process"] = percentiles(in_process)
    results["POST /chat loopback"] = percentiles(loopback)
    for key in ("answer() total", "POST /chat in-process", "POST /chat loopback"):
        results[key]["x_floor_p50"] = round(results[key]["p50"] / floor["p50"], 2)
    show(
        f"latency over {len(qs)} eval questions, ms (backend {encoder.backend}, {encoder.info.name})",
        ["stage", "p50", "p95", "p99", "× floor (p50)"],
        [[k, v["p50"], v["p95"], v["p99"], v.get("x_floor_p50", "")] for k, v in results.items()],
    )
    data = {"questions": len(qs), "backend": encoder.backend, "model": encoder.model_id, "stages_ms": results}
    write("latency", data)
    return data
