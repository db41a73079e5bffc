"""ASGI middleware: body-size limit, per-client rate limit, request ids with structured access logs."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from limits import RateLimitItem

from bot.api.ratelimit import RateLimits, Verdict

log = logging.getLogger("bot.access")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


async def _reply(
    send: Send,
    status: int,
    detail: str,
    headers: dict[str, str] | None = None,
    extra: dict[str, str] | None = None,
) -> None:
    body = json.dumps({"detail": detail, **(extra or {})}).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


def adding(send: Send, headers: list[tuple[bytes, bytes]] | tuple[tuple[bytes, bytes], ...]) -> Send:
    """`send`, with `headers` added to the response's start."""

    async def send_with_headers(message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = [*message.get("headers", []), *headers]
        await send(message)

    return send_with_headers


class BodyLimitMiddleware:
    """Read the body before the app sees it: refuse one over the limit (413, by Content-Length or while
    reading) and one that does not arrive in time (408), so a slow or huge body never reaches a parser."""

    def __init__(self, app: ASGIApp, max_bytes: int, timeout: float) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await _reply(send, 413, f"request body over {self.max_bytes} bytes")
            return
        messages: list[Message] = []
        size = 0
        try:
            async with asyncio.timeout(self.timeout):
                while True:
                    message = await receive()
                    messages.append(message)
                    if message["type"] != "http.request":
                        break
                    size += len(message.get("body", b""))
                    if size > self.max_bytes:
                        await _reply(send, 413, f"request body over {self.max_bytes} bytes")
                        return
                    if not message.get("more_body", False):
                        break
        except TimeoutError:
            await _reply(
                send, 408, f"request body not received within {self.timeout:g} s", {"Connection": "close"}
            )
            return

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)


class RateLimitMiddleware:
    """Per-client limits (bot/api/ratelimit.py): RateLimit-* headers on every limited response, past the
    limit 429 with Retry-After. Routes whose cost shows only in the body charge the rest (`charge`)."""

    EXEMPT = ("/healthz", "/readyz", "/static/", "/static-docs/")

    def __init__(self, app: ASGIApp, limits: RateLimits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path == "/" or path.startswith(self.EXEMPT):
            await self.app(scope, receive, send)
            return
        # The socket's peer, or the address a trusted proxy forwarded (uvicorn, TUTOR_TRUSTED_PROXIES).
        client = (scope.get("client") or ("unknown", 0))[0]
        item = self.limits.slack if path.startswith("/slack/") else self.limits.api
        verdict = self.limits.take(item, client)
        if not verdict.allowed:
            await _reply(send, 429, "too many requests; slow down", verdict.headers())
            return
        scope.setdefault("state", {})["rate_limit"] = Charge(self.limits, item, client)
        headers = [(k.lower().encode(), v.encode()) for k, v in verdict.headers().items()]
        await self.app(scope, receive, adding(send, headers))


@dataclass(frozen=True)
class Charge:
    """What a route needs to charge a client more than the one request the middleware counted."""

    limits: RateLimits
    item: RateLimitItem
    client: str

    def extra(self, cost: int) -> Verdict | None:
        """Charge `cost` more; the refusal (a Verdict not allowed) when they do not fit, else None."""
        if cost <= 0:
            return None
        verdict = self.limits.take(self.item, self.client, cost)
        return None if verdict.allowed else verdict


class SecurityHeadersMiddleware:
    """Headers that keep the page from being framed, sniffed or leaking its URL, on every response.

    The CSP allows only the page's own files (no inline script or style: index.html has none), and the
    data: icon; a route may set its own (ReDoc's page adds inline styles, bot.api.routes.docs).
    `frame-ancestors 'none'` and X-Frame-Options forbid framing (clickjacking).
    """

    POLICY = (
        "default-src 'self'; script-src 'self'; style-src {style}; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
    HEADERS = (
        (b"content-security-policy", POLICY.format(style="'self'").encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"no-referrer"),
    )

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            # A route that set one of these itself (the ReDoc page's policy) keeps its own.
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                missing = [(name, value) for name, value in self.HEADERS if name not in present]
                message["headers"] = [*message.get("headers", []), *missing]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RequestLogMiddleware:
    """Give every request an id (X-Request-ID, echoed back) and log one structured line for it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status = 500  # until a response starts
        started_response = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, started_response
            if message["type"] == "http.response.start":
                status, started_response = message["status"], True
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            # Never a stack trace or an internal path to a client: the log has it, under the id.
            log.exception("unhandled error", extra={"request_id": request_id})
            if not started_response:
                await _reply(send_with_id, 500, "internal error", extra={"request_id": request_id})
        finally:
            log.info(
                "%s %s %s",
                scope.get("method"),
                scope.get("path"),
                status,
                extra={
                    "request_id": request_id,
                    "method": scope.get("method"),
                    "path": scope.get("path"),
                    "status": status,
                    "latency_ms": round((time.perf_counter() - started) * 1000, 2),
                    "client": (scope.get("client") or ("", 0))[0],
                },
            )
