"""The MCP server on the HTTP app: streamable HTTP at /mcp, stateless (any replica answers any request),
with JSON responses; behind the app's own body limit, rate limit and request log, like every route."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from mcp.server.mcpserver import MCPServer

from bot.config import Settings
from bot.mcp.server import Fronts, build_server


def mount_mcp(app: FastAPI, settings: Settings) -> MCPServer:
    """Add /mcp to the app; the tools reach the front doors the app's lifespan puts in its state."""
    fronts = Fronts(lambda: app.state.conversations, lambda: app.state.practice)
    server = build_server(fronts, settings.corpus_dir, settings.public_url)
    # The SDK guards a loopback server against DNS rebinding (the Host and Origin it accepts) by `host`.
    http = server.streamable_http_app(
        streamable_http_path="/mcp", stateless_http=True, json_response=True, host=settings.host
    )
    app.router.routes.extend(http.routes)
    return server


@asynccontextmanager
async def serving_mcp(server: MCPServer) -> AsyncIterator[None]:
    """The MCP session manager's task group, for as long as the app runs."""
    async with server.session_manager.run():
        yield
