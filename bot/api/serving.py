"""How `tutor serve` runs the app under uvicorn: which proxies it believes, and its limits on clients.

uvicorn believes X-Forwarded-For from 127.0.0.1 by default, so any local client could pick its own
address (and rate-limit bucket); here only TUTOR_TRUSTED_PROXIES are believed, none by default.
Slow clients meet uvicorn's own limits (connections, keep-alive, header size) and one it lacks: a
deadline for a request's headers. Bodies have theirs in BodyLimitMiddleware.
"""

from __future__ import annotations

import asyncio
import errno
import socket

import uvicorn
from fastapi import FastAPI
from uvicorn.protocols.http.h11_impl import H11Protocol

from bot.api.main import create_app
from bot.config import Settings

MAX_HEADER_BYTES = 16 * 1024  # h11's limit on a request's head; uvicorn's default is 16 KiB too


class HeaderDeadline(H11Protocol):
    """uvicorn's h11 protocol, closing a connection whose request headers are not complete in time.

    uvicorn's keep-alive timer is cancelled by any byte received, so a client sending a header a byte at a
    time held its connection for ever. The deadline starts when the connection opens and again after each
    response; it closes the connection unless a new request has begun meanwhile.
    """

    header_timeout = 10.0  # set per server by server_config

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # type: ignore[arg-type]
        self._arm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm()

    def _arm(self) -> None:
        cycle = self.cycle
        self.loop.call_later(self.header_timeout, self._expire, cycle)

    def _expire(self, cycle: object) -> None:
        if self.cycle is cycle and not self.transport.is_closing():
            self.transport.close()


def server_config(app: FastAPI, settings: Settings) -> uvicorn.Config:
    """uvicorn's configuration for the app: trusted proxies, connection limits, timeouts."""
    protocol = type(
        "HeaderDeadline", (HeaderDeadline,), {"header_timeout": settings.http_header_timeout_seconds}
    )
    return uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        http=protocol,
        proxy_headers=bool(settings.trusted_proxies),
        forwarded_allow_ips=settings.trusted_proxies or None,
        limit_concurrency=settings.http_max_connections,
        timeout_keep_alive=settings.http_keep_alive_seconds,
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
        timeout_graceful_shutdown=10,
        log_config=None,
        access_log=False,
    )


class PortUnavailable(Exception):
    """The address to serve on cannot be taken: the message names it and the settings that choose it."""


def listen(settings: Settings) -> socket.socket:
    """The server's listening socket, bound before the app starts so that a taken port fails at once."""
    family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
    try:
        return socket.create_server((settings.host, settings.port), family=family, backlog=2048)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise PortUnavailable(
                f"port {settings.port} is already in use on {settings.host}: "
                "choose another with --port or TUTOR_PORT"
            ) from exc
        raise PortUnavailable(
            f"cannot listen on {settings.host} port {settings.port} ({exc.strerror}): "
            "choose another with --host/--port or TUTOR_HOST/TUTOR_PORT"
        ) from exc


def run(settings: Settings) -> None:
    """Serve the app as `tutor serve` does, until uvicorn is told to stop."""
    sock = listen(settings)
    uvicorn.Server(server_config(create_app(settings), settings)).run(sockets=[sock])
