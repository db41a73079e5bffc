"""Peers: the tutor side by side with three peers serving the same corpus with the same model.

The peers (bench/peers/, their own venv): a plain sentence-transformers + FAISS app, a Haystack 2
hybrid pipeline (BM25 + embeddings, reciprocal rank fusion) and a LlamaIndex fusion retriever
(vector + BM25, reciprocal rerank); see bench/served.py for how each is started. All four are
measured in one run and interleaved: every phase goes round-robin over them (each round in a
rotated order), so that whatever else the machine is doing hits all alike.

- cold start: seconds from process start to the first successful answer (`rounds` starts each);
- latency: one question at a time over loopback HTTP (keep-alive), every distinct core eval
  question once per system, p50 and p95;
- load: wrk in its own process at concurrency 8, unique questions (bench/wrk_chat.lua), `rounds`
  runs each: the median req/s and p99, and the errors summed;
- memory: RSS of the serving process after warm-up (and after the load, in the JSON);
- recall@3 on the core eval's in-scope cases and their expected chunk ids. The tutor's ranking
  comes from its POST /search (the path answers take; a follow-up's earlier turns are asked over
  /chat in one conversation first); a peer, which keeps no conversation, gets a follow-up's turns
  joined into one query. recall@3 over the single-turn cases alone compares like with like.

The tutor answers (POST /chat: retrieval, composition, citations, a stored turn); the peers only
return their top 5 passages, so they do less work per request.
"""

from __future__ import annotations

import os
import statistics
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

from bench.load import with_wrk, write_messages
from bench.report import percentiles, show, write
from bench.served import PEERS_DIR, TUTOR, Running, System, systems
from evals.dataset import Case, load_dataset
from evals.metrics import mean, recall_at

T = TypeVar("T")
CONCURRENCY = 8
WARMUP = 20
LOAD_CEILING = 100_000  # wrk's per-run request cap; far above what any of them serves in a run
SEARCH_DEPTH = 10
COLUMNS = ("p50_ms", "p95_ms", "rps_c8", "p99_c8_ms", "cold_start_s", "rss_mib", "recall_at_3")


def rotated(items: Sequence[T], by: int) -> list[T]:
    """`items` starting at position `by`: each round puts another system first."""
    shift = by % len(items)
    return [*items[shift:], *items[:shift]]


def ranked(server: Running, case: Case) -> list[str]:
    """The chunk ids a system ranks first for a case's last turn."""
    if server.system.name == TUTOR:
        conversation = None
        for turn in case.turns[:-1]:
            conversation = server.post("/chat", {"message": turn, "conversation_id": conversation})[
                "conversation_id"
            ]
        body = {"query": case.question, "conversation_id": conversation, "k": SEARCH_DEPTH}
        return [hit["id"] for hit in server.post("/search", body)["results"]]
    return [hit["id"] for hit in server.post("/query", {"query": " ".join(case.turns)})["results"]]


def start_all(
    everyone: list[System], servers: dict[str, Running], rounds: int, probe: str, logs: Path
) -> dict[str, list[float]]:
    """Cold starts, `rounds` of each; the last round's servers are left running in `servers`.

    Each server's output goes to a file in `logs`, quoted if it exits before answering.
    """
    cold: dict[str, list[float]] = {s.name: [] for s in everyone}
    for r in range(rounds):
        for system in rotated(everyone, r):
            server = servers[system.name] = Running(system, logs)
            cold[system.name].append(round(server.first_answer(f"{probe} (cold start {r})"), 3))
            if r < rounds - 1:
                servers.pop(system.name).stop()
    return cold


def one_at_a_time(
    servers: dict[str, Running], texts: list[str]
) -> tuple[dict[str, list[float]], dict[str, int]]:
    """Each question to each server in turn (rotating who goes first): milliseconds, and failures."""
    names = sorted(servers)
    latencies: dict[str, list[float]] = {name: [] for name in names}
    failed = dict.fromkeys(names, 0)
    for i, text in enumerate(texts):
        for name in rotated(names, i):
            ms = servers[name].ask(text)
            if ms is None:
                failed[name] += 1
            else:
                latencies[name].append(ms)
    return latencies, failed


def under_load(
    servers: dict[str, Running], rounds: int, seconds: float, messages: Path
) -> dict[str, list[Any]]:
    """wrk at concurrency 8 on each server in turn, `rounds` times."""
    names = sorted(servers)
    loads: dict[str, list[Any]] = {name: [] for name in names}
    for r in range(rounds):
        for name in rotated(names, r):
            s = servers[name]
            target = (s.system.path, s.system.field)
            loads[name].append(
                with_wrk(s.url, CONCURRENCY, LOAD_CEILING, seconds, "unique", messages, target)
            )
    return loads


