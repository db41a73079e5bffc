"""POST /slack/events: bolt's signature check guards it, and Slack's URL check is answered."""

from __future__ import annotations

import json
import logging
import socket
import time
from urllib.parse import urlencode

import httpx
import pytest
from fastapi.testclient import TestClient

from bot.api.main import create_app
from bot.config import Settings
from bot.runtime import IndexHolder
from tests.bot.slack.conftest import Slack, sign
from tests.bot.slack.fake_slack import BOT_USER, FakeSlack
from tests.servers import running_server

BODY = json.dumps({"type": "url_verification", "challenge": "c-123", "token": "legacy"})


def test_missing_signature_is_refused(slack: Slack) -> None:
    response = slack.client.post("/slack/events", content=BODY, headers={"Content-Type": "application/json"})
    assert response.status_code == 401


def test_wrong_signature_is_refused(slack: Slack) -> None:
    headers = {"Content-Type": "application/json", **sign(BODY, secret="not-the-secret")}
    response = slack.client.post("/slack/events", content=BODY, headers=headers)
    assert response.status_code == 401


def test_signature_of_another_body_is_refused(slack: Slack) -> None:
    headers = {"Content-Type": "application/json", **sign(BODY)}
    response = slack.client.post("/slack/events", content=BODY.replace("c-123", "c-999"), headers=headers)
    assert response.status_code == 401


def test_expired_signature_is_refused(slack: Slack) -> None:
    six_minutes_ago = int(time.time()) - 6 * 60
    headers = {"Content-Type": "application/json", **sign(BODY, timestamp=six_minutes_ago)}
    response = slack.client.post("/slack/events", content=BODY, headers=headers)
    assert response.status_code == 401


def test_refused_requests_reach_no_listener(slack: Slack, fake_slack: FakeSlack) -> None:
    message = {
        "type": "message",
        "channel": "D0X",
        "channel_type": "im",
        "user": "U1",
        "text": "hi",
        "ts": "1.1",
    }
    event = {"type": "event_callback", "event_id": "EvForged", "team_id": "T0TEST", "event": message}
    body = json.dumps(event)
    response = slack.client.post(
        "/slack/events",
        content=body,
        headers={"Content-Type": "application/json", **sign(body, secret="wrong")},
    )
    assert response.status_code == 401
    slack.drain()
    assert fake_slack.calls == []
    assert slack.store.claim_event("EvForged")  # a forged request does not even claim the event id


def test_url_verification_is_answered(slack: Slack) -> None:
    response = slack.post(BODY, "application/json")
    assert response.status_code == 200
    assert response.json() == {"challenge": "c-123"}


def test_no_slack_settings_no_endpoint(settings: Settings, holder: IndexHolder) -> None:
    with TestClient(create_app(settings, holder=holder)) as client:
        response = client.post(
            "/slack/events", content=BODY, headers={"Content-Type": "application/json", **sign(BODY)}
        )
    assert response.status_code in (404, 405)


def test_events_are_acknowledged_before_the_answer_is_posted(slack: Slack, fake_slack: FakeSlack) -> None:
    # Posting the answer is held up for two seconds by a rate limit; the acknowledgement is not.
    fake_slack.rate_limit("chat.postMessage", retry_after=2)
    started = time.monotonic()
    slack.mention("What is the passing score for the exams?")
    acknowledged = time.monotonic() - started
    fake_slack.wait_for("chat.postMessage", count=2)
    answered = time.monotonic() - started
    assert acknowledged < 1.5 < 2.0 <= answered


def test_real_server_with_real_http(
    slack_settings: Settings, holder: IndexHolder, fake_slack: FakeSlack
) -> None:
    """The same endpoint under uvicorn, over a real socket."""
    body = json.dumps(
        {"type": "event_callback", "event_id": "EvUvicorn", "team_id": "T0TEST", "api_app_id": "A0TUTOR",
         "event": {"type": "message", "channel": "D0REAL", "channel_type": "im", "user": "U0REAL",
                   "text": "What is the passing score for the exams?", "ts": "1600000000.000001"}}
    )  # fmt: skip
    app = create_app(slack_settings, holder=holder)
    with running_server(app) as url:
        headers = {"Content-Type": "application/json", **sign(body)}
        assert httpx.post(f"{url}/slack/events", content=body, headers=headers).status_code == 200
        assert (
            httpx.post(
                f"{url}/slack/events", content=body, headers={"Content-Type": "application/json"}
            ).status_code
            == 401
        )
        [post] = fake_slack.wait_for("chat.postMessage")
        assert post["channel"] == "D0REAL" and "70%" in json.dumps(post["blocks"])


def test_slack_endpoint_is_limited_per_source(slack_settings: Settings, holder: IndexHolder) -> None:
    settings = slack_settings.model_copy(update={"slack_rate_limit_per_minute": 3})
    with TestClient(create_app(settings, holder=holder)) as client:
        codes = [client.post("/slack/events", content="a=b").status_code for _ in range(5)]
    assert codes == [401, 401, 401, 429, 429]  # unsigned: refused, and counted


