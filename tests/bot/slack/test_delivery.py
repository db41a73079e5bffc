"""Slack API errors and tutor failures: logged, retried where Slack says so, and the learner hears back."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest

from bot.conversations import Conversations
from bot.runtime import IndexHolder
from bot.slack.delivery import APOLOGY, NOT_READY
from bot.store import SQLiteStore
from tests.bot.slack.conftest import CHANNEL, LEARNER, Slack, block_text
from tests.bot.slack.fake_slack import FakeSlack

PASSING = "What is the passing score for the exams?"


def test_failed_post_ends_in_an_apology_and_the_app_keeps_serving(
    slack: Slack, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    fake_slack.fail("chat.postMessage", "channel_not_found", times=1)
    root = slack.mention(PASSING)
    failed, apology = fake_slack.wait_for("chat.postMessage", count=2)
    assert failed.status == 200 and "70%" in block_text(failed["blocks"])  # the answer was tried first
    assert apology["text"] == APOLOGY
    assert (apology["channel"], apology["thread_ts"]) == (CHANNEL, root)
    assert any("channel_not_found" in r.getMessage() and r.levelno >= logging.ERROR for r in caplog.records)
    # The question was not lost: it is in the store, and the next question is answered as usual.
    conversation_id = slack.store.thread_conversation(CHANNEL, root)
    assert conversation_id is not None
    slack.mention("What skills will I gain at the foundation level?")
    third = fake_slack.wait_for("chat.postMessage", count=3)[2]
    assert "Skills you’ll gain" in block_text(third["blocks"])


def test_when_posting_fails_twice_the_apology_goes_ephemerally(slack: Slack, fake_slack: FakeSlack) -> None:
    fake_slack.fail("chat.postMessage", "not_in_channel", times=2)
    slack.mention(PASSING)
    [apology] = fake_slack.wait_for("chat.postEphemeral")
    assert (apology["channel"], apology["user"], apology["text"]) == (CHANNEL, LEARNER, APOLOGY)


def test_rate_limited_post_is_retried_after_retry_after(slack: Slack, fake_slack: FakeSlack) -> None:
    fake_slack.rate_limit("chat.postMessage", retry_after=1, times=1)
    started = time.monotonic()
    slack.mention(PASSING)
    limited, delivered = fake_slack.wait_for("chat.postMessage", count=2)
    assert time.monotonic() - started >= 1.0  # Slack's Retry-After was honoured
    assert limited.status == 429 and delivered.status == 200
    assert "70%" in block_text(delivered["blocks"])
    slack.drain()
    assert len(fake_slack.calls_to("chat.postMessage")) == 2  # no apology: the retry worked


def test_tutor_failure_ends_in_an_apology(
    slack: Slack, fake_slack: FakeSlack, holder: IndexHolder, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    working = slack.app.state.conversations
    broken = SQLiteStore(tmp_path / "broken.sqlite3")
    broken.close()  # every call now raises: the tutor cannot store the turn
    slack.app.state.conversations = Conversations(holder, broken)
    try:
        root = slack.mention(PASSING)
        [apology] = fake_slack.wait_for("chat.postMessage")
        assert apology["text"] == APOLOGY and apology["thread_ts"] == root
        assert any(r.levelno == logging.ERROR and r.exc_info for r in caplog.records)
        fake_slack.wait_for("reactions.remove")  # the 👀 still goes
    finally:
        slack.app.state.conversations = working
    slack.mention(PASSING)
    second = fake_slack.wait_for("chat.postMessage", count=2)[1]
    assert "70%" in block_text(second["blocks"])


def test_tutor_not_ready_says_so(slack: Slack, fake_slack: FakeSlack) -> None:
    working = slack.app.state.conversations
    slack.app.state.conversations = Conversations(
        IndexHolder(slack.app.state.settings), working.store
    )  # no index loaded
    try:
        slack.command(PASSING)
        [notice] = fake_slack.wait_for("chat.postEphemeral")
        assert notice["text"] == NOT_READY
    finally:
        slack.app.state.conversations = working


def test_failed_message_update_is_logged_not_fatal(
    slack: Slack, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    slack.mention(PASSING)
    [post] = fake_slack.wait_for("chat.postMessage")
    fake_slack.fail("chat.update", "message_not_found")
    slack.press({**post.body, "ts": post.response["ts"]}, "tutor_feedback_up", CHANNEL)
    fake_slack.wait_for("chat.update")
    slack.drain()
    assert slack.store.stats().feedback_up == 1  # the rating is kept all the same
    assert any("message_not_found" in r.getMessage() for r in caplog.records)
