"""slack/manifest.yaml asks for what the bot uses, and points Slack at the endpoint the app serves."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import yaml

from bot.slack.http import EVENTS_PATH

MANIFEST = Path(__file__).resolve().parents[3] / "slack" / "manifest.yaml"


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    data = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_scopes(manifest: dict[str, Any]) -> None:
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {
        "app_mentions:read", "chat:write", "commands", "im:history", "im:read", "im:write",
        "channels:history", "groups:history", "reactions:write", "assistant:write",
    } <= scopes  # fmt: skip


def test_events_command_and_interactivity(manifest: dict[str, Any]) -> None:
    settings = manifest["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {
        "app_mention", "message.im", "message.channels", "message.groups", "app_home_opened",
        "assistant_thread_started",
    }  # fmt: skip
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True  # how to ask, and tutor mode
    assert manifest["features"]["assistant_view"]["assistant_description"]  # the split view
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["socket_mode_enabled"] is False
    [command] = manifest["features"]["slash_commands"]
    assert command["command"] == "/tutor"
    urls = [
        command["url"],
        settings["event_subscriptions"]["request_url"],
        settings["interactivity"]["request_url"],
    ]
    assert {urlparse(url).path for url in urls} == {EVENTS_PATH}
    assert all(url.startswith("https://") for url in urls)
