"""The Slack surface in /metrics: every request Slack sends, by type, and the errors met while serving it,
read with prometheus_client's own parser after really signed requests to the real app."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr

from bot.api.main import create_app
from bot.config import Settings
from bot.runtime import IndexHolder
from tests.bot.slack.conftest import Slack, talking
from tests.bot.slack.fake_slack import FakeSlack

TOKEN = "metrics-token-" + "y" * 32


@pytest.fixture
def slack(slack_settings: Settings, holder: IndexHolder, fake_slack: FakeSlack) -> Iterator[Slack]:
    guarded = slack_settings.model_copy(update={"metrics_token": SecretStr(TOKEN)})
    yield from talking(create_app(guarded, holder=holder), fake_slack)


def counters(slack: Slack) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    text = slack.client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).text
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
        if s.name.startswith("tutor_")
    }


def test_events_and_errors_are_counted(slack: Slack) -> None:
    before = counters(slack)
    slack.mention("What is the passing score?")
    slack.fake.wait_for("chat.postMessage")
    slack.command("help")
    slack.fake.fail("chat.postMessage", times=10)  # Slack refuses every post of the next answer
    slack.mention("How long is the exam?")
    slack.drain()
    after = counters(slack)

    def moved(name: str, **labels: str) -> float:
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0.0) - before.get(key, 0.0)

    assert moved("tutor_slack_events_total", type="app_mention") == 2
    assert moved("tutor_slack_events_total", type="command") == 1
    assert moved("tutor_questions_total", source="slack") >= 2
    assert moved("tutor_slack_errors_total", level="error") >= 1
