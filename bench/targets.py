"""Targets: the performance targets of issue 15, each measured as a ratio in one run, met or not met.

The floor is the one step no answer can skip: the question embedded by the shipped encoder (int8 ONNX,
one intra-op thread) plus one flat FAISS search, with the answerer's k. It is measured in this process,
beside what it is compared to:

- latency: each core eval question to the floor, then as POST /chat to `tutor serve` over loopback
  (keep-alive, a new conversation each, the server's query cache cold for it), then in-process through
  the app's ASGI interface (bench/latency.py's `chat_in_process`); warm processes, p50 against p50;
- throughput: the floor's capacity with 8 threads in this process (each thread embeds and searches
  unique questions as fast as it can) and wrk at concurrency 8 on `tutor serve`, unique questions,
  round after round interleaved; the median of each, and their ratio; errors summed;
- p99 against p50 of the same wrk runs (the median of each run's ratio);
- cold start: seconds from starting `tutor serve` to /readyz answering 200 (the median of 3), and to its
  first 200 on POST /chat (in the JSON: the language detector loads in the background after ready, and a
  first answer right after ready waits for it);
- RSS of each serving process after the load (the largest; the supervisor of several workers apart).

`tutor serve` runs as `make run` would, with a private SQLite file, no rate limit, log level INFO (the
access log is part of the cost) and TUTOR_WORKERS one a core unless BENCH_WORKERS says otherwise.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bench.common import live_index, questions, serve_command, server_env, settings, wait_ready
from bench.latency import Floors, chat_in_process
from bench.load import with_wrk, write_messages
from bench.report import percentiles, show, write
from bench.served import TUTOR, Running, System
from bot.api.main import create_app

CONCURRENCY = 8
WARMUP = 20


def capacity(floors: Floors, texts: list[str], threads: int, seconds: float) -> float:
    """Floors a second with `threads` threads embedding and searching unique questions for `seconds`."""
    encoder, index, k = floors.retriever.encoder, floors.index, floors.k
    deadline = time.perf_counter() + seconds
    counts = [0] * threads

    def work(slot: int) -> None:
        n = 0
        while time.perf_counter() < deadline:
            text = f"{texts[(slot * 7919 + n) % len(texts)]} ({slot}-{n})"
            index.search(encoder.encode([text]).reshape(1, -1), k)
            n += 1
        counts[slot] = n

    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(work, range(threads)))
    return sum(counts) / (time.perf_counter() - started)


def loopback(server: Running, floors: Floors, texts: list[str]) -> tuple[list[float], list[float]]:
    """Each question to the floor and then to the server's POST /chat: milliseconds of each."""
    floor, chat = [], []
    for text in texts:
        floors.retriever.embed.clear()
        floor.append(floors.cold(text))
        began = time.perf_counter()
        server.post("/chat", {"message": text})
        chat.append((time.perf_counter() - began) * 1000)
    return floor, chat


def interleaved_load(
    server: Running, floors: Floors, texts: list[str], messages: Path, rounds: int, seconds: float
) -> tuple[list[float], list[dict[str, Any]]]:
    """`rounds` of (the floor's 8-thread capacity, wrk at concurrency 8 on the server)."""
    floor_rps, runs = [], []
    for _ in range(rounds):
        floor_rps.append(round(capacity(floors, texts, CONCURRENCY, seconds), 1))
        runs.append(with_wrk(server.url, CONCURRENCY, 1_000_000, seconds, "unique", messages))
    return floor_rps, runs


def cold_starts(
    system: System, logs: Path, rounds: int, probe: str
) -> tuple[dict[str, list[float]], Running]:
    """Seconds from start to /readyz and to the first answer, `rounds` times; the last server stays up."""
    times: dict[str, list[float]] = {"ready": [], "first_answer": []}
    for r in range(rounds):
        server = Running(system, logs)
        wait_ready(server.url, timeout=180)
        times["ready"].append(round(time.perf_counter() - server.started, 3))
        times["first_answer"].append(round(server.first_answer(f"{probe} (cold start {r})"), 3))
        if r < rounds - 1:
            server.stop()
    return times, server


def verdict(measured: float, bound: float, at_most: bool) -> str:
    return "met" if (measured <= bound if at_most else measured >= bound) else "NOT MET"


