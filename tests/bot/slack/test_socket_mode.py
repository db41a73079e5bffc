"""Socket Mode: the same bolt app on Slack's built-in Socket Mode client, against a fake Socket Mode server."""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.config import Settings
from bot.metrics.record import RECORDER
from bot.runtime import IndexHolder, started
from bot.slack.socket import SlackNotConfigured, run_socket_mode, socket_mode_handler
from tests.bot.slack.conftest import APP_TOKEN, CHANNEL, LEARNER, block_text
from tests.bot.slack.fake_slack import BOT_USER, TEAM, FakeSlack
from tests.bot.slack.fake_socket_mode import events_api_envelope, running_socket_mode

PASSING = "What is the passing score for the exams?"


def mention_body(event_id: str, ts: str) -> dict[str, Any]:
    return {
        "token": "legacy", "team_id": TEAM, "api_app_id": "A0TUTOR", "type": "event_callback",
        "event_id": event_id, "event_time": int(time.time()),
        "event": {"type": "app_mention", "user": LEARNER, "text": f"<@{BOT_USER}> {PASSING}", "ts": ts,
                  "channel": CHANNEL, "event_ts": ts},
    }  # fmt: skip


def test_socket_mode_handler_acks_and_answers(
    slack_settings: Settings, holder: IndexHolder, fake_slack: FakeSlack
) -> None:
    envelope = events_api_envelope("env-1", mention_body("EvSocket1", "1600000000.000100"))
    with running_socket_mode([envelope]) as socket_server, started(slack_settings, holder) as runtime:
        fake_slack.socket_url = socket_server.url
        handler = socket_mode_handler(slack_settings, runtime)
        handler.connect()  # type: ignore[no-untyped-call]
        try:
            assert socket_server.wait_for_ack("env-1") == {"envelope_id": "env-1"}
            [post] = fake_slack.wait_for("chat.postMessage")
        finally:
            handler.close()  # type: ignore[no-untyped-call]
            handler.app.listener_runner.listener_executor.shutdown(wait=True)
    [opened] = fake_slack.calls_to("apps.connections.open")
    assert opened.token == APP_TOKEN  # the app-level token opens the socket; the bot token posts
    assert post.token == "xoxb-test-token"
    assert (post["channel"], post["thread_ts"]) == (CHANNEL, "1600000000.000100")
    assert "70%" in block_text(post["blocks"])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def app_mentions(url: str) -> float:
    """tutor_slack_events_total{type="app_mention"}, read from a metrics port with Prometheus's parser."""
    families = text_string_to_metric_families(httpx.get(url).text)
    found = [s.value for f in families for s in f.samples if s.labels.get("type") == "app_mention"]
    return found[0] if found else 0.0


def test_run_socket_mode_answers_once_and_stops(
    slack_settings: Settings, holder: IndexHolder, fake_slack: FakeSlack
) -> None:
    """…and serves its metrics on TUTOR_METRICS_PORT while it runs."""
    body = mention_body("EvSocket2", "1600000000.000200")
    envelopes = [events_api_envelope("env-a", body), events_api_envelope("env-b", body, retry_attempt=1)]
    stop = threading.Event()
    port = free_port()
    settings = slack_settings.model_copy(update={"metrics_port": port})
    metrics = f"http://127.0.0.1:{port}/metrics"
    before = RECORDER.counters().get(("slack_events", "app_mention"), 0.0)  # the process's, so far
    with running_socket_mode(envelopes) as socket_server:
        fake_slack.socket_url = socket_server.url
        runner = threading.Thread(target=run_socket_mode, args=(settings, holder, stop), daemon=True)
        runner.start()
        try:
            socket_server.wait_for_ack("env-a")
            socket_server.wait_for_ack("env-b")  # the retry is acknowledged too…
            fake_slack.wait_for("reactions.remove")
            mentions = app_mentions(metrics)
        finally:
            stop.set()
            runner.join(timeout=10)
    assert not runner.is_alive()
    assert len(fake_slack.calls_to("chat.postMessage")) == 1  # …but answered once
    assert mentions - before == 2  # both deliveries were counted as they came
    with pytest.raises(httpx.ConnectError):
        httpx.get(metrics)  # the port closes with the bot


def test_socket_mode_needs_the_app_token(slack_settings: Settings) -> None:
    settings = slack_settings.model_copy(update={"slack_app_token": None})
    with pytest.raises(SlackNotConfigured, match="SLACK_APP_TOKEN"):
        socket_mode_handler(settings, None)  # type: ignore[arg-type]
