"""Limits and hygiene: body size, rate limit, CORS, request ids and logs, no internals leaked."""

from __future__ import annotations

import json
import logging

import pytest
from fastapi.testclient import TestClient

from bot.api.main import create_app
from bot.config import Settings
from bot.runtime import IndexHolder


def test_body_over_the_limit_is_refused_before_parsing(client: TestClient, settings: Settings) -> None:
    big = b'{"message": "' + b"a" * (settings.max_body_bytes + 1) + b'"}'
    r = client.post("/chat", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413 and "request body over" in r.json()["detail"]

    def chunks():  # type: ignore[no-untyped-def]  # no Content-Length: counted while streaming
        for _ in range(settings.max_body_bytes // 1024 + 2):
            yield b"a" * 1024

    r = client.post("/chat", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_rate_limit_answers_429_with_retry_after(settings: Settings, holder: IndexHolder) -> None:
    limited = settings.model_copy(update={"rate_limit_per_minute": 3})
    with TestClient(create_app(limited, holder=holder)) as client:
        codes = [client.post("/search", json={"query": "labs"}).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        r = client.post("/search", json={"query": "labs"})
        assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
        assert client.get("/healthz").status_code == 200  # health checks are never limited


def test_cors_is_configurable(settings: Settings, holder: IndexHolder) -> None:
    origin = "https://learn.example"
    with TestClient(
        create_app(settings.model_copy(update={"cors_origins": [origin]}), holder=holder)
    ) as client:
        r = client.options("/chat", headers={"Origin": origin, "Access-Control-Request-Method": "POST"})
        assert r.headers["access-control-allow-origin"] == origin
        assert (
            "access-control-allow-origin"
            not in client.get("/healthz", headers={"Origin": "https://evil.example"}).headers
        )
    with TestClient(create_app(settings, holder=holder)) as client:  # off by default
        r = client.options("/chat", headers={"Origin": origin, "Access-Control-Request-Method": "POST"})
        assert "access-control-allow-origin" not in r.headers


def test_request_id_and_structured_access_log(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="bot.access")
    r = client.post("/chat", json={"message": "pass mark?"}, headers={"X-Request-ID": "req-123"})
    assert r.headers["x-request-id"] == "req-123"
    record = next(rec for rec in caplog.records if getattr(rec, "request_id", None) == "req-123")
    assert record.status == 200 and record.path == "/chat" and record.latency_ms > 0  # type: ignore[attr-defined]
    generated = client.get("/healthz").headers["x-request-id"]
    assert len(generated) == 32


def test_json_log_lines(client: TestClient) -> None:
    from bot.logs import json_formatter

    record = logging.LogRecord("bot.access", logging.INFO, "", 0, "GET / 200", None, None)
    record.request_id, record.latency_ms, record.color_message = "abc", 1.5, "\x1b[1mGET\x1b[0m / 200"
    line = json.loads(json_formatter().format(record))
    assert line["request_id"] == "abc" and line["latency_ms"] == 1.5 and line["level"] == "INFO"
    assert line["logger"] == "bot.access" and line["message"] == "GET / 200" and "color_message" not in line


def test_no_stack_trace_or_internal_path_reaches_a_client(
    settings: Settings, holder: IndexHolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.conversations import Conversations

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom at /work/main/bot/secret.py line 3")

    monkeypatch.setattr(Conversations, "ask", broken)
    with TestClient(create_app(settings, holder=holder), raise_server_exceptions=False) as client:
        r = client.post("/chat", json={"message": "pass mark?"})
        assert r.status_code == 500
        assert r.json() == {"detail": "internal error", "request_id": r.headers["x-request-id"]}
        assert "secret" not in r.text and "Traceback" not in r.text
        assert client.get("/healthz").status_code == 200  # and it keeps serving


SURROGATE = "\\ud800"  # JSON text for a lone surrogate: valid JSON, not valid Unicode


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/chat", f'{{"message": "pass mark {SURROGATE}?"}}'),
        ("/chat", f'{{"message": "labs?", "conversation_id": "{SURROGATE}"}}'),
        ("/chat/stream", f'{{"message": "pass mark {SURROGATE}?"}}'),
        ("/search", f'{{"query": "labs {SURROGATE}"}}'),
        ("/search", f'{{"query": "labs", "level": "{SURROGATE}"}}'),
        ("/feedback", f'{{"conversation_id": "{SURROGATE}", "turn": 1, "rating": "up"}}'),
        ("/feedback", f'{{"conversation_id": "abc", "turn": 1, "rating": "up", "reason": "{SURROGATE}"}}'),
        ("/v1/chat/completions", f'{{"messages": [{{"role": "user", "content": "pass mark {SURROGATE}?"}}]}}'),
        ("/v1/chat/completions", f'{{"model": "{SURROGATE}", "messages": [{{"role": "user", "content": "labs?"}}]}}'),
        ("/v1/chat/completions",
         f'{{"messages": [{{"role": "user", "content": [{{"type": "text", "text": "{SURROGATE}"}}]}}]}}'),
    ],
)  # fmt: skip
def test_a_lone_surrogate_is_a_422_and_stores_nothing(client: TestClient, path: str, body: str) -> None:
    r = client.post(path, content=body, headers={"content-type": "application/json"})
    assert r.status_code == 422, r.text
    assert client.app.state.store.stats().questions == 0  # type: ignore[attr-defined]


@pytest.mark.parametrize("turn", [2**63, 2**64 + 1, -(2**63) - 1, 2**31])
def test_a_turn_past_the_store_s_integers_is_a_422(client: TestClient, turn: int) -> None:
    started = client.post("/chat", json={"message": "What is the passing score?"}).json()
    r = client.post(
        "/feedback", json={"conversation_id": started["conversation_id"], "turn": turn, "rating": "up"}
    )
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "turn"]


def test_the_schema_states_the_limits(client: TestClient, settings: Settings) -> None:
    schema = client.get("/openapi.json").json()
    chat = schema["components"]["schemas"]["ChatRequest"]["properties"]
    assert chat["message"]["maxLength"] == settings.max_message_chars and chat["message"]["minLength"] == 1
    feedback = schema["components"]["schemas"]["FeedbackRequest"]["properties"]
    assert feedback["turn"]["maximum"] == 2**31 - 1
    responses = schema["paths"]["/chat"]["post"]["responses"]
    assert {"400", "404", "409", "413", "422", "429", "503"} <= set(responses)
    assert "RateLimit-Remaining" in responses["429"]["headers"]


def test_the_page_sends_security_headers(client: TestClient) -> None:
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert "unsafe-inline" not in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"


def test_a_full_disk_is_a_503_with_retry_after(settings: Settings, holder: IndexHolder) -> None:
    """SQLite's SQLITE_FULL, as a full disk gives it: the page count is capped at what the file holds."""
    import sqlalchemy as sa

    with TestClient(create_app(settings, holder=holder), raise_server_exceptions=False) as client:
        assert client.post("/chat", json={"message": "What is the passing score?"}).status_code == 200
        store = client.app.state.store  # type: ignore[attr-defined]

        @sa.event.listens_for(store.engine, "connect")
        def full(connection: object, _: object) -> None:
            pages = connection.execute("PRAGMA page_count").fetchone()[0]  # type: ignore[attr-defined]
            connection.execute(f"PRAGMA max_page_count = {pages}")  # type: ignore[attr-defined]

        store.engine.dispose()  # new connections, each with the cap
        r = client.post("/chat", json={"message": "x " * 900 + "what are the labs?"})
        assert r.status_code == 503 and r.headers["retry-after"] == "30"
        assert r.json() == {"detail": "the conversation store is unavailable; try again later"}
