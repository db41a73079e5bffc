"""Fixtures for the Slack bot: a fake Slack Web API, and the real app receiving really signed requests."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr
from slack_sdk.signature import SignatureVerifier

from bot.api.main import create_app
from bot.config import Settings
from bot.runtime import IndexHolder
from bot.store import ConversationStore
from tests.bot.slack.fake_slack import BOT_USER, TEAM, Call, FakeSlack, running_fake_slack
from tests.tripwire import TripwireHolder

SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-test-token"
PUBLIC_URL = "https://conversations.example.org"
LEARNER = "ULEARNER1"
CHANNEL = "C0GENERAL"
DM = "D0LEARNER"


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with running_fake_slack() as fake:
        yield fake


@pytest.fixture
def slack_settings(settings: Settings, fake_slack: FakeSlack) -> Settings:
    """The test's settings with Slack turned on, pointed at the fake Web API."""
    return settings.model_copy(
        update={
            "slack_bot_token": SecretStr(BOT_TOKEN),
            "slack_signing_secret": SecretStr(SIGNING_SECRET),
            "slack_app_token": SecretStr(APP_TOKEN),
            "slack_api_url": fake_slack.api_url,
            "public_url": PUBLIC_URL,
        }
    )


def sign(body: str, timestamp: int | None = None, secret: str = SIGNING_SECRET) -> dict[str, str]:
    """Slack's request-signing headers for a body, computed with the real algorithm."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    assert signature is not None
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}


class Slack:
    """Plays Slack's side of the HTTP conversation with the app: signed events, commands and interactions."""

    def __init__(self, client: TestClient, app: FastAPI, fake: FakeSlack) -> None:
        self.client = client
        self.app = app
        self.fake = fake
        self._ids = itertools.count(1)
        self._ts = itertools.count(1)

    @property
    def store(self) -> ConversationStore:
        return self.app.state.store  # type: ignore[no-any-return]

    def next_ts(self) -> str:
        return f"1600000000.{next(self._ts):06d}"

    def post(self, body: str, content_type: str, headers: dict[str, str] | None = None) -> Any:
        """POST /slack/events, signed."""
        all_headers = {"Content-Type": content_type, **sign(body), **(headers or {})}
        return self.client.post("/slack/events", content=body, headers=all_headers)

    def event(self, event: dict[str, Any], event_id: str | None = None, retry: int | None = None) -> Any:
        """An Events API delivery (event_callback), as Slack sends it."""
        body = {
            "token": "legacy-verification-token",
            "team_id": TEAM,
            "api_app_id": "A0TUTOR",
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(self._ids):08d}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}],
        }
        headers: dict[str, str] = {}
        if retry:
            headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
        response = self.post(json.dumps(body), "application/json", headers)
        assert response.status_code == 200, response.text
        return response

    def mention(self, text: str, channel: str = CHANNEL, thread_ts: str | None = None, **extra: Any) -> str:
        """An @mention of the bot in a channel; returns the message's ts."""
        ts = self.next_ts()
        event = {"type": "app_mention", "user": LEARNER, "text": f"<@{BOT_USER}> {text}", "ts": ts,
                 "channel": channel, "event_ts": ts}  # fmt: skip
        if thread_ts:
            event["thread_ts"] = thread_ts
        self.event({**event, **extra.pop("event", {})}, **extra)
        return ts

    def message(
        self,
        text: str,
        channel: str = CHANNEL,
        channel_type: str = "channel",
        thread_ts: str | None = None,
        user: str | None = LEARNER,
        **fields: Any,
    ) -> str:
        """A message event (message.channels / message.im); returns the message's ts."""
        ts = self.next_ts()
        event: dict[str, Any] = {"type": "message", "text": text, "ts": ts, "channel": channel,
                                 "channel_type": channel_type, "event_ts": ts}  # fmt: skip
        if user:
            event["user"] = user
        if thread_ts:
            event["thread_ts"] = thread_ts
        event.update(fields)
        self.event(event)
        return ts

    def command(self, text: str, channel: str = CHANNEL, user: str = LEARNER) -> Any:
        """`/tutor <text>`, form-encoded as Slack sends slash commands."""
        form = {
            "token": "legacy", "team_id": TEAM, "team_domain": "test", "channel_id": channel, "channel_name": "general",
            "user_id": user, "user_name": "learner", "command": "/tutor", "text": text, "api_app_id": "A0TUTOR",
            "response_url": self.fake.response_url("command"), "trigger_id": "1337.42.abcd",
        }  # fmt: skip
        response = self.post(urlencode(form), "application/x-www-form-urlencoded")
        assert response.status_code == 200, response.text
        return response

    def interact(self, payload: dict[str, Any], status: int = 200) -> Any:
        """An interactivity payload (block_actions, view_submission): form-encoded `payload=<json>`."""
        payload = {
            "team": {"id": TEAM, "domain": "test"},
            "api_app_id": "A0TUTOR",
            "token": "legacy",
            **payload,
        }
        response = self.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")
        assert response.status_code == status, response.text
        return response

    def press(
        self,
        message: dict[str, Any],
        action_id: str,
        channel: str,
        ephemeral: bool = False,
        status: int = 200,
    ) -> Any:
        """Press a button of a message the bot posted (its chat.postMessage / chat.update parameters)."""
        button = find_button(message["blocks"], action_id)
        ts = message.get("ts") or "1700000000.999999"
        payload: dict[str, Any] = {
            "type": "block_actions",
            "user": {"id": LEARNER, "username": "learner", "team_id": TEAM},
            "trigger_id": f"trigger-{next(self._ids)}",
            "container": {"type": "message", "message_ts": ts, "channel_id": channel, "is_ephemeral": ephemeral},
            "channel": {"id": channel, "name": "general"},
            "response_url": self.fake.response_url("action"),
            "actions": [{"type": "button", "action_id": action_id, "block_id": "b", "value": button["value"],
                         "text": button["text"], "action_ts": self.next_ts()}],
        }  # fmt: skip
        if not ephemeral:
            payload["message"] = {"type": "message", "ts": ts, "text": message.get("text"),
                                  "blocks": message["blocks"], "user": BOT_USER}  # fmt: skip
        return self.interact(payload, status)

    def drain(self) -> None:
        """Wait until bolt's listener threads have finished everything they were given."""
        self.app.state.slack_app.listener_runner.listener_executor.shutdown(wait=True)


