"""Slack's endpoint: unsigned garbage, signed but malformed bodies, a malformed button value, replays."""

from __future__ import annotations

import json
import time
from urllib.parse import urlencode

import httpx
from slack_sdk.signature import SignatureVerifier

from scripts.attack.inputs import ADMIN
from scripts.attack.report import Row, status
from scripts.attack.server import SIGNING_SECRET, Served

FORM = "application/x-www-form-urlencoded"


def signed(body: str, content_type: str, timestamp: int | None = None) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(SIGNING_SECRET).generate_signature(timestamp=ts, body=body)
    return {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": str(signature),
        "Content-Type": content_type,
    }


def bad_timestamp(server: Served, count: int = 50) -> Row:
    """Unsigned requests with a non-numeric timestamp: 401 each, before bolt sees them."""
    headers = {
        "X-Slack-Request-Timestamp": "not-a-number",
        "X-Slack-Signature": "v0=00",
        "Content-Type": FORM,
    }
    with httpx.Client(base_url=server.url, timeout=10) as client:
        statuses = [
            client.post("/slack/events", content="a=b", headers=headers).status_code for _ in range(count)
        ]
    bad = sum(1 for s in statuses if s != 401)
    return Row("unsigned, non-numeric timestamp", count, bad, f"statuses {sorted(set(statuses))}")


def _button(action_id: str, value: object) -> str:
    payload = {"type": "block_actions", "user": {"id": "U0ATTACK"}, "team": {"id": "T0"}, "api_app_id": "A0",
               "trigger_id": "1.2.3", "channel": {"id": "C0ATTACK"}, "container": {"channel_id": "C0ATTACK"},
               "response_url": "http://127.0.0.1:9/response",
               "actions": [{"type": "button", "action_id": action_id, "block_id": "b", "value": value}]}  # fmt: skip
    return urlencode({"payload": json.dumps(payload)})


def malformed(server: Served) -> Row:
    """Signed bodies that are not what Slack sends, and buttons with values that are not the tutor's."""
    bodies = [
        ("[]", "application/json"),
        ("not json at all", "application/json"),
        ('{"type": "event_callback", "event": "a string"}', "application/json"),
        (urlencode({"payload": "not json"}), FORM),
        (urlencode({"payload": "[1, 2]"}), FORM),
        ("%%%%", FORM),
        (_button("tutor_feedback_up", "garbage"), FORM),
        (_button("tutor_passages", {"c": 1}), FORM),
        (_button("tutor_suggest_0", '{"q": 5}'), FORM),
    ]
    seen = []
    with httpx.Client(base_url=server.url, timeout=10) as client:
        for body, content_type in bodies:
            began = time.monotonic()
            code = status(client, "POST", "/slack/events", content=body, headers=signed(body, content_type))
            seen.append((code, time.monotonic() - began))
    bad = sum(1 for status, took in seen if not 400 <= status < 500 or took > 1)
    statuses = [s for s, _ in seen]
    return Row("signed but malformed bodies and buttons", len(bodies), bad,
               f"statuses {statuses}; slowest {max(t for _, t in seen):.1f} s")  # fmt: skip


def replay(server: Served) -> Row:
    """The same signed /tutor command twice within the 5-minute window: answered once."""
    form = {"team_id": "T0", "channel_id": "C0ATTACK", "user_id": "U0ATTACK", "command": "/tutor",
            "text": f"What is the passing score? replay {time.time_ns()}", "api_app_id": "A0",
            "response_url": "http://127.0.0.1:9/response", "trigger_id": "1.2.3"}  # fmt: skip
    body = urlencode(form)
    headers = signed(body, FORM)
    with httpx.Client(base_url=server.url, timeout=10) as client:
        before = int(client.get("/stats", headers=ADMIN, timeout=30).json()["questions"])
        statuses = [status(client, "POST", "/slack/events", content=body, headers=headers) for _ in range(2)]
        time.sleep(3)  # the answer is stored after the acknowledgement
        answered = int(client.get("/stats", headers=ADMIN, timeout=30).json()["questions"]) - before
    return Row(
        "replayed slash command", 2, max(0, answered - 1), f"statuses {statuses}; answered {answered} times"
    )