def recall(server: Running, inside: list[Case]) -> dict[str, Any]:
    """recall@3 over the in-scope cases, and over the single-turn ones alone."""
    rankings = [(ranked(server, c), c) for c in inside]
    single = [(r, c) for r, c in rankings if len(c.turns) == 1]
    return {
        "recall_at_3": round(mean([recall_at(r, c.expected, 3) for r, c in rankings]), 4),
        "recall_at_3_single_turn": round(mean([recall_at(r, c.expected, 3) for r, c in single]), 4),
        "cases": len(rankings),
        "single_turn_cases": len(single),
    }


def measure(quick: bool) -> dict[str, dict[str, Any]]:
    """Every figure of every system, from one interleaved run."""
    rounds, seconds = (1, 5.0) if quick else (3, 10.0)
    cases = load_dataset(groups=["core"])
    texts = list(dict.fromkeys(c.question for c in cases))
    servers: dict[str, Running] = {}
    with tempfile.TemporaryDirectory() as tmp:
        everyone = systems(Path(tmp) / "tutor.sqlite3")
        messages = Path(tmp) / "messages.txt"
        write_messages(messages, texts)
        try:
            cold = start_all(everyone, servers, rounds, texts[0], Path(tmp))
            for i in range(WARMUP):
                for name in rotated(sorted(servers), i):
                    servers[name].ask(f"{texts[i % len(texts)]} (warm-up {i})")
            rss = {name: server.rss_mib() for name, server in servers.items()}
            latencies, failed = one_at_a_time(servers, texts[::3] if quick else texts)
            loads = under_load(servers, rounds, seconds, messages)
            result: dict[str, dict[str, Any]] = {}
            for system in everyone:
                name = system.name
                spread = percentiles(latencies[name])
                result[name] = {
                    "p50_ms": spread["p50"],
                    "p95_ms": spread["p95"],
                    "questions": spread["n"],
                    "latency_errors": failed[name],
                    "rps_c8": statistics.median(run["rps"] for run in loads[name]),
                    "p99_c8_ms": statistics.median(run["p99"] for run in loads[name]),
                    "load_errors": sum(run["errors"] for run in loads[name]),
                    "load_runs": loads[name],
                    "cold_start_s": statistics.median(cold[name]),
                    "cold_start_runs": cold[name],
                    "rss_mib": rss[name],
                    "rss_mib_after_load": servers[name].rss_mib(),
                    **recall(servers[name], [c for c in cases if c.in_scope]),
                }
            return result
        finally:
            for server in servers.values():
                server.stop()


def pinned() -> dict[str, str]:
    """The peers' direct dependencies and their versions, from bench/peers/requirements.txt."""
    lines = (PEERS_DIR / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return dict(line.split("==", 1) for line in lines if "==" in line and not line.startswith("#"))


def run(quick: bool = False) -> dict[str, Any]:
    load_before = os.getloadavg()
    measured = measure(quick)
    tutor = measured[TUTOR]
    ratios = {
        name: {column: round(row[column] / tutor[column], 2) if tutor[column] else None for column in COLUMNS}
        for name, row in measured.items()
        if name != TUTOR
    }
    show(
        f"the tutor and its peers, interleaved (POST /chat for the tutor, top-5 passages for the peers; "
        f"load: wrk, concurrency {CONCURRENCY}, unique questions)",
        [
            "system",
            "p50 ms",
            "p95 ms",
            "req/s c8",
            "p99 ms c8",
            "cold start s",
            "RSS MiB",
            "recall@3",
            "recall@3 single-turn",
            "errors",
        ],
        [
            [
                name,
                r["p50_ms"],
                r["p95_ms"],
                r["rps_c8"],
                r["p99_c8_ms"],
                r["cold_start_s"],
                r["rss_mib"],
                r["recall_at_3"],
                r["recall_at_3_single_turn"],
                r["latency_errors"] + r["load_errors"],
            ]
            for name, r in measured.items()
        ],
    )
    show(
        "each peer ÷ the tutor (latency, cold start, RSS: above 1 is worse; req/s, recall: below 1 is worse)",
        ["peer", *COLUMNS],
        [[name, *(ratio[c] for c in COLUMNS)] for name, ratio in ratios.items()],
    )
    data = {
        "concurrency": CONCURRENCY,
        "quick": quick,
        "recall_source": "tutor: POST /search (k=10), follow-ups in one conversation; peers: POST /query top 5, "
        "a follow-up's turns joined",
        # Other work on the machine during the run (1-minute load average), since interleaving
        # evens out noise between the systems but not its size.
        "loadavg_1min": {"before": round(load_before[0], 2), "after": round(os.getloadavg()[0], 2)},
        "peer_versions": pinned(),
        "systems": measured,
        "ratios_to_tutor": ratios,
    }
    write("peers", data)
    return data
