"""A real PostgreSQL server for tests: started once per session, a fresh database per test."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

INSTALL_HINT = "install the PostgreSQL server with `apt-get install postgresql`"


def _postgres_bin() -> Path | None:
    """The newest Debian PostgreSQL bin folder, or the one on PATH (e.g. Homebrew)."""
    candidates = [Path(d) for d in glob.glob("/usr/lib/postgresql/*/bin")]
    candidates.sort(key=lambda d: int(d.parent.name) if d.parent.name.isdigit() else 0, reverse=True)
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).parent)
    for directory in candidates:
        if (directory / "initdb").exists() and (directory / "pg_ctl").exists():
            return directory
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.fail(f"{what} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}", pytrace=False)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A throwaway PostgreSQL server on 127.0.0.1 with trust auth; yields its base URL (no database)."""
    bin_dir = _postgres_bin()
    if bin_dir is None:
        # Fail, not skip: a skipped backend would hide a CI machine that lacks the server.
        pytest.fail(f"PostgreSQL server binaries (initdb, pg_ctl) not found: {INSTALL_HINT}", pytrace=False)
    # Not under pytest's tmp_path: its parents are private to root, and the server runs as `postgres`.
    root = Path(tempfile.mkdtemp(prefix="tutor-pg-"))
    as_owner: list[str] = []
    if os.geteuid() == 0:
        # initdb refuses to run as root, so the server runs as the postgres OS user.
        shutil.chown(root, "postgres", "postgres")
        as_owner = ["runuser", "-u", "postgres", "--"]
    data, log_file = root / "data", root / "server.log"
    pg_ctl = [*as_owner, str(bin_dir / "pg_ctl"), "-D", str(data)]
    started = False
    try:
        initdb = [str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"]
        _run([*as_owner, *initdb, "-E", "UTF8", "--no-locale", "--no-sync"], "initdb")
        for _attempt in range(3):  # the free port may be taken between probing and binding it
            port = _free_port()
            # Durability settings off: a test server's data is thrown away, and it makes tests faster.
            options = (
                f"-k {root} -p {port} -c listen_addresses=127.0.0.1"
                " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            )
            result = subprocess.run(
                [*pg_ctl, "-l", str(log_file), "-w", "-t", "60", "-o", options, "start"],
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode == 0:
                started = True
                break
        if not started:
            log = log_file.read_text(errors="replace") if log_file.exists() else ""
            pytest.fail(f"could not start PostgreSQL:\n{result.stderr}\n{log[-3000:]}", pytrace=False)
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        if started:
            subprocess.run([*pg_ctl, "-m", "fast", "-w", "stop"], capture_output=True, check=False)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A URL to a new, empty database on the session's server, dropped after the test."""
    name = f"tutor_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{postgres_server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"{postgres_server}/{name}"
    with psycopg.connect(f"{postgres_server}/postgres", autocommit=True) as admin:
        # FORCE: a test that failed half-way may still hold connections.
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
