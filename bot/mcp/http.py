"""The MCP server on the HTTP app: streamable HTTP at /mcp, stateless (any replica answers any request),
with JSON responses; behind the app's own body limit, rate limit and request log, like every route.

The server is built on the first /mcp request, not at start-up: importing the MCP SDK costs about 0.4 s
and 27 MiB in every serving process (bench/README.md), which a process that no MCP client talks to need
not pay. That first request waits for it instead.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import anyio
from anyio.abc import TaskGroup, TaskStatus
from fastapi import FastAPI
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from bot.config import Settings

if TYPE_CHECKING:
    from mcp.server.mcpserver import MCPServer
    from mcp.server.transport_security import TransportSecuritySettings

LOOPBACK = ("127.0.0.1", "localhost", "::1")
PATH = "/mcp"


class LazyMCP:
    """The ASGI app of /mcp: builds the MCP server on its first request and starts the server's session
    manager in the task group the app's lifespan keeps (`serving`)."""

    def __init__(self, build: Callable[[], tuple[MCPServer, ASGIApp]]) -> None:
        self._build = build
        self._handler: ASGIApp | None = None
        self._lock = anyio.Lock()
        self._tasks: TaskGroup | None = None

    @asynccontextmanager
    async def serving(self) -> AsyncIterator[None]:
        """For the app's lifespan: the session manager, once started, runs until the app stops."""
        async with anyio.create_task_group() as tasks:
            self._tasks = tasks
            try:
                yield
            finally:
                self._tasks = None
                tasks.cancel_scope.cancel()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        handler = self._handler or await self._start()
        await handler(scope, receive, send)

    async def _start(self) -> ASGIApp:
        async with self._lock:
            if self._handler is None:
                if self._tasks is None:
                    raise RuntimeError("/mcp is served only while the app's lifespan runs")
                # The SDK's import is seconds of CPU-bound work: in a thread, not on the event loop.
                server, handler = await anyio.to_thread.run_sync(self._build)
                await self._tasks.start(_run_sessions, server)
                self._handler = handler
            return self._handler


async def _run_sessions(server: MCPServer, *, task_status: TaskStatus[None]) -> None:
    async with server.session_manager.run():
        task_status.started()
        await anyio.sleep_forever()


def mount_mcp(app: FastAPI, settings: Settings) -> LazyMCP:
    """Add /mcp to the app; the tools reach the front doors the app's lifespan puts in its state."""

    def build() -> tuple[MCPServer, ASGIApp]:
        from bot.mcp.server import Fronts, build_server

        fronts = Fronts(lambda: app.state.conversations, lambda: app.state.practice)
        server = build_server(fronts, settings.corpus_dir, settings.public_url)
        http = server.streamable_http_app(
            streamable_http_path=PATH,
            stateless_http=True,
            json_response=True,
            transport_security=rebinding_guard(settings),
        )
        return server, http.router

    lazy = LazyMCP(build)
    app.router.routes.append(Route(PATH, endpoint=lazy))
    return lazy


def rebinding_guard(settings: Settings) -> TransportSecuritySettings | None:
    """The Host and Origin headers /mcp accepts. A server bound to loopback is guarded against DNS
    rebinding, as the SDK does by default, but also accepts its public address (TUTOR_PUBLIC_URL): a
    reverse proxy in front of it passes that Host on. Bound to another address, no guard (as the SDK)."""
    from mcp.server.transport_security import TransportSecuritySettings

    if settings.host not in LOOPBACK:
        return None
    hosts = [f"{name}:*" for name in ("127.0.0.1", "localhost", "[::1]")]
    origins = [f"http://{name}:*" for name in ("127.0.0.1", "localhost", "[::1]")]
    if settings.public_url:
        public = urlsplit(settings.public_url)
        hosts.append(public.netloc)
        origins.append(f"{public.scheme}://{public.netloc}")
    return TransportSecuritySettings(allowed_hosts=hosts, allowed_origins=origins)