def run(quick: bool = False) -> dict[str, Any]:
    rounds, seconds = (1, 5.0) if quick else (3, 10.0)
    workers = int(os.environ.get("BENCH_WORKERS", len(os.sched_getaffinity(0))))
    holder = live_index()
    # What `tutor serve` loads in the background once ready: here before anything is timed, so that the
    # in-process app's start (which would load it in the background) does not stall what is measured.
    holder.answerer.reader.language.preload()
    floors = Floors(holder.answerer)
    texts = list(dict.fromkeys(questions()))[: 100 if quick else None]
    for text in texts[:WARMUP]:
        holder.answerer.answer(f"{text} (warm-up)")
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        messages = Path(tmp) / "messages.txt"
        write_messages(messages, texts)
        env = server_env(Path(tmp) / "tutor.sqlite3", TUTOR_WORKERS=str(workers), TUTOR_LOG_LEVEL="INFO")
        system = System(TUTOR, "/chat", "message", serve_command, env)
        cold, server = cold_starts(system, Path(tmp), 1 if quick else 3, texts[0])
        try:
            server.settle()  # what a server loads in the background after it is ready (bot/runtime.py)
            for i in range(WARMUP * workers):
                server.post("/chat", {"message": f"{texts[i % len(texts)]} (warm-up {i})"})
            floor_ms, loop_ms = loopback(server, floors, texts)
            floor_rps, runs = interleaved_load(server, floors, texts, messages, rounds, seconds)
            rss = server.rss_each_mib()
        finally:
            server.stop()
        app = create_app(
            settings(database_path=Path(tmp) / "inproc.sqlite3", rate_limit_per_minute=10**9), holder
        )
        in_process = asyncio.run(chat_in_process(holder.answerer, app, texts, floors))
    floor_p50 = percentiles(floor_ms)["p50"]
    chat_p50 = percentiles(loop_ms)["p50"]
    inproc_floor_p50 = percentiles(in_process["floor cold"])["p50"]
    inproc_p50 = percentiles(in_process["cold"])["p50"]
    rps, cap = statistics.median(r["rps"] for r in runs), statistics.median(floor_rps)
    tail = statistics.median(r["p99"] / r["p50"] for r in runs if r["p50"])
    errors = sum(r["errors"] for r in runs)
    serving = max(rss["workers"]) if rss["workers"] else 0.0
    rows = [
        (
            "/chat p50 over loopback ÷ floor p50",
            round(chat_p50 / floor_p50, 2),
            1.5,
            True,
            f"{chat_p50:.2f} ms ÷ {floor_p50:.2f} ms",
        ),
        (
            "/chat p50 in-process ÷ floor p50",
            round(inproc_p50 / inproc_floor_p50, 2),
            1.25,
            True,
            f"{inproc_p50:.2f} ms ÷ {inproc_floor_p50:.2f} ms",
        ),
        (
            "/chat req/s at c8 (wrk) ÷ floor req/s (8 threads)",
            round(rps / cap, 2),
            0.6,
            False,
            f"{rps:.0f} ÷ {cap:.0f} req/s",
        ),
        ("errors under load", errors, 0, True, f"{sum(r['requests'] for r in runs)} requests"),
        (
            "p99 ÷ p50 at c8",
            round(tail, 2),
            2.5,
            True,
            f"p99 {', '.join(str(r['p99']) for r in runs)} ms; p50 {', '.join(str(r['p50']) for r in runs)} ms",
        ),
        (
            "cold start to ready (/readyz), s",
            statistics.median(cold["ready"]),
            1.5,
            True,
            f"runs {cold['ready']}; to the first answer {cold['first_answer']}",
        ),
        (
            "RSS per serving process, MiB",
            serving,
            250,
            True,
            f"{workers} worker(s): {rss['workers']}; supervisor {rss['supervisor']}",
        ),
    ]
    show(
        f"issue 15 targets (tutor serve, {workers} worker(s); floor: {holder.answerer.retriever.encoder.backend} "
        f"embedding + FAISS, k={floors.k}; load average before {load_before[0]:.1f}, after {os.getloadavg()[0]:.1f})",
        ["target", "measured", "bound", "verdict", "from"],
        [
            [name, value, f"{'≤' if at_most else '≥'} {bound}", verdict(value, bound, at_most), note]
            for name, value, bound, at_most, note in rows
        ],
    )
    data = {
        "workers": workers,
        "load_average": [load_before[0], os.getloadavg()[0]],
        "targets": [
            {
                "target": name,
                "measured": value,
                "bound": bound,
                "at_most": at_most,
                "met": verdict(value, bound, at_most) == "met",
                "from": note,
            }
            for name, value, bound, at_most, note in rows
        ],
        "latency_ms": {
            "floor_loopback": percentiles(floor_ms),
            "chat_loopback": percentiles(loop_ms),
            "floor_in_process": percentiles(in_process["floor cold"]),
            "chat_in_process": percentiles(in_process["cold"]),
        },
        "floor_rps_8_threads": floor_rps,
        "wrk_runs": runs,
        "cold_start_s": cold,
        "rss_mib": rss,
    }
    write("targets", data)
    return data
