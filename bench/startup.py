"""Start-up: seconds from `tutor serve` to /healthz and to /readyz (index loaded, model ready), and where
a serving process's start-up seconds and memory go, step by step (bench/startup_steps.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import ROOT, free_port, server_env, start_server, wait_ready
from bench.report import show, write
from bot.store import open_store


def steps() -> list[dict[str, Any]]:
    """bench/startup_steps.py in a fresh interpreter: each start-up step's RSS after it, wall and CPU s."""
    with tempfile.TemporaryDirectory() as tmp:
        database = Path(tmp) / "steps.sqlite3"
        open_store(database, None).close()  # created and migrated: a restart finds its store so
        command = [sys.executable, "-m", "bench.startup_steps", str(database)]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    rows: list[dict[str, Any]] = json.loads(done.stdout)["steps"]
    return rows


def run(quick: bool = False) -> dict[str, Any]:
    rows = []
    for attempt in range(2 if quick else 3):
        with tempfile.TemporaryDirectory() as tmp:
            port = free_port()
            url = f"http://127.0.0.1:{port}"
            started = time.perf_counter()
            server = start_server(port, server_env(Path(tmp) / "startup.sqlite3"))
            try:
                wait_ready(url, "/healthz")
                alive = time.perf_counter() - started
                wait_ready(url)
                ready = time.perf_counter() - started
            finally:
                server.terminate()
                server.wait(timeout=30)
        rows.append({"attempt": attempt + 1, "healthz_s": round(alive, 2), "readyz_s": round(ready, 2)})
    show(
        "server start-up",
        ["attempt", "/healthz s", "/readyz s"],
        [[r["attempt"], r["healthz_s"], r["readyz_s"]] for r in rows],
    )
    breakdown = steps()
    show(
        "a serving process's start-up, step by step (fresh interpreter)",
        ["step", "RSS after, MiB", "wall s", "CPU s"],
        [[r["step"], r["rss_mib"], r.get("wall_s", ""), r.get("cpu_s", "")] for r in breakdown],
    )
    data = {"runs": rows, "steps": breakdown}
    write("startup", data)
    return data
