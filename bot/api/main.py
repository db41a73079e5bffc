"""The FastAPI app: one factory, the model and index loaded once in the lifespan."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from bot.api.middleware import BodyLimitMiddleware, RateLimitMiddleware, RequestLogMiddleware
from bot.api.routes import admin, chat, conversations, health, openai, search, web
from bot.config import Settings
from bot.conversations import Conversations
from bot.runtime import IndexHolder
from bot.store import ConversationStore, open_store
from index.artifact import IndexUnavailable

log = logging.getLogger(__name__)
RETENTION_SWEEP_SECONDS = 3600


def _load_in_background(holder: IndexHolder) -> None:
    """Load the index without holding up start-up: /healthz answers at once, /readyz once loaded."""
    try:
        holder.load()
    except IndexUnavailable as exc:
        holder.last_error = str(exc)
        log.error("no index in service yet: %s (waiting for one to be published)", exc)
    except Exception as exc:
        holder.last_error = f"index failed to load: {exc}"
        log.exception("index failed to load")


async def _sweep_retention(store: ConversationStore, days: int) -> None:
    while True:
        try:
            removed = await asyncio.to_thread(store.purge_expired, days)
            if removed:
                log.info("retention: removed %d conversations older than %d days", removed, days)
        except Exception:
            log.exception("retention sweep")
        await asyncio.sleep(RETENTION_SWEEP_SECONDS)


def create_app(settings: Settings | None = None, holder: IndexHolder | None = None) -> FastAPI:
    """Build the app; tests pass their own settings (and a pre-loaded index to share the model)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = open_store(settings.database_path, settings.database_url)
        index = holder or IndexHolder(settings)
        app.state.settings = settings
        app.state.store = store
        app.state.holder = index
        app.state.conversations = Conversations(index, store)
        loading = asyncio.create_task(asyncio.to_thread(_load_in_background, index))
        sweeper = asyncio.create_task(_sweep_retention(store, settings.retention_days))
        index.start_watching()
        try:
            yield
        finally:
            sweeper.cancel()
            await asyncio.gather(loading, return_exceptions=True)
            index.stop()
            store.close()

    app = FastAPI(
        title="Certified MLOps Manager tutor",
        description="Answers from the curriculum, each sentence cited.",
        version="0.1.0",
        lifespan=lifespan,
    )
    for router in (
        health.router,
        chat.router,
        openai.router,
        search.router,
        conversations.router,
        admin.router,
        web.router,
    ):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=web.STATIC), name="static")
    if settings.slack_http_enabled:
        from bot.slack.http import mount_slack  # slack-bolt is only imported when Slack is on

        mount_slack(app, settings)
    _add_error_handlers(app)
    # Outermost last: the request id and log line cover everything, including refusals.
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
            expose_headers=["X-Request-ID"],
        )
    app.add_middleware(RateLimitMiddleware, per_minute=settings.rate_limit_per_minute)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(RequestLogMiddleware)
    return app


def _add_error_handlers(app: FastAPI) -> None:
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
