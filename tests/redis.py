"""A real Redis server for tests: started once per session on a free loopback port, flushed per test."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.postgres import _free_port

INSTALL_HINT = "install it with `apt-get install redis-server` (`make system-deps` does)"


@pytest.fixture(scope="session")
def redis_server() -> Iterator[str]:
    """A throwaway redis-server on 127.0.0.1 without persistence; yields its URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        # Fail, not skip: a skipped backend would hide a CI machine that lacks the server.
        pytest.fail(f"redis-server not found: {INSTALL_HINT}", pytrace=False)
    root = Path(tempfile.mkdtemp(prefix="tutor-redis-"))
    port = _free_port()
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(root),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.ConnectionError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"redis-server did not start on port {port}", pytrace=False)
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def redis_url(redis_server: str) -> str:
    """The session's server, emptied for this test."""
    redis.Redis.from_url(redis_server).flushall()
    return redis_server
