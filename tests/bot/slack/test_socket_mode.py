"""Socket Mode: the same bolt app on Slack's built-in Socket Mode client, against a fake Socket Mode server."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from bot.config import Settings
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


def test_run_socket_mode_answers_once_and_stops(
    slack_settings: Settings, holder: IndexHolder, fake_slack: FakeSlack
) -> None:
    body = mention_body("EvSocket2", "1600000000.000200")
    envelopes = [events_api_envelope("env-a", body), events_api_envelope("env-b", body, retry_attempt=1)]
    stop = threading.Event()
    with running_socket_mode(envelopes) as socket_server:
        fake_slack.socket_url = socket_server.url
        runner = threading.Thread(target=run_socket_mode, args=(slack_settings, holder, stop), daemon=True)
        runner.start()
        try:
            socket_server.wait_for_ack("env-a")
            socket_server.wait_for_ack("env-b")  # the retry is acknowledged too…
            fake_slack.wait_for("reactions.remove")
        finally:
            stop.set()
            runner.join(timeout=10)
    assert not runner.is_alive()
    assert len(fake_slack.calls_to("chat.postMessage")) == 1  # …but answered once


def test_socket_mode_needs_the_app_token(slack_settings: Settings) -> None:
    settings = slack_settings.model_copy(update={"slack_app_token": None})
    with pytest.raises(SlackNotConfigured, match="SLACK_APP_TOKEN"):
        socket_mode_handler(settings, None)  # type: ignore[arg-type]
