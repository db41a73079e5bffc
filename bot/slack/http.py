"""Slack over HTTP: POST /slack/events on the FastAPI app, verified by bolt's signature check."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.concurrency import run_in_threadpool
from slack_bolt import App
from slack_bolt.adapter.fastapi import SlackRequestHandler
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response

from bot.config import Settings
from bot.slack.app import create_slack_app

log = logging.getLogger(__name__)
EVENTS_PATH = "/slack/events"


class ThreadedSlackRequestHandler(SlackRequestHandler):
    """bolt's FastAPI handler, dispatching in a worker thread.

    `App.dispatch` is synchronous: it checks the signature, may call auth.test (and sleep through a rate
    limit), claims the event in the store and waits for `ack()`. On the event loop that would stall every
    other request of the server, so it runs in the thread pool; the answering itself happens later still,
    in bolt's own listener threads.
    """

    async def handle(
        self, req: Request, addition_context_properties: dict[str, Any] | None = None
    ) -> Response:
        if req.method != "POST":
            return Response(status_code=404, content="Not found")
        body = await req.body()
        bolt_request = to_bolt_request(req, body, addition_context_properties)
        bolt_response = await run_in_threadpool(self.app.dispatch, bolt_request)
        response: Response = to_starlette_response(bolt_response)
        return response


def mount_slack(app: FastAPI, settings: Settings) -> None:
    """Add POST /slack/events (events, /tutor, buttons and modals) to the app.

    The front door and the store are opened in the app's lifespan, after this runs, so the bolt app reaches
    them through `app.state` when a request arrives.
    """
    bolt_app = create_slack_app(settings, app.state)
    handler = ThreadedSlackRequestHandler(bolt_app)
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
