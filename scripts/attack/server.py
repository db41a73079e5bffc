"""Servers for the attack: `tutor serve` in a process of its own, a hung Slack Web API, helpers."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
ADMIN_TOKEN = "attack-admin-token-0123456789abcdef0123456789"
SIGNING_SECRET = "attack-signing-secret"
BOT_TOKEN = "xoxb-attack"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Served:
    """One running `tutor serve`: its URL, its log (JSON lines) and its process."""

    url: str
    log: Path
    process: subprocess.Popen[bytes]

    def access(self) -> list[dict[str, object]]:
        """The access-log entries written so far."""
        entries = []
        for line in self.log.read_text(errors="replace").splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get("logger") == "bot.access":
                entries.append(entry)
        return entries

    def server_errors(self) -> int:
        return sum(1 for e in self.access() if int(str(e.get("status", 0))) >= 500)


def copy_index(work: Path) -> Path:
    """A private copy of the repository's published index, so builds never touch the developer's."""
    source = ROOT / "index"
    target = work / "index"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    build = (source / "current").resolve()
    shutil.copytree(build, target / "builds" / build.name)
    os.symlink(Path("builds") / build.name, target / "current")
    return target


def clean_env() -> dict[str, str]:
    """Our environment without the tutor's and Slack's settings, so a developer's .env cannot leak in."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("TUTOR_", "SLACK_"))}


def base_env(work: Path, index: Path, **extra: str) -> dict[str, str]:
    return {
        "TUTOR_INDEX_DIR": str(index),
        "TUTOR_CORPUS_DIR": str(ROOT / "corpus"),
        "TUTOR_CACHE_DIR": str(ROOT / ".cache" / "tutor"),
        "TUTOR_DATABASE_PATH": str(work / f"db-{time.monotonic_ns()}.sqlite3"),
        "TUTOR_ADMIN_TOKEN": ADMIN_TOKEN,
        "TUTOR_LOG_LEVEL": "INFO",
        **extra,
    }


@contextmanager
def serving(name: str, work: Path, env: dict[str, str], ready: bool = True) -> Iterator[Served]:
    """`tutor serve` on a free loopback port with `env` over ours; stopped (SIGTERM) on exit."""
    port = free_port()
    log = work / f"{name}.log"
    command = [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, env={**clean_env(), **env}, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT
        )
    served = Served(f"http://127.0.0.1:{port}", log, process)
    try:
        deadline = time.monotonic() + 90
        path = "/readyz" if ready else "/healthz"
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited with {process.returncode}; see {log}")
            try:
                if httpx.get(served.url + path, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} not ready after 90 s; see {log}")
            time.sleep(0.1)
        yield served
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def hung_slack() -> Iterator[str]:
    """A Slack Web API that accepts connections and never answers; yields its api_url."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1024)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            held.append(connection)  # read nothing, answer nothing

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/api/"
    finally:
        stop.set()
        thread.join(timeout=2)
        for connection in held:
            connection.close()
        listener.close()


@contextmanager
def answering_slack() -> Iterator[str]:
    """A Slack Web API that answers every method with ok (auth.test with a bot identity); yields its api_url."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            body = json.dumps({"ok": True, "user_id": "U0TUTOR", "bot_id": "B0TUTOR", "team_id": "T0",
                               "ts": "1700000000.000001", "channel": "C0ATTACK"}).encode()  # fmt: skip
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api/"
    finally:
        server.shutdown()
        server.server_close()