def test_a_non_numeric_timestamp_is_401_before_bolt(slack: Slack, caplog: pytest.LogCaptureFixture) -> None:
    headers = {
        "Content-Type": "application/json",
        "X-Slack-Request-Timestamp": "soon",
        "X-Slack-Signature": "v0=00",
    }
    response = slack.client.post("/slack/events", content=BODY, headers=headers)
    assert response.status_code == 401 and "Unix time" in response.json()["error"]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]  # no traceback in the log


MALFORMED = [
    ("[]", "application/json"),
    ("not json", "application/json"),
    ('{"type": "event_callback", "event": "a string"}', "application/json"),
    ('{"no": "type"}', "application/json"),
    ("payload=not+json", "application/x-www-form-urlencoded"),
    ("payload=%5B1%2C+2%5D", "application/x-www-form-urlencoded"),
    ("a=b", "application/x-www-form-urlencoded"),
    ("%%%", "application/x-www-form-urlencoded"),
]


@pytest.mark.parametrize(("body", "content_type"), MALFORMED)
def test_signed_but_malformed_bodies_are_a_clean_400(
    slack: Slack, fake_slack: FakeSlack, body: str, content_type: str
) -> None:
    response = slack.post(body, content_type)
    assert response.status_code == 400 and response.json()["error"]
    slack.drain()
    assert fake_slack.calls == []


def test_a_replayed_command_is_answered_once(slack: Slack, fake_slack: FakeSlack) -> None:
    form = {"team_id": "T0TEST", "channel_id": "C0GENERAL", "user_id": "U1", "command": "/tutor",
            "text": "What is the passing score?", "response_url": fake_slack.response_url("command")}  # fmt: skip
    body = urlencode(form)
    headers = {"Content-Type": "application/x-www-form-urlencoded", **sign(body)}
    first = slack.client.post("/slack/events", content=body, headers=headers)
    replay = slack.client.post("/slack/events", content=body, headers=headers)
    assert first.status_code == replay.status_code == 200
    slack.drain()
    assert len(fake_slack.calls_to("chat.postEphemeral")) == 1
    assert slack.store.stats().questions == 1


def test_events_are_acknowledged_while_the_web_api_hangs(
    slack_settings: Settings, holder: IndexHolder, fake_slack: FakeSlack
) -> None:
    """Every event is acknowledged at once, and /chat keeps answering, while the Web API holds each call."""
    fake_slack.hang(3.0)
    settings = slack_settings.model_copy(update={"slack_workers": 2, "slack_timeout_seconds": 2.0})
    app = create_app(settings, holder=holder)
    with running_server(app) as url, httpx.Client(base_url=url, timeout=2.0) as client:
        for n in range(12):  # six times the workers, each held by the hung Web API
            body = json.dumps({"type": "event_callback", "event_id": f"EvHung{n}", "team_id": "T0TEST", "api_app_id": "A0",
                               "event": {"type": "message", "channel": "D0HUNG", "channel_type": "im", "user": "U0HUNG",
                                         "text": f"What is the passing score? {n}", "ts": f"1600000000.{n:06d}"}})  # fmt: skip
            response = client.post(
                "/slack/events", content=body, headers={"Content-Type": "application/json", **sign(body)}
            )
            assert response.status_code == 200
        assert client.post("/chat", json={"message": "What is the passing score?"}).status_code == 200
        app.state.slack_app.listener_runner.listener_executor.shutdown(wait=True, cancel_futures=True)


def test_an_unreachable_web_api_fails_no_event(slack_settings: Settings, holder: IndexHolder) -> None:
    nowhere = slack_settings.model_copy(update={"slack_api_url": f"http://127.0.0.1:{_closed_port()}/api/"})
    body = json.dumps({"type": "event_callback", "event_id": "EvNowhere", "team_id": "T0TEST",
                       "event": {"type": "message", "channel": "D0X", "channel_type": "im", "user": "U1",
                                 "text": "pass mark?", "ts": "1600000000.000001"}})  # fmt: skip
    app = create_app(nowhere, holder=holder)
    with TestClient(app) as client:
        for _ in range(2):
            response = client.post("/slack/events", content=body.replace("EvNowhere", f"Ev{_}"),
                                   headers={"Content-Type": "application/json", **sign(body.replace("EvNowhere", f"Ev{_}"))})  # fmt: skip
            assert response.status_code == 200
        app.state.slack_app.listener_runner.listener_executor.shutdown(wait=True)


def test_the_bot_identity_from_settings_needs_no_auth_test(
    slack_settings: Settings, holder: IndexHolder, fake_slack: FakeSlack
) -> None:
    settings = slack_settings.model_copy(update={"slack_bot_user_id": BOT_USER})
    app = create_app(settings, holder=holder)
    with TestClient(app) as client:
        slack = Slack(client, app, fake_slack)
        slack.mention("What is the passing score for the exams?")
        fake_slack.wait_for("chat.postMessage")
        slack.drain()
    assert fake_slack.calls_to("auth.test") == []


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
