"""POST /slack/events: bolt's signature check guards it, and Slack's URL check is answered."""

from __future__ import annotations

import json
import time

import httpx
from fastapi.testclient import TestClient

from bot.api.main import create_app
from bot.config import Settings
from bot.runtime import IndexHolder
from tests.bot.slack.conftest import Slack, sign
from tests.bot.slack.fake_slack import FakeSlack
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
