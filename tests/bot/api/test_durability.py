"""No answered turn is lost when `tutor serve` is killed (SIGKILL) under load.

A real `tutor serve` in its own process group, a real SQLite file, eight concurrent clients (some
continuing their conversations, some starting new ones); the server is killed with SIGKILL while they
are asking, then the store is reopened and every turn a client received an answer for must be there.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from bot.config import Settings
from bot.store import SQLiteStore
from tests.conftest import tutor_env

CLIENTS = 8
ANSWERS_BEFORE_KILL = 60  # enough that the kill lands among requests in flight, not on an idle server


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(settings: Settings, database: Path, port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    env = tutor_env(
        settings,
        database,
        TUTOR_RATE_LIMIT_PER_MINUTE="1000000",
        TUTOR_LOG_LEVEL="WARNING",
        TUTOR_WORKERS=str(workers),
    )
    command = [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port)]
    with log.open("wb") as out:
        # A session of its own: SIGKILL then reaches every worker process at once, as a crash would.
        return subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def _wait_ready(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"tutor serve exited with {server.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise AssertionError("tutor serve was not ready within 120 s")


@pytest.mark.parametrize("workers", [1, 2])
def test_a_killed_server_loses_no_answered_turn(settings: Settings, tmp_path: Path, workers: int) -> None:
    database = tmp_path / "durable.sqlite3"
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    server = _serve(settings, database, port, workers, log)
    answered: list[tuple[str, int, str]] = []  # (conversation, turn, question) of every 200 received
    lock = threading.Lock()
    stop = threading.Event()
    try:
        _wait_ready(url, server, log)

        def client(number: int) -> None:
            # Odd clients continue one conversation (the update path), even ones start a new one each time.
            conversation: str | None = None
            with httpx.Client(base_url=url, timeout=10) as http:
                asked = 0
                while not stop.is_set():
                    asked += 1
                    question = f"What does the professional exam cost? (client {number}, question {asked})"
                    body = {"message": question, "conversation_id": conversation if number % 2 else None}
                    try:
                        response = http.post("/chat", json=body)
                    except httpx.HTTPError:
                        continue  # the server is gone: this request was not answered
                    if response.status_code == 409:  # the conversation is full: start another
                        conversation = None
                        continue
                    assert response.status_code == 200, response.text
                    reply = response.json()
                    conversation = reply["conversation_id"]
                    with lock:
                        answered.append((conversation, reply["turn"], question))

        threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 120
        while len(answered) < ANSWERS_BEFORE_KILL and time.monotonic() < deadline:
            time.sleep(0.01)
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=30)
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        stop.set()
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)

    assert server.returncode == -signal.SIGKILL
    assert len(answered) >= ANSWERS_BEFORE_KILL
    store = SQLiteStore(database)
    try:
        missing = []
        for conversation_id, n, question in answered:
            found = store.get_conversation(conversation_id, after=n - 1, limit=1)
            if found is None or not found.turns or found.turns[0].question != question:
                missing.append((conversation_id, n))
    finally:
        store.close()
    assert missing == [], f"{len(missing)} of {len(answered)} answered turns were not stored"