def answered(slack: Slack, question: str) -> tuple[str, Call]:
    """Mention the bot and wait for the answer; returns the thread root and the posted message."""
    root = slack.mention(question)
    [post] = slack.fake.wait_for("chat.postMessage")
    return root, post


def posted(call: Call) -> dict[str, Any]:
    """The message as Slack would hand it back in a block_actions payload."""
    return {**call.body, "ts": call.response["ts"]}


def find_button(blocks: list[dict[str, Any]], action_id: str) -> dict[str, Any]:
    for block in blocks:
        for element in block.get("elements", []):
            if element.get("type") == "button" and element.get("action_id") == action_id:
                return dict(element)
    raise AssertionError(f"no button {action_id!r} in {json.dumps(blocks)[:500]}")


def block_text(blocks: list[dict[str, Any]]) -> str:
    """All the text of a message's blocks, for assertions."""
    parts: list[str] = []
    for block in blocks:
        if isinstance(block.get("text"), dict):
            parts.append(block["text"]["text"])
        for element in block.get("elements", []):
            text = element.get("text")
            parts.append(text["text"] if isinstance(text, dict) else str(text or ""))
    return "\n".join(parts)


@pytest.fixture
def slack(slack_settings: Settings, holder: IndexHolder, fake_slack: FakeSlack) -> Iterator[Slack]:
    """The real app with Slack on (create_app mounts /slack/events), and a Slack to talk to it."""
    yield from talking(create_app(slack_settings, holder=holder), fake_slack)


@pytest.fixture
def guarded_slack(slack_settings: Settings, holder: IndexHolder, fake_slack: FakeSlack) -> Iterator[Slack]:
    """The same, answering through a retriever that fails the test if it is used."""
    yield from talking(create_app(slack_settings, holder=TripwireHolder(holder)), fake_slack)


def talking(app: FastAPI, fake_slack: FakeSlack) -> Iterator[Slack]:
    with TestClient(app) as client:
        sender = Slack(client, app, fake_slack)
        try:
            yield sender
        finally:
            sender.drain()  # before the lifespan closes the store under a listener
