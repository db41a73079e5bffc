"""What /metrics costs a question: the recording one answer makes (four stage timings, each a pair of
perf_counter calls, and three counters) on one thread and on two at once, beside prometheus_client's own
Histogram and Counter doing the same; and one scrape of /metrics's text."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

from bench.report import show, write
from bot.metrics.exposition import TutorCollector
from bot.metrics.record import BUCKETS, COMPOSE, EMBED, SEARCH, STORE, Recorder

STAGES = ("embed", "search", "compose", "store")


def recorder_request(recorder: Recorder) -> Callable[[], None]:
    def one() -> None:
        recorder.count(("questions", "http"))
        for key in (EMBED, SEARCH, COMPOSE, STORE):
            started = time.perf_counter()
            recorder.observe(key, time.perf_counter() - started)
        recorder.count(("answers", "http"))
        recorder.count(("feedback", "up"))

    return one


def client_request() -> Callable[[], None]:
    registry = CollectorRegistry()
    histogram = Histogram("stage_seconds", "stage", ["stage"], buckets=BUCKETS, registry=registry)
    counter = Counter("events", "events", ["name"], registry=registry)
    children = {s: histogram.labels(s) for s in STAGES}

    def one() -> None:
        counter.labels("questions").inc()
        for stage in STAGES:
            started = time.perf_counter()
            children[stage].observe(time.perf_counter() - started)
        counter.labels("answers").inc()
        counter.labels("feedback").inc()

    return one


def per_request_us(one: Callable[[], None], requests: int, threads: int) -> float:
    """Microseconds of recording per request, wall time over all threads' requests."""

    def work() -> None:
        for _ in range(requests):
            one()

    workers = [threading.Thread(target=work) for _ in range(threads)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return (time.perf_counter() - started) / (requests * threads) * 1e6


def run(quick: bool = False) -> dict[str, Any]:
    requests = 20_000 if quick else 200_000
    recorder = Recorder()
    rows, data = [], {}
    for name, one in (
        ("recorder (bot.metrics)", recorder_request(recorder)),
        ("prometheus_client", client_request()),
    ):
        alone, two = per_request_us(one, requests, 1), per_request_us(one, requests // 2, 2)
        rows.append((name, alone, two))
        data[name] = {"us_per_request_1_thread": alone, "us_per_request_2_threads": two}
    registry = CollectorRegistry()
    registry.register(TutorCollector(recorder))
    started = time.perf_counter()
    text = generate_latest(registry)
    scrape_ms = (time.perf_counter() - started) * 1000
    show("recording one answer (µs a request)", ["", "1 thread", "2 threads"], rows)
    print(f"one scrape of the tutor's families: {scrape_ms:.2f} ms, {len(text)} bytes")
    data["scrape_ms"] = scrape_ms
    write("metrics", data)
    return data
