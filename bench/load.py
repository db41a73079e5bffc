"""Load: POST /chat from a second process at concurrency 1, 8 and 32, against `tutor serve` in a third.

The server runs as `tutor serve` does (`python -m bot serve`), with the repository's index, a
private SQLite file and a rate limit too high to trip. The load generator is wrk (Debian's `wrk`,
with bench/wrk_chat.lua) when it is installed, else bench/loadgen.py (async httpx) in its own
process; set BENCH_LOADGEN=httpx to force the latter. Both are bounded in seconds, with a
ceiling on requests (wrk runs its full duration; a row that reached the ceiling is marked).

Two question mixes: "unique" (the eval questions, each sent once with a number appended, so every
request runs the model: the worst case) and "repeated" (one question, always the same: every
request after the first is a query-embedding cache hit). Also measured: the encoder's intra-op
threads (TUTOR_ENCODER_THREADS) 1, the default, against 2, under the same load.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.common import REPEATED, free_port, questions, server_env, start_server, wait_ready
from bench.report import show, write

LEVELS = (1, 8, 32)
LUA = Path(__file__).with_name("wrk_chat.lua")


def write_messages(path: Path, lines: list[str]) -> None:
    """The questions for wrk_chat.lua: one a line, JSON-escaped so the script can splice them in."""
    path.write_text("\n".join(json.dumps(q)[1:-1] for q in lines) + "\n", encoding="utf-8")


def tool() -> str:
    """wrk if installed (lighter on the cores the server shares), unless BENCH_LOADGEN says httpx."""
    wanted = os.environ.get("BENCH_LOADGEN", "wrk")
    return "wrk" if wanted == "wrk" and shutil.which("wrk") else "httpx"


def with_wrk(
    url: str,
    concurrency: int,
    requests: int,
    seconds: float,
    mix: str,
    messages: Path,
    target: tuple[str, str] = ("/chat", "message"),
) -> dict[str, Any]:
    """One wrk run; `target` is the path and the JSON field the question goes in."""
    command = [
        "wrk",
        "-t1",
        f"-c{concurrency}",
        f"-d{int(seconds)}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        url,
        "--",
        str(messages),
        mix,
        str(requests),
        "1",
        *target,
    ]
    out = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 60)
    raw = json.loads(out.stdout.strip().splitlines()[-1])
    # wrk runs for its whole duration even after the script stops sending at the cap, so its
    # throughput is only right below the cap: a capped row says so.
    elapsed = raw["duration_us"] / 1e6
    return {
        "concurrency": concurrency,
        "mix": mix,
        "requests": raw["requests"],
        "errors": raw["errors"],
        "seconds": round(elapsed, 3),
        "rps": round(raw["requests"] / elapsed, 1),
        "p50": round(raw["p50_us"] / 1000, 2),
        "p99": round(raw["p99_us"] / 1000, 2),
        "capped": raw["requests"] >= requests,
    }


def with_httpx(url: str, concurrency: int, requests: int, seconds: float, mix: str) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.loadgen", url, str(concurrency), str(requests), str(seconds), mix]
    out = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 60)
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def run(quick: bool = False) -> dict[str, Any]:
    # wrk: each row runs `seconds`, with `requests` as a ceiling it should not reach (about 3x the
    # measured throughput); httpx: whichever comes first.
    requests, seconds = (4000, 5.0) if quick else (8000, 10.0)
    generator = tool()
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        messages = Path(tmp) / "messages.txt"
        lines = [REPEATED, *questions()]
        write_messages(messages, lines)

        def generate(url: str, concurrency: int, total: int, mix: str) -> dict[str, Any]:
            if generator == "wrk":
                return with_wrk(url, concurrency, total, seconds, mix, messages)
            return with_httpx(url, concurrency, total, seconds, mix)

        for threads in ("1", "2"):
            port = free_port()
            database = Path(tmp) / f"load-{threads}.sqlite3"
            server = start_server(port, server_env(database, TUTOR_ENCODER_THREADS=threads))
            try:
                url = f"http://127.0.0.1:{port}"
                wait_ready(url)
                generate(url, 4, 100, "unique")  # warm-up, not reported
                for mix in ("unique", "repeated"):
                    for level in LEVELS:
                        result = generate(url, level, requests, mix)
                        rows.append({"encoder_threads": int(threads), **result})
            finally:
                server.terminate()
                server.wait(timeout=30)
    show(
        f"load on POST /chat (tutor serve on loopback; {generator} in its own process; "
        f"at most {requests} requests or {seconds:.0f} s a row)",
        [
            "encoder threads",
            "mix",
            "concurrency",
            "requests",
            "errors",
            "req/s",
            "p50 ms",
            "p99 ms",
            "capped",
        ],
        [
            [
                r["encoder_threads"],
                r["mix"],
                r["concurrency"],
                r["requests"],
                r["errors"],
                r["rps"],
                r["p50"],
                r["p99"],
                r.get("capped", ""),
            ]
            for r in rows
        ],
    )
    data = {
        "generator": generator,
        "requests_per_level": requests,
        "seconds_per_level": seconds,
        "runs": rows,
    }
    write("load", data)
    return data
