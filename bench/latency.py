"""Latency breakdown against the floor: what an answer costs beyond embedding the question and searching.

Warm process (model and index loaded, a first pass done), over the eval questions (each case's
last turn). Two regimes, each against its own floor, measured in the same run and interleaved
question by question with what it is compared to:

- first sight: each question answered once, before anything else reads it, as a new learner's
  question is: the caches hold only what earlier questions left there (the first 30 questions warm
  the process and are not timed). Floor: `encoder.encode([q])` plus one FAISS search (same model,
  backend, index and k as the answerer).
- cold cache: the same questions again, each stage timed apart, with the query-embedding cache
  (`retriever.embed`) cleared before every question, so each answer runs the model; the caches of
  what a question's words read as (spelling, entities) hold them by now. Same floor.
- warm repeats: the same questions again with their embeddings cached. Floor: the cache lookup plus
  the same FAISS search (the model is skipped on both sides).

End to end: POST /chat in-process (httpx over the app's ASGI interface, no socket) and over
loopback (real uvicorn on a free port in this process, tests/servers.py), each with a new
conversation per request, so the conversation store's writes are included.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx

from bench.common import live_index, questions, settings
from bench.report import percentiles, show, write
from bot.answer.answerer import Answerer
from bot.api.main import create_app
from bot.conversations import Conversations
from bot.store import open_store
from tests.servers import running_server


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


async def atimed(fn: Callable[[], Awaitable[object]]) -> float:
    started = time.perf_counter()
    await fn()
    return (time.perf_counter() - started) * 1000


class Floors:
    """encode + search (cold) and cache lookup + search (warm), with the answerer's model, index and k."""

    def __init__(self, answerer: Answerer) -> None:
        retriever = answerer.retriever
        self.retriever = retriever
        self.index = retriever.artifact.vectors
        self.k = min(self.index.ntotal, retriever.views_wanted(retriever.tuning.candidates))

    def cold(self, q: str) -> float:
        encoder, index, k = self.retriever.encoder, self.index, self.k
        return timed(lambda: index.search(encoder.encode([q]).reshape(1, -1), k))

    def warm(self, q: str) -> float:
        embed, index, k = self.retriever.embed, self.index, self.k
        embed(q)  # make sure it is cached: the timed lookup is a hit
        return timed(lambda: index.search(embed(q).reshape(1, -1), k))


def stages(answerer: Answerer, qs: list[str], floors: Floors) -> dict[str, list[float]]:
    """Each stage of answering, timed apart, with the cache cleared before every question."""
    retriever = answerer.retriever
    encoder, keywords = retriever.encoder, retriever.artifact.keywords
    config, mode = retriever.tuning, answerer.config.mode
    out: dict[str, list[float]] = {
        k: []
        for k in (
            "floor (cold): encode + FAISS",
            "reading the question",
            "query embedding",
            "dense search",
            "bm25",
            "fusion + boosts",
            "confidence",
            "composition",
            "answer(), cold cache",
        )
    }
    for q in qs:
        out["floor (cold): encode + FAISS"].append(floors.cold(q))
        out["reading the question"].append(timed(lambda q=q: answerer.reader.read(q)))
        query = answerer.reader.read(q)
        plain = encoder.encode([query.expanded])[0]
        vector = retriever.artifact.adapter(plain)
        out["query embedding"].append(timed(lambda e=query.expanded: encoder.encode([e])))
        # Search ranks by both vectors (the adapted and the plain one): both dense searches count here.
        rows = [vector, plain]
        out["dense search"].append(timed(lambda r=rows: retriever.dense_scores(r, config.candidates, None)))
        out["bm25"].append(timed(lambda t=query.keywords: keywords.scores(t)))
        search = timed(lambda r=query, v=vector, p=plain: retriever.search(r, v, mode, None, p))
        out["fusion + boosts"].append(max(0.0, search - out["dense search"][-1] - out["bm25"][-1]))
        attempt = answerer.attempt(query)
        out["confidence"].append(
            timed(lambda a=attempt, v=vector: answerer.confidence_features(a.query, a.candidates, v))
        )
        out["composition"].append(timed(lambda a=attempt: answerer.decide(a, False)))
        retriever.embed.clear()
        out["answer(), cold cache"].append(timed(lambda q=q: answerer.answer(q)))
    return out


async def chat_in_process(
    answerer: Answerer, app: Any, qs: list[str], floors: Floors
) -> dict[str, list[float]]:
    """POST /chat through the app's ASGI interface, interleaved with the floors."""
    out: dict[str, list[float]] = {"cold": [], "floor cold": [], "warm": [], "floor warm": []}
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://tutor") as client,
    ):
        for q in qs[:20]:
            await client.post("/chat", json={"message": q})
        for q in qs:
            answerer.retriever.embed.clear()
            out["floor cold"].append(floors.cold(q))
            answerer.retriever.embed.clear()
            out["cold"].append(await atimed(lambda q=q: client.post("/chat", json={"message": q})))
            out["floor warm"].append(floors.warm(q))
            out["warm"].append(await atimed(lambda q=q: client.post("/chat", json={"message": q})))
    return out


