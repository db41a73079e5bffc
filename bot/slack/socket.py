"""Slack over Socket Mode: no public URL needed; `tutor slack` runs this instead of the HTTP server."""

from __future__ import annotations

import logging
import threading

from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk import WebClient

from bot.config import Settings
from bot.metrics.exposition import metrics_port, metrics_registry
from bot.runtime import IndexHolder, started
from bot.slack.app import create_slack_app
from bot.slack.host import SlackHost

log = logging.getLogger(__name__)


class SlackNotConfigured(ValueError):
    """Socket Mode needs the bot token and the app-level token."""


def socket_mode_handler(
    settings: Settings, host: SlackHost, client: WebClient | None = None
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
    app = create_slack_app(settings, host, client)
    return SocketModeHandler(app, app_token=settings.slack_app_token.get_secret_value(), logger=log)


def run_socket_mode(
    settings: Settings, holder: IndexHolder | None = None, stop: threading.Event | None = None
) -> None:
    """Connect to Slack over Socket Mode and answer until `stop` is set (or Ctrl-C).

    The index is loaded before connecting (IndexUnavailable if there is none): a Socket Mode bot
    has no readiness probe, so it connects only once it can answer. With TUTOR_METRICS_PORT, its metrics
    are served on that port meanwhile (it has no HTTP app for /metrics).
    """
    stop = stop or threading.Event()
    with (
        started(settings, holder, wait_for_index=True) as runtime,
        metrics_port(metrics_registry(runtime.holder), settings.metrics_host, settings.metrics_port),
    ):
        handler = socket_mode_handler(settings, runtime)
        handler.connect()  # type: ignore[no-untyped-call]
        log.info("connected to Slack in Socket Mode")
        try:
            stop.wait()
        except KeyboardInterrupt:
            log.info("stopping")
        finally:
            handler.close()  # type: ignore[no-untyped-call]
            # Let answers in flight finish before the store closes under them.
            handler.app.listener_runner.listener_executor.shutdown(wait=True)
            log.info("disconnected from Slack")
