"""How `tutor serve` runs the app under uvicorn: its worker processes, which proxies it believes, and its
limits on clients.

uvicorn believes X-Forwarded-For from 127.0.0.1 by default, so any local client could pick its own
address (and rate-limit bucket); here only TUTOR_TRUSTED_PROXIES are believed, none by default.
Slow clients meet uvicorn's own limits (connections, keep-alive, header size) and one it lacks: a
deadline for a request's headers. Bodies have theirs in BodyLimitMiddleware.

With more than one worker (TUTOR_WORKERS, `--workers`) uvicorn's supervisor starts that many processes
on one listening socket, each with its own index holder (so each swaps in a newly published build by
itself) and its own connections to the store; SQLite's or PostgreSQL's locking orders their writes.
This module is imported by every worker: the app itself is imported only where it is built.
"""

from __future__ import annotations

import asyncio
import atexit
import errno
import logging
import queue
import socket
from logging.handlers import QueueHandler, QueueListener
from typing import TYPE_CHECKING, Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.supervisors import Multiprocess

from bot.config import Settings
from bot.logs import configure_logging

if TYPE_CHECKING:
    from fastapi import FastAPI

log = logging.getLogger(__name__)

MAX_HEADER_BYTES = 16 * 1024  # h11's limit on a request's head; uvicorn's default is 16 KiB too


class ServerConfig(uvicorn.Config):
    """uvicorn's configuration, with the deadline for a request's headers that HeaderDeadline enforces."""

    def __init__(self, app: Any, *, header_timeout: float, **options: Any) -> None:
        super().__init__(app, **options)
        self.header_timeout = header_timeout


class HeaderDeadline(H11Protocol):
    """uvicorn's h11 protocol, closing a connection whose request headers are not complete in time.

    uvicorn's keep-alive timer is cancelled by any byte received, so a client sending a header a byte at a
    time held its connection for ever. The deadline starts when the connection opens and again after each
    response; it closes the connection unless a new request has begun meanwhile.
    """

    def __init__(self, config: uvicorn.Config, *args: Any, **kwargs: Any) -> None:
        super().__init__(config, *args, **kwargs)
        self.header_timeout: float = getattr(config, "header_timeout", 10.0)

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


def server_config(app: FastAPI | str, settings: Settings, **options: Any) -> ServerConfig:
    """uvicorn's configuration for the app (or the import string of its factory, for workers): trusted
    proxies, connection limits, timeouts."""
    return ServerConfig(
        app,
        header_timeout=settings.http_header_timeout_seconds,
        host=settings.host,
        port=settings.port,
        http=HeaderDeadline,
        proxy_headers=bool(settings.trusted_proxies),
        forwarded_allow_ips=settings.trusted_proxies or None,
        limit_concurrency=settings.http_max_connections,
        timeout_keep_alive=settings.http_keep_alive_seconds,
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
        timeout_graceful_shutdown=10,
        log_config=None,
        access_log=False,
        **options,
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


class InProcessQueueHandler(QueueHandler):
    """A queue handler for a listener in this process: the record is queued whole (its `extra` fields and
    exception intact, for the formatter the listener's handlers have), its message merged now."""

    def prepare(self, record: logging.LogRecord) -> logging.LogRecord:
        record.msg, record.args = record.getMessage(), None
        return record


def log_off_thread() -> QueueListener:
    """Format and write log lines (one per request: the access log) in a thread of their own, so that a
    request's thread and the event loop only queue a record. The lines are flushed at exit."""
    root = logging.getLogger()
    records: queue.SimpleQueue[logging.LogRecord] = queue.SimpleQueue()
    listener = QueueListener(records, *root.handlers, respect_handler_level=True)
    root.handlers[:] = [InProcessQueueHandler(records)]
    listener.start()
    atexit.register(listener.stop)
    return listener


def worker_app() -> FastAPI:
    """The app of one worker process, from the environment (as `tutor serve` read it).

    The index is loaded before the worker accepts a connection, so the shared socket never hands a
    request to a worker that would answer 503; with no usable index the worker serves anyway, not
    ready, and its watcher swaps one in when it is published.
    """
    from bot.api.main import create_app
    from bot.runtime import IndexHolder
    from index.artifact import IndexUnavailable

    settings = Settings()
    configure_logging(settings.log_level, settings.log_format)
    log_off_thread()
    holder = IndexHolder(settings)
    try:
        holder.load()
    except IndexUnavailable as exc:
        log.warning("worker starting without an index: %s", exc)
    return create_app(settings, holder=holder)


def run(settings: Settings) -> None:
    """Serve the app as `tutor serve` does, until uvicorn is told to stop.

    StoreError, before anything is served, when the store cannot be opened; PortUnavailable when the
    address cannot be taken."""
    from bot.store import open_store

    open_store(settings.database_path, settings.database_url).close()
    if settings.workers == 1:
        from bot.api.main import create_app

        sock = listen(settings)
        log_off_thread()
        uvicorn.Server(server_config(create_app(settings), settings)).run(sockets=[sock])
        return
    if settings.rate_limit_storage.startswith("memory://"):
        log.warning(
            "%d workers each keep their own rate-limit counts (TUTOR_RATE_LIMIT_STORAGE=memory://): a client "
            "whose connections reach several workers gets up to %d times the limit; use redis:// to share them",
            settings.workers,
            settings.workers,
        )
    config = server_config(f"{__name__}:worker_app", settings, factory=True, workers=settings.workers)
    Multiprocess(config, sockets=[listen(settings)]).run()