def chat_loopback(answerer: Answerer, url: str, qs: list[str], floors: Floors) -> dict[str, list[float]]:
    """POST /chat to a real uvicorn on loopback, interleaved with the floors."""
    out: dict[str, list[float]] = {"cold": [], "floor cold": [], "warm": [], "floor warm": []}
    with httpx.Client(base_url=url) as http:
        for q in qs[:20]:
            http.post("/chat", json={"message": q})
        for q in qs:
            answerer.retriever.embed.clear()
            out["floor cold"].append(floors.cold(q))
            answerer.retriever.embed.clear()
            out["cold"].append(timed(lambda q=q: http.post("/chat", json={"message": q})))
            out["floor warm"].append(floors.warm(q))
            out["warm"].append(timed(lambda q=q: http.post("/chat", json={"message": q})))
    return out


def ratio(value: dict[str, float], floor: dict[str, float]) -> dict[str, float]:
    return {f"x_floor_{p}": round(value[p] / floor[p], 2) for p in ("p50", "p95", "p99")}


def run(quick: bool = False) -> dict[str, Any]:
    holder = live_index()
    answerer = holder.answerer
    answerer.reader.language.preload()  # as `tutor serve` does once ready: not inside a timed request
    retriever = answerer.retriever
    floors = Floors(answerer)
    qs = questions()[: 100 if quick else None]
    for q in qs[:30]:  # warm the process: first calls pay for allocations and lazy imports
        answerer.answer(q)
    first_floor, first = [], []
    for q in qs[30:]:
        first_floor.append(floors.cold(q))
        retriever.embed.clear()
        first.append(timed(lambda q=q: answerer.answer(q)))

    results: dict[str, dict[str, float]] = {
        name: percentiles(values) for name, values in stages(answerer, qs, floors).items()
    }
    results["answer(), first sight"] = percentiles(first) | ratio(
        percentiles(first), percentiles(first_floor)
    )
    warm_floor, warm = [], []
    for q in qs:  # the cache holds every question now: repeats
        answerer.answer(q)
        warm_floor.append(floors.warm(q))
        warm.append(timed(lambda q=q: answerer.answer(q)))
    results["floor (warm): cache lookup + FAISS"] = percentiles(warm_floor)
    results["answer(), warm repeat"] = percentiles(warm)
    results["answer(), cold cache"] |= ratio(
        results["answer(), cold cache"], results["floor (cold): encode + FAISS"]
    )
    results["answer(), warm repeat"] |= ratio(results["answer(), warm repeat"], percentiles(warm_floor))

    with tempfile.TemporaryDirectory() as tmp:
        # The answer and the conversation store, without HTTP: what /chat adds on top is the web layer.
        store = open_store(Path(tmp) / "tutor.sqlite3", None)
        conversations, asked, stored = Conversations(holder, store), [], []
        for q in qs:
            retriever.embed.clear()
            asked.append(timed(lambda q=q: conversations.ask(q)))
            answer, _ = answerer.answer(q)
            stored.append(
                timed(
                    lambda q=q, a=answer: store.add_turn(
                        None,  # a new conversation and its first turn, in one transaction as /chat does
                        question=q,
                        resolved_query=a.resolved_query or q,
                        answer=a.model_dump(mode="json", exclude={"trace"}),
                        abstained=a.abstained,
                        confidence=a.confidence,
                        topic={},
                        source="bench",
                    )
                )
            )
        store.close()
        results["store: new conversation + turn"] = percentiles(stored)
        results["Conversations.ask(), cold cache"] = percentiles(asked) | ratio(
            percentiles(asked), results["floor (cold): encode + FAISS"]
        )
        app_settings = settings(database_path=Path(tmp) / "bench.sqlite3", rate_limit_per_minute=10_000_000)
        in_process = asyncio.run(
            chat_in_process(answerer, create_app(app_settings, holder=holder), qs, floors)
        )
        with running_server(create_app(app_settings, holder=holder)) as url:
            loopback = chat_loopback(answerer, url, qs, floors)
    for label, measured in (("in-process", in_process), ("loopback", loopback)):
        for regime in ("cold", "warm"):
            floor = percentiles(measured[f"floor {regime}"])
            name = f"POST /chat {label}, {'cold cache' if regime == 'cold' else 'warm repeat'}"
            results[name] = percentiles(measured[regime]) | ratio(percentiles(measured[regime]), floor)
            results[name]["floor_p50"] = floor["p50"]
    retriever.embed.clear()

    show(
        f"latency over {len(qs)} eval questions, ms (backend {retriever.encoder.backend}, "
        f"{retriever.artifact.vectors.ntotal} vectors, k={floors.k}); × floor: cold cache against "
        "encode + FAISS, warm repeat against cache lookup + FAISS, each measured beside it",
        ["stage", "p50", "p95", "p99", "× floor p50", "× floor p95"],
        [
            [k, v["p50"], v["p95"], v["p99"], v.get("x_floor_p50", ""), v.get("x_floor_p95", "")]
            for k, v in results.items()
        ],
    )
    data = {
        "questions": len(qs),
        "backend": retriever.encoder.backend,
        "model": retriever.encoder.model_id,
        "k": floors.k,
        "stages_ms": results,
    }
    write("latency", data)
    return data
