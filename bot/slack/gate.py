"""What a request to /slack/events must be before bolt sees it: signed, shaped like Slack's, and new.

bolt answered a non-numeric timestamp with a 500 and a traceback, and a body it could not parse with a
500 or a silent 404; here each gets a short 4xx. A signed request seen before (a replay within Slack's
five-minute window) is acknowledged and dropped.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from pydantic import ValidationError
from slack_sdk.signature import SignatureVerifier

from bot.slack.blocks import FEEDBACK_DOWN, FEEDBACK_UP, PASSAGES, REASON_CALLBACK, SHARE, SUGGEST_PREFIX
from bot.slack.values import ButtonValue, MessageRef, Suggestion

# What each of the tutor's buttons carries; a value that does not decode is not the tutor's.
BUTTONS: dict[str, type[ButtonValue]] = {
    FEEDBACK_UP: MessageRef,
    FEEDBACK_DOWN: MessageRef,
    PASSAGES: MessageRef,
    SHARE: MessageRef,
}


@dataclass(frozen=True)
class Refusal:
    status: int
    reason: str


def verify(verifier: SignatureVerifier, headers: dict[str, str], body: bytes) -> Refusal | None:
    """401 unless the timestamp is a number within five minutes and the signature is the body's."""
    timestamp = headers.get("x-slack-request-timestamp", "")
    if not timestamp.isdigit():
        return Refusal(401, "X-Slack-Request-Timestamp must be a Unix time in seconds")
    signature = headers.get("x-slack-signature", "")
    if not verifier.is_valid(body=body, timestamp=timestamp, signature=signature):
        return Refusal(401, "invalid or expired Slack signature")
    return None


def replay_key(headers: dict[str, str]) -> str:
    """The claim a signed request leaves: its signature covers its timestamp and body, so it is unique."""
    signed = f"{headers.get('x-slack-request-timestamp')}:{headers.get('x-slack-signature')}"
    return "request:" + hashlib.sha256(signed.encode()).hexdigest()


def shape(content_type: str, body: bytes) -> Refusal | None:
    """400 unless the body is what Slack sends: a JSON event, a slash command, or an interaction payload."""
    try:
        text = body.decode("utf-8")
        if content_type.startswith("application/json"):
            return _event(json.loads(text))
        form = dict(parse_qsl(text, keep_blank_values=True, strict_parsing=True))
    except (UnicodeDecodeError, ValueError):
        return Refusal(400, "the body is not JSON or form data")
    if "payload" in form:
        try:
            return _interaction(json.loads(form["payload"]))
        except ValueError:
            return Refusal(400, "payload is not JSON")
    if form.get("command"):
        return None
    return Refusal(400, "neither an event, a command nor an interaction")


def _event(event: Any) -> Refusal | None:
    if not isinstance(event, dict) or not isinstance(event.get("type"), str):
        return Refusal(400, "an event must be a JSON object with a type")
    if event["type"] == "event_callback" and not isinstance(event.get("event"), dict):
        return Refusal(400, "event_callback without an event object")
    return None


def _interaction(payload: Any) -> Refusal | None:
    if not isinstance(payload, dict) or not isinstance(payload.get("type"), str):
        return Refusal(400, "payload must be a JSON object with a type")
    actions = payload.get("actions", [])
    if not isinstance(actions, list) or not all(isinstance(a, dict) for a in actions):
        return Refusal(400, "actions must be a list of objects")
    for action in actions:
        action_id = str(action.get("action_id", ""))
        kind = Suggestion if action_id.startswith(SUGGEST_PREFIX) else BUTTONS.get(action_id)
        if kind is not None and not _decodes(kind, action.get("value")):
            return Refusal(400, f"the value of {action_id} is not one the tutor gave")
    view = payload.get("view")
    reason = isinstance(view, dict) and view.get("callback_id") == REASON_CALLBACK
    if reason and not _decodes(MessageRef, view.get("private_metadata")):  # type: ignore[union-attr]
        return Refusal(400, "the modal's metadata is not the tutor's")
    return None


def _decodes(kind: type[ButtonValue], value: object) -> bool:
    try:
        kind.decode(value if isinstance(value, str) else "")
    except ValidationError:
        return False
    return True
