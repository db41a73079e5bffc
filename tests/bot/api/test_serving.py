"""`tutor serve`'s uvicorn configuration: slow clients are cut off, not held for ever."""

from __future__ import annotations

import atexit
import io
import json
import logging
import socket
import subprocess
import sys
import threading
import time

from bot.api.main import create_app
from bot.api.serving import log_off_thread, server_config
from bot.config import Settings
from bot.logs import json_formatter
from bot.runtime import IndexHolder
from tests.servers import running_server


def _closed(sock: socket.socket, within: float) -> bool:
    """Whether the server closes the connection within `within` seconds (reading EOF or a reset)."""
    sock.settimeout(within)
    try:
        while sock.recv(4096):
            pass
    except TimeoutError:
        return False
    except OSError:
        return True
    return True


def test_headers_sent_a_byte_at_a_time_are_cut_off(settings: Settings, holder: IndexHolder) -> None:
    served = settings.model_copy(update={"port": 0, "http_header_timeout_seconds": 0.5})
    app = create_app(served, holder=holder)
    with running_server(app, server_config(app, served)) as url:
        port = int(url.rsplit(":", 1)[1])
        slow = socket.create_connection(("127.0.0.1", port))
        slow.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        try:
            for _ in range(3):  # uvicorn's keep-alive timer restarts on every byte; the deadline does not
                time.sleep(0.2)
                slow.sendall(b"X")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the last byte came after the 0.5 s deadline, and the server had already cut it off
        assert _closed(slow, within=2.0)
        idle = socket.create_connection(("127.0.0.1", port))  # connects and says nothing
        assert _closed(idle, within=2.0)
        polite = socket.create_connection(("127.0.0.1", port))
        polite.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        polite.settimeout(2)
        assert polite.recv(4096).startswith(b"HTTP/1.1 200")
        for sock in (slow, idle, polite):
            sock.close()


def test_a_body_that_does_not_arrive_is_a_408(settings: Settings, holder: IndexHolder) -> None:
    served = settings.model_copy(update={"port": 0, "http_body_timeout_seconds": 0.5})
    app = create_app(served, holder=holder)
    with running_server(app, server_config(app, served)) as url:
        sock = socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1])))
        sock.sendall(
            b"POST /chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
            b'{"message": '
        )
        sock.settimeout(3)
        # The head and the body may come in separate segments; the 408 closes the connection after both.
        answer = b""
        while chunk := sock.recv(4096):
            answer += chunk
        sock.close()
    assert answer.startswith(b"HTTP/1.1 408") and b"not received within 0.5 s" in answer


def test_the_configuration_sets_uvicorn_s_limits(settings: Settings, holder: IndexHolder) -> None:
    config = server_config(create_app(settings, holder=holder), settings)
    assert config.limit_concurrency == settings.http_max_connections
    assert config.timeout_keep_alive == settings.http_keep_alive_seconds
    assert config.proxy_headers is False  # no proxy is trusted by default


def test_log_lines_are_written_off_the_request_thread_with_their_fields() -> None:
    threads: set[str] = set()

    class Recording(logging.StreamHandler[io.StringIO]):
        def emit(self, record: logging.LogRecord) -> None:
            threads.add(threading.current_thread().name)
            super().emit(record)

    handler = Recording(io.StringIO())
    handler.setFormatter(json_formatter())  # the formatter tutor serve logs with
    root = logging.getLogger()
    saved, level = root.handlers[:], root.level
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)  # setLevel, not the attribute: loggers cache whether a level is enabled
    try:
        listener = log_off_thread()
        log = logging.getLogger("bot.access")
        log.info("%s %s %s", "POST", "/chat", 200, extra={"request_id": "abc", "latency_ms": 1.5})
        try:
            raise ValueError("boom")
        except ValueError:
            log.exception("unhandled error", extra={"request_id": "def"})
        listener.stop()
        atexit.unregister(listener.stop)
    finally:
        root.handlers[:] = saved
        root.setLevel(level)
    first, second = (json.loads(line) for line in handler.stream.getvalue().splitlines())
    assert (
        first["message"] == "POST /chat 200" and first["request_id"] == "abc" and first["latency_ms"] == 1.5
    )
    assert second["request_id"] == "def" and "ValueError: boom" in second["exc_info"]
    assert threads and threading.current_thread().name not in threads


def test_the_supervisor_of_several_workers_loads_no_numeric_library() -> None:
    # `tutor serve --workers N` starts in a process that imports bot.api.serving and the settings and
    # then only watches its workers: FAISS and numpy there were 0.09 s of every multi-worker start.
    probe = "import sys, bot.api.serving; print(sorted({'faiss', 'numpy', 'onnxruntime'} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr
