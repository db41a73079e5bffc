"""A fake Slack Web API on a loopback port: answers like Slack, records every call, fails on request.

Modelled on bolt-python's own tests/mock_web_api_server: a ThreadingHTTPServer in a thread. The bot's
WebClient is pointed at `api_url`; `response_url(...)` gives interaction response URLs served here too.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

BOT_USER = "UTUTORBOT"
BOT_ID = "BTUTORBOT"
TEAM = "T0TEST"
RESPONSE_URL_METHOD = "response_url"
# Form fields that WebClient sends as JSON text.
_JSON_FIELDS = ("blocks", "view", "attachments")


@dataclass(frozen=True)
class Call:
    """One request the bot made: the API method (or "response_url"), its parameters, and how it was answered."""

    method: str
    body: dict[str, Any]
    token: str | None
    status: int
    path: str
    response: dict[str, Any] = field(default_factory=dict)  # what the fake answered

    def __getitem__(self, key: str) -> Any:
        return self.body[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.body.get(key, default)


@dataclass
class _Failure:
    error: str
    status: int
    retry_after: int | None
    times: int


@dataclass
class FakeSlack:
    """The server's state: recorded calls, queued failures, and what some methods return."""

    calls: list[Call] = field(default_factory=list)
    socket_url: str = "ws://127.0.0.1:9/"
    _failures: dict[str, list[_Failure]] = field(default_factory=dict)
    _changed: threading.Condition = field(default_factory=threading.Condition)
    _ts: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    _hangs: dict[str, float] = field(default_factory=dict)
    url: str = ""

    # --- set-up ---

    @property
    def api_url(self) -> str:
        """The WebClient base_url (with the trailing slash it expects)."""
        return f"{self.url}/api/"

    def response_url(self, name: str = "1") -> str:
        return f"{self.url}/response/{name}"

    def fail(self, method: str, error: str = "channel_not_found", times: int = 1) -> None:
        """Answer the next `times` calls of `method` with {"ok": false, "error": error}."""
        self._failures.setdefault(method, []).append(_Failure(error, 200, None, times))

    def rate_limit(self, method: str, retry_after: int = 1, times: int = 1) -> None:
        """Answer the next `times` calls of `method` with HTTP 429 and Retry-After."""
        self._failures.setdefault(method, []).append(_Failure("ratelimited", 429, retry_after, times))

    def hang(self, seconds: float, *methods: str) -> None:
        """Hold every call of `methods` (all of them when none is named) for `seconds` before answering."""
        for method in methods or ("*",):
            self._hangs[method] = seconds

    def _hang(self, method: str) -> None:
        seconds = self._hangs.get(method, self._hangs.get("*", 0.0))
        if seconds:
            time.sleep(seconds)

    # --- assertions ---

    def calls_to(self, method: str) -> list[Call]:
        with self._changed:
            return [c for c in self.calls if c.method == method]

    def ok_calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls_to(method) if c.status == 200]

    def wait_for(
        self,
        method: str,
        count: int = 1,
        timeout: float = 10.0,
        where: Callable[[Call], bool] = lambda _: True,
    ) -> list[Call]:
        """Block until `count` calls of `method` matching `where` have arrived; fail after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [c for c in self.calls if c.method == method and where(c)]
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [(c.method, c.status) for c in self.calls]
                    raise AssertionError(f"{count} x {method} not called within {timeout}s; calls: {seen}")
                self._changed.wait(remaining)

    # --- serving ---

    def _record(self, call: Call) -> None:
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    def _take_failure(self, method: str) -> _Failure | None:
        with self._changed:
            queue = self._failures.get(method) or []
            if not queue:
                return None
            failure = queue[0]
            failure.times -= 1
            if failure.times <= 0:
                queue.pop(0)
            return failure

    def _answer(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        ts = f"1700000000.{next(self._ts):06d}"
        if method == "auth.test":
            return {
                "ok": True, "url": "https://test.slack.com/", "team": "Test", "user": "tutor",
                "team_id": TEAM, "user_id": BOT_USER, "bot_id": BOT_ID, "is_enterprise_install": False,
            }  # fmt: skip
        if method == "chat.postMessage":
            return {
                "ok": True,
                "channel": body.get("channel"),
                "ts": ts,
                "message": {"text": body.get("text"), "ts": ts},
            }
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": ts}
        if method == "chat.update":
            return {
                "ok": True,
                "channel": body.get("channel"),
                "ts": body.get("ts"),
                "text": body.get("text"),
            }
        if method == "views.open":
            return {"ok": True, "view": {"id": "V0TEST", **(body.get("view") or {})}}
        if method == "apps.connections.open":
            return {"ok": True, "url": self.socket_url}
        if method == "conversations.open":  # the bot's DM with one user
            return {"ok": True, "channel": {"id": f"D{body.get('users')}"}}
        if method == "conversations.info":
            return {"ok": True, "channel": {"id": body.get("channel"), "is_member": True}}
        return {"ok": True}


def _parse(content_type: str, raw: bytes) -> dict[str, Any]:
    if not raw:
        return {}
    if content_type.startswith("application/json"):
        parsed = json.loads(raw)
        return parsed if isinstance(parsed, dict) else {"_": parsed}
    form = {k: v[0] for k, v in parse_qs(raw.decode("utf-8"), keep_blank_values=True).items()}
    for name in _JSON_FIELDS:
        if isinstance(form.get(name), str):
            form[name] = json.loads(form[name])
    return form


def _handler(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            body = _parse(self.headers.get("Content-Type", ""), raw)
            auth = self.headers.get("Authorization", "")
            token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else body.get("token")
            if self.path.startswith("/response/"):
                refused = fake._take_failure(
                    RESPONSE_URL_METHOD
                )  # e.g. fail(RESPONSE_URL_METHOD, "expired_url")
                status = 404 if refused else 200
                fake._record(Call(RESPONSE_URL_METHOD, body, token, status, self.path))
                self._send(status, refused.error.encode() if refused else b"ok", "text/plain")
                return
            method = self.path.removeprefix("/api/").split("?")[0]
            fake._hang(method)
            failure = fake._take_failure(method)
            if failure is not None:
                fake._record(Call(method, body, token, failure.status, self.path))
                headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else {}
                payload = json.dumps({"ok": False, "error": failure.error}).encode()
                self._send(failure.status, payload, "application/json", headers)
                return
            answer = fake._answer(method, body)
            fake._record(Call(method, body, token, 200, self.path, answer))
            self._send(200, json.dumps(answer).encode(), "application/json")

        def _send(
            self, status: int, payload: bytes, content_type: str, headers: dict[str, str] | None = None
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
            pass

    return Handler


@contextmanager
def running_fake_slack() -> Iterator[FakeSlack]:
    """Serve a FakeSlack on 127.0.0.1 (port 0: the OS picks a free one) for the duration of the block."""
    fake = FakeSlack()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    server.daemon_threads = True
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="fake-slack", daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
