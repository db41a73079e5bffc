"""The MCP server on the HTTP app: streamable HTTP at /mcp, stateless (any replica answers any request),
with JSON responses; behind the app's own body limit, rate limit and request log, like every route."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

from fastapi import FastAPI
from mcp.server.mcpserver import MCPServer
from mcp.server.transport_security import TransportSecuritySettings

from bot.config import Settings
from bot.mcp.server import Fronts, build_server

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def mount_mcp(app: FastAPI, settings: Settings) -> MCPServer:
    """Add /mcp to the app; the tools reach the front doors the app's lifespan puts in its state."""
    fronts = Fronts(lambda: app.state.conversations, lambda: app.state.practice)
    server = build_server(fronts, settings.corpus_dir, settings.public_url)
    http = server.streamable_http_app(
        streamable_http_path="/mcp",
        stateless_http=True,
        json_response=True,
        transport_security=rebinding_guard(settings),
    )
    app.router.routes.extend(http.routes)
    return server


def rebinding_guard(settings: Settings) -> TransportSecuritySettings | None:
    """The Host and Origin headers /mcp accepts. A server bound to loopback is guarded against DNS
    rebinding, as the SDK does by default, but also accepts its public address (TUTOR_PUBLIC_URL): a
    reverse proxy in front of it passes that Host on. Bound to another address, no guard (as the SDK)."""
    if settings.host not in LOOPBACK:
        return None
    hosts = [f"{name}:*" for name in ("127.0.0.1", "localhost", "[::1]")]
    origins = [f"http://{name}:*" for name in ("127.0.0.1", "localhost", "[::1]")]
    if settings.public_url:
        public = urlsplit(settings.public_url)
        hosts.append(public.netloc)
        origins.append(f"{public.scheme}://{public.netloc}")
    return TransportSecuritySettings(allowed_hosts=hosts, allowed_origins=origins)


@asynccontextmanager
async def serving_mcp(server: MCPServer) -> AsyncIterator[None]:
    """The MCP session manager's task group, for as long as the app runs."""
    async with server.session_manager.run():
        yield
