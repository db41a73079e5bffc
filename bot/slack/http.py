"""Slack over HTTP: POST /slack/events on the FastAPI app, verified by bolt's signature check."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
from fastapi import FastAPI, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.adapter.fastapi import SlackRequestHandler
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_sdk.signature import SignatureVerifier

from bot.config import Settings
from bot.slack.app import create_slack_app
from bot.slack.gate import replay_key, shape, verify
from bot.slack.host import SlackHost

log = logging.getLogger(__name__)
EVENTS_PATH = "/slack/events"


class ThreadedSlackRequestHandler(SlackRequestHandler):
    """bolt's FastAPI handler behind the gate (bot/slack/gate.py), dispatching in Slack's own threads.

    `App.dispatch` is synchronous (it claims the event in the store and acknowledges it), so it runs in a
    worker thread, but under a limiter of its own: Slack traffic never takes the threads that /chat needs.
    """

    def __init__(self, app: App, host: SlackHost, signing_secret: str, workers: int) -> None:
        super().__init__(app)
        self.host = host
        self.verifier = SignatureVerifier(signing_secret)
        self.limiter = anyio.CapacityLimiter(workers)

    async def handle(
        self, req: Request, addition_context_properties: dict[str, Any] | None = None
    ) -> Response:
        if req.method != "POST":
            return Response(status_code=404, content="Not found")
        body = await req.body()
        headers = {name.lower(): value for name, value in req.headers.items()}
        refusal = verify(self.verifier, headers, body) or shape(headers.get("content-type", ""), body)
        if refusal is not None:
            return JSONResponse({"error": refusal.reason}, status_code=refusal.status)
        bolt_request = to_bolt_request(req, body, addition_context_properties)
        bolt_response = await anyio.to_thread.run_sync(
            self.dispatch, bolt_request, replay_key(headers), limiter=self.limiter
        )
        response: Response = to_starlette_response(bolt_response)
        return response

    def dispatch(self, request: BoltRequest, key: str) -> BoltResponse:
        """Drop a replayed request; hand the rest to bolt. An event is acknowledged with 200 whatever
        happens after, or Slack would deliver it again (and again)."""
        try:
            first = self.host.store.claim_event(key)
        except Exception:  # a broken store must not silence the bot; a rare double answer is better
            log.exception("could not claim a Slack request; handling it anyway")
            first = True
        if not first:
            log.warning("a signed Slack request was replayed; dropped it")
            return BoltResponse(status=200, body="")
        response = self.app.dispatch(request)
        if response.status >= 500 and request.body.get("type") == "event_callback":
            log.error("Slack event failed with %d; acknowledged anyway", response.status)
            return BoltResponse(status=200, body="")
        return response


def mount_slack(app: FastAPI, settings: Settings) -> None:
    """Add POST /slack/events (events, /tutor, buttons and modals) to the app.

    The front door and the store are opened in the app's lifespan, after this runs, so the bolt app reaches
    them through `app.state` when a request arrives.
    """
    bolt_app = create_slack_app(settings, app.state)
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    handler = ThreadedSlackRequestHandler(bolt_app, app.state, secret, settings.slack_workers)
    app.state.slack_app = bolt_app  # lets tests (and operators) reach the bolt app
    _drain_on_shutdown(app, bolt_app)

    @app.post(EVENTS_PATH, include_in_schema=False)
    async def slack_events(request: Request) -> Response:
        """Everything Slack sends over HTTP: Events API, slash commands and interactivity."""
        return await handler.handle(request)

    log.info("Slack endpoint at %s", EVENTS_PATH)


def _drain_on_shutdown(app: FastAPI, bolt_app: App) -> None:
    """Wrap the app's lifespan so answers still being written finish before the store is closed."""
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(fastapi_app: FastAPI) -> AsyncIterator[Any]:
        async with inner(fastapi_app) as state:
            try:
                yield state
            finally:
                await run_in_threadpool(bolt_app.listener_runner.listener_executor.shutdown, True)

    app.router.lifespan_context = lifespan
