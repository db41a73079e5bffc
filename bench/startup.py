"""Start-up: seconds from `tutor serve` to /healthz and to /readyz (index loaded, model ready)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import free_port, server_env, start_server, wait_ready
from bench.report import show, write


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
    data = {"runs": rows}
    write("startup", data)
    return data
