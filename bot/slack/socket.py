"""Slack over Socket Mode: no public URL needed; `tutor slack` runs this instead of the HTTP server."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk import WebClient

from bot.config import Settings
from bot.conversations import Conversations
from bot.runtime import IndexHolder
from bot.slack.app import create_slack_app
from bot.slack.handlers import ConversationsGetter
from bot.store import open_store

log = logging.getLogger(__name__)
RETENTION_SWEEP_SECONDS = 3600.0


class SlackNotConfigured(ValueError):
    """Socket Mode needs the bot token and the app-level token."""


@contextmanager
def open_tutor(settings: Settings, holder: IndexHolder | None = None) -> Iterator[Conversations]:
    """The index, the store and the Conversations for a process without the HTTP app, closed on exit.

    Like the FastAPI lifespan, but the index is loaded before returning (IndexUnavailable if there is
    none): a Socket Mode bot has no readiness probe, so it connects only once it can answer.
    """
    store = open_store(settings.database_path, settings.database_url)
    index = holder or IndexHolder(settings)
    try:
        index.load()
        index.start_watching()  # `tutor ingest` elsewhere goes live here too
        yield Conversations(index, store)
    finally:
        index.stop()
        store.close()


def socket_mode_handler(
    settings: Settings, tutor_getter: ConversationsGetter, client: WebClient | None = None
) -> SocketModeHandler:
    """The bolt app on Slack's built-in Socket Mode client, authenticated with SLACK_APP_TOKEN."""
    missing = [
        name
        for name, value in (
            ("SLACK_BOT_TOKEN", settings.slack_bot_token),
            ("SLACK_APP_TOKEN", settings.slack_app_token),
        )
        if value is None
    ]
    if missing or settings.slack_app_token is None:
        raise SlackNotConfigured(f"Socket Mode needs {' and '.join(missing)}")
    app = create_slack_app(settings, tutor_getter, client)
    return SocketModeHandler(app, app_token=settings.slack_app_token.get_secret_value(), logger=log)


def run_socket_mode(
    settings: Settings, holder: IndexHolder | None = None, stop: threading.Event | None = None
) -> None:
    """Connect to Slack over Socket Mode and answer until `stop` is set (or Ctrl-C).

    Also sweeps expired conversations hourly, as the HTTP server's lifespan does.
    """
    stop = stop or threading.Event()
    with open_tutor(settings, holder) as conversations:
        handler = socket_mode_handler(settings, lambda: conversations)
        handler.connect()  # type: ignore[no-untyped-call]
        log.info("connected to Slack in Socket Mode")
        try:
            while True:
                _sweep(conversations, settings.retention_days)
                if stop.wait(RETENTION_SWEEP_SECONDS):
                    break
        except KeyboardInterrupt:
            log.info("stopping")
        finally:
            handler.close()  # type: ignore[no-untyped-call]
            # Let answers in flight finish before the store closes under them.
            handler.app.listener_runner.listener_executor.shutdown(wait=True)
            log.info("disconnected from Slack")


def _sweep(conversations: Conversations, retention_days: int) -> None:
    try:
        removed = conversations.store.purge_expired(retention_days)
        if removed:
            log.info("retention: removed %d conversations older than %d days", removed, retention_days)
    except Exception:  # a failed sweep must not disconnect the bot
        log.exception("retention sweep")
