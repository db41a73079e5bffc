"""What the benchmarks share: the shipped settings, a loaded index, the eval questions."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from bot.config import Settings
from bot.runtime import IndexHolder
from evals.dataset import load_dataset

ROOT = Path(__file__).resolve().parents[1]


def settings(**overrides: object) -> Settings:
    """The shipped defaults (as `make run` serves them), with the repository's corpus and index."""
    base = {
        "corpus_dir": ROOT / "corpus",
        "index_dir": ROOT / "index",
        "cache_dir": ROOT / ".cache" / "tutor",
    }
    return Settings(_env_file=None, **{**base, **overrides})  # type: ignore[call-arg]


def live_index(**overrides: object) -> IndexHolder:
    holder = IndexHolder(settings(**overrides))
    holder.load()
    return holder


# The question of the "repeated" load mix: after the first request, every one is a cache hit.
REPEATED = "What is the passing score for the exams?"


def questions() -> list[str]:
    """The last turn of every eval case: learners' own phrasings, in and out of scope."""
    return [case.question for case in load_dataset()]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def spawn(command: list[str], env: dict[str, str], log: Path | None = None) -> subprocess.Popen[bytes]:
    """A server in its own process, with `env` over ours; its output goes to `log`, or nowhere."""
    environment = {**os.environ, **env}
    if log is None:
        return subprocess.Popen(
            command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
    with log.open("wb") as out:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(command, env=environment, stdout=out, stderr=subprocess.STDOUT)


def serve_command(port: int) -> list[str]:
    """`python -m bot serve` on loopback, as `make run` starts it."""
    return [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port)]


def start_server(port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """`tutor serve` in its own process."""
    return spawn(serve_command(port), env)


def wait_ready(url: str, path: str = "/readyz", timeout: float = 60.0) -> float:
    """Seconds until `path` (by default /readyz) answers 200."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            if httpx.get(f"{url}{path}", timeout=1).status_code == 200:
                return time.perf_counter() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.02)
    raise TimeoutError(f"{url}{path} not answering after {timeout} s")


def server_env(database: Path, **extra: str) -> dict[str, str]:
    """Environment for a benchmark server: the repository's index, a private database, no rate limit."""
    return {
        "TUTOR_INDEX_DIR": str(ROOT / "index"),
        "TUTOR_CORPUS_DIR": str(ROOT / "corpus"),
        "TUTOR_CACHE_DIR": str(ROOT / ".cache" / "tutor"),
        "TUTOR_DATABASE_PATH": str(database),
        "TUTOR_RATE_LIMIT_PER_MINUTE": "10000000",
        "TUTOR_LOG_LEVEL": "WARNING",
        **extra,
    }
