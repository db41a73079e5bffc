"""Load: /chat from a second process at concurrency 1, 8 and 32, against `tutor serve` in a third.

Bounded in number and time. Also measures the thread settings: one compute thread per request
(the default) against two, to show what oversubscribing two cores does under concurrency.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.common import free_port, server_env, start_server, wait_ready
from bench.report import show, write

LEVELS = (1, 8, 32)


def generate(url: str, concurrency: int, requests: int, seconds: float, mix: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.loadgen", url, str(concurrency), str(requests), str(seconds), mix],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    )
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def run(quick: bool = False) -> dict[str, Any]:
    requests, seconds = (300, 20.0) if quick else (1000, 45.0)
    rows: list[dict[str, Any]] = []
    for threads in ("1", "2"):
        with tempfile.TemporaryDirectory() as tmp:
            port = free_port()
            server = start_server(port, server_env(Path(tmp) / "load.sqlite3", TUTOR_ENCODER_THREADS=threads))
            try:
                url = f"http://127.0.0.1:{port}"
                wait_ready(url)
                generate(url, 4, 100, 10, "unique")  # warm-up, not reported
                for mix in ("unique", "repeated") if threads == "1" else ("unique",):
                    for level in LEVELS if threads == "1" else (8,):
                        result = generate(url, level, requests, seconds, mix)
                        rows.append({"encoder_threads": int(threads), **result})
            finally:
                server.terminate()
                server.wait(timeout=30)
    show(
        "load on POST /chat (tutor serve, loopback, load generator in its own process)",
        ["threads", "mix", "concurrency", "requests", "errors", "req/s", "p50 ms", "p99 ms"],
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
            ]
            for r in rows
        ],
    )
    data = {"requests_per_level": requests, "seconds_per_level": seconds, "runs": rows}
    write("load", data)
    return data
