"""The FastAPI app: one factory, the model and index loaded once in the lifespan."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from bot.api.middleware import (
    BodyLimitMiddleware,
    RateLimitMiddleware,
    RequestLogMiddleware,
    SecurityHeadersMiddleware,
)
from bot.api.openapi import document
from bot.api.ratelimit import RateLimits
from bot.api.routes import (
    admin,
    chat,
    conversations,
    docs,
    gaps,
    health,
    metrics,
    openai,
    practice,
    search,
    web,
)
from bot.config import Settings
from bot.gaps import GapFinder
from bot.mcp.http import mount_mcp
from bot.metrics.exposition import metrics_port, metrics_registry
from bot.runtime import IndexHolder, started
from bot.store import StoreUnavailable

log = logging.getLogger(__name__)
STORE_RETRY_SECONDS = 30
RATE_LIMIT_HEADERS = ["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy"]


def create_app(settings: Settings | None = None, holder: IndexHolder | None = None) -> FastAPI:
    """Build the app; tests pass their own settings (and a pre-loaded index to share the model)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with started(settings, holder, wait_for_index=False) as runtime:
            app.state.settings = settings
            app.state.answer_slots = anyio.CapacityLimiter(settings.answer_threads)
            app.state.store = runtime.store
            app.state.holder = runtime.holder
            app.state.conversations = runtime.conversations
            app.state.practice = runtime.practice
            app.state.gaps = GapFinder(runtime.store, runtime.holder, runtime.holder.config.tuning.gaps)
            app.state.metrics = metrics_registry(runtime.holder)
            with metrics_port(app.state.metrics, settings.metrics_host, settings.metrics_port) as port:
                app.state.metrics_port = port  # TUTOR_METRICS_PORT, when set: the port it got
                async with mcp.serving():
                    yield

    app = FastAPI(
        title="Certified MLOps Manager tutor",
        description="Answers from the curriculum, each sentence cited.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # served offline by bot.api.routes.docs
        redoc_url=None,
    )
    for router in (
        health.router,
        chat.router,
        openai.router,
        search.router,
        conversations.router,
        admin.router,
        gaps.router,
        practice.router,
        web.router,
        metrics.router,
        docs.router,
    ):
        app.include_router(router)
    mcp = mount_mcp(app, settings)  # /mcp: the MCP server over streamable HTTP, built on first use
    app.mount("/static", StaticFiles(directory=web.STATIC), name="static")
    app.mount(docs.ASSETS_URL, docs.assets(), name="static-docs")
    if settings.slack_http_enabled:
        from bot.slack.http import mount_slack  # slack-bolt is only imported when Slack is on

        mount_slack(app, settings)
    _add_error_handlers(app)
    document(app, settings)
    # Outermost last: the request id and log line cover everything, including refusals.
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
            allow_credentials=True,  # the conversation cookie; the origins are a list, never "*"
            expose_headers=["X-Request-ID", "Retry-After", *RATE_LIMIT_HEADERS],
        )
    limits = RateLimits(
        settings.rate_limit_storage, settings.rate_limit_per_minute, settings.slack_rate_limit_per_minute
    )
    app.add_middleware(RateLimitMiddleware, limits=limits)
    app.add_middleware(
        BodyLimitMiddleware, max_bytes=settings.max_body_bytes, timeout=settings.http_body_timeout_seconds
    )
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(RequestLogMiddleware)
    return app


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StoreUnavailable)
    async def store_unavailable(request: Request, exc: StoreUnavailable) -> JSONResponse:
        # A full disk or an unreachable database: the details are in the log, the client may retry.
        log.error(
            "store unavailable: %s",
            exc,
            extra={"request_id": request.scope.get("state", {}).get("request_id")},
        )
        return JSONResponse(
            {"detail": "the conversation store is unavailable; try again later"},
            status_code=503,
            headers={"Retry-After": str(STORE_RETRY_SECONDS)},
        )

    @app.exception_handler(RequestValidationError)
    async def validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            return JSONResponse({"detail": "malformed JSON in the request body"}, status_code=400)
        # Field errors, without echoing the (possibly large) input back.
        fields = [
            {"loc": list(e["loc"]), "msg": str(e["msg"]).removeprefix("Value error, "), "type": e["type"]}
            for e in errors
        ]
        return JSONResponse({"detail": fields}, status_code=422)
