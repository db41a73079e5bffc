"""Where answers land (a thread, a DM, ephemerally, through response_url), 👀 meanwhile, messages updated and shared;
Slack API errors and tutor failures: logged, retried where Slack says so, and the learner hears back."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

import pytest

from bot.conversations import Conversations
from bot.runtime import IndexHolder
from bot.slack.delivery import APOLOGY, NOT_FOUND, NOT_READY
from bot.slack.share import CANNOT_SHARE
from bot.slack.values import MessageRef
from bot.store import SQLiteStore
from tests.bot.slack.conftest import (
    CHANNEL,
    DM,
    LEARNER,
    PUBLIC_URL,
    Slack,
    answered,
    block_text,
    find_button,
    posted,
)
from tests.bot.slack.fake_slack import RESPONSE_URL_METHOD, Call, FakeSlack

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


def test_mention_is_answered_in_a_thread_under_it(slack: Slack, fake_slack: FakeSlack) -> None:
    ts = slack.mention(PASSING)
    [post] = fake_slack.wait_for("chat.postMessage")
    assert post["channel"] == CHANNEL
    assert post["thread_ts"] == ts
    text = block_text(post["blocks"])
    assert "70%" in text
    assert "[1] Frequently Asked Questions (General) › What is the passing score for the exams?" in text
    assert f"<{PUBLIC_URL}/?passage=faq-general%2F" in text
    assert "70%" in post["text"]  # the notification text
    assert post.token == "xoxb-test-token"


def test_mention_shows_progress_with_eyes_while_answering(slack: Slack, fake_slack: FakeSlack) -> None:
    ts = slack.mention(PASSING)
    fake_slack.wait_for("reactions.remove")
    methods = [c.method for c in fake_slack.calls if c.method != "auth.test"]
    assert methods == ["reactions.add", "chat.postMessage", "reactions.remove"]
    for call in fake_slack.calls_to("reactions.add") + fake_slack.calls_to("reactions.remove"):
        assert (call["channel"], call["timestamp"], call["name"]) == (CHANNEL, ts, "eyes")


def test_direct_message_is_answered_in_the_dm(slack: Slack, fake_slack: FakeSlack) -> None:
    ts = slack.message(PASSING, channel=DM, channel_type="im")
    [post] = fake_slack.wait_for("chat.postMessage")
    assert post["channel"] == DM
    assert post.get("thread_ts") is None  # at the top level of the DM
    text = block_text(post["blocks"])
    assert "70%" in text and "[1] Frequently Asked Questions (General)" in text
    fake_slack.wait_for("reactions.remove")
    assert fake_slack.calls_to("reactions.add")[0]["timestamp"] == ts


def test_over_long_question_is_refused_politely(slack: Slack, fake_slack: FakeSlack) -> None:
    slack.message("why " * 600, channel=DM, channel_type="im")
    [post] = fake_slack.wait_for("chat.postMessage")
    assert post["text"].startswith("Sorry — the question is") and "limit is 2000" in post["text"]


def test_share_in_channel_posts_the_answer_for_everyone(slack: Slack, fake_slack: FakeSlack) -> None:
    slack.command(PASSING)
    [ephemeral] = fake_slack.wait_for("chat.postEphemeral")
    slack.press(ephemeral.body, "tutor_share", CHANNEL, ephemeral=True)
    [shared] = fake_slack.wait_for("chat.postMessage")
    assert shared["channel"] == CHANNEL
    assert shared.get("thread_ts") is None
    text = block_text(shared["blocks"])
    assert "70%" in text and "[1] Frequently Asked Questions (General)" in text
    assert f"<@{LEARNER}> asked: {PASSING}" in text
    assert all(
        b.get("action_id") != "tutor_share" for block in shared["blocks"] for b in block.get("elements", [])
    )
    # The ephemeral copy is removed through the action's response_url.
    [removed] = fake_slack.wait_for(RESPONSE_URL_METHOD)
    assert removed["delete_original"] is True
    # Replies in the shared message's thread continue the same conversation.
    conversation_id = slack.store.thread_conversation(CHANNEL, shared.response["ts"])
    assert conversation_id is not None and conversation_id in ephemeral["blocks"][-1]["elements"][0]["value"]


def test_a_shared_answer_publishes_no_conversation_id_and_its_buttons_still_work(
    slack: Slack, fake_slack: FakeSlack
) -> None:
    slack.command(PASSING)
    [ephemeral] = fake_slack.wait_for("chat.postEphemeral")
    slack.press(ephemeral.body, "tutor_share", CHANNEL, ephemeral=True)
    [shared] = fake_slack.wait_for("chat.postMessage")
    fake_slack.wait_for(RESPONSE_URL_METHOD)  # the ephemeral copy goes once the thread is linked
    conversation_id = slack.store.thread_conversation(CHANNEL, shared.response["ts"])
    assert conversation_id is not None and conversation_id not in json.dumps(shared.body)
    slack.press(posted(shared), "tutor_feedback_up", CHANNEL)  # found through the message's thread link
    [update] = fake_slack.wait_for("chat.update")
    assert "Thanks for the feedback" in block_text(update["blocks"]) and conversation_id not in json.dumps(
        update.body
    )
    assert slack.store.stats().feedback_up == 1


def test_slash_command_where_the_bot_is_not_a_member_uses_the_response_url(
    slack: Slack, fake_slack: FakeSlack
) -> None:
    fake_slack.fail("chat.postEphemeral", "channel_not_found")
    slack.command(PASSING)
    [reply] = fake_slack.wait_for(RESPONSE_URL_METHOD)
    assert reply["response_type"] == "ephemeral"
    assert "70%" in block_text(reply["blocks"])


def test_show_passages_updates_the_message_with_the_quotes(slack: Slack, fake_slack: FakeSlack) -> None:
    _, post = answered(slack, PASSING)
    assert "Generally, a score of 70%" not in json.dumps(post["blocks"][-2:])
    slack.press(posted(post), "tutor_passages", CHANNEL)
    [update] = fake_slack.wait_for("chat.update")
    text = block_text(update["blocks"])
    assert "> What is the passing score for the exams?" in text
    assert "> Generally, a score of 70% or higher is required" in text
    assert find_button(update["blocks"], "tutor_passages")["text"]["text"] == "Hide passages"
    # …and back.
    slack.press({**update.body, "ts": post.response["ts"]}, "tutor_passages", CHANNEL)
    second = fake_slack.wait_for("chat.update", count=2)[1]
    assert "> Generally" not in block_text(second["blocks"])
    assert find_button(second["blocks"], "tutor_passages")["text"]["text"] == "Show passages"


def test_show_passages_on_an_ephemeral_answer_replaces_it(slack: Slack, fake_slack: FakeSlack) -> None:
    slack.command(PASSING)
    [ephemeral] = fake_slack.wait_for("chat.postEphemeral")
    slack.press(ephemeral.body, "tutor_passages", CHANNEL, ephemeral=True)
    [replaced] = fake_slack.wait_for(RESPONSE_URL_METHOD)
    assert replaced["replace_original"] is True
    assert "> Generally, a score of 70%" in block_text(replaced["blocks"])
    find_button(replaced["blocks"], "tutor_share")  # still shareable


@pytest.mark.parametrize("action_id", ["tutor_feedback_up", "tutor_passages", "tutor_share"])
def test_a_button_under_an_answer_that_is_gone_says_so(
    slack: Slack, fake_slack: FakeSlack, action_id: str
) -> None:
    gone = MessageRef(conversation_id="expired-conversation", turn=1, ephemeral=action_id == "tutor_share")
    button = {
        "type": "button",
        "action_id": action_id,
        "value": gone.encode(),
        "text": {"type": "plain_text", "text": "?"},
    }
    slack.press({"blocks": [{"type": "actions", "elements": [button]}]}, action_id, CHANNEL)
    [note] = fake_slack.wait_for("chat.postEphemeral")
    assert (note["channel"], note["user"], note["text"]) == (CHANNEL, LEARNER, NOT_FOUND)
    slack.drain()
    assert not fake_slack.calls_to("chat.postMessage") and not fake_slack.calls_to("chat.update")
    assert slack.store.stats().feedback_up == 0


def share_where_the_bot_is_not_a_member(slack: Slack, fake_slack: FakeSlack, *refused: str) -> Call:
    """/tutor, then Share in channel, where chat.postMessage fails with not_in_channel (and `refused`
    methods fail too); returns the ephemeral answer that was shared."""
    slack.command(PASSING)
    [ephemeral] = fake_slack.wait_for("chat.postEphemeral")
    for method in ("chat.postMessage", *refused):
        fake_slack.fail(method, "not_in_channel")
    slack.press(ephemeral.body, "tutor_share", CHANNEL, ephemeral=True)
    return ephemeral


def test_share_where_the_bot_is_not_a_member_posts_in_channel_through_the_response_url(
    slack: Slack, fake_slack: FakeSlack
) -> None:
    ephemeral = share_where_the_bot_is_not_a_member(slack, fake_slack)
    shared, removed = fake_slack.wait_for(RESPONSE_URL_METHOD, count=2)
    assert shared["response_type"] == "in_channel" and shared["replace_original"] is False
    text = block_text(shared["blocks"])
    assert "70%" in text and f"<@{LEARNER}> asked: {PASSING}" in text
    # No buttons: the bot can neither update a message nor follow a thread in a channel it is not in.
    assert all(block["type"] != "actions" for block in shared["blocks"])
    conversation_id = json.loads(find_button(ephemeral["blocks"], "tutor_share")["value"])["c"]
    assert conversation_id not in json.dumps(shared.body)
    assert removed["delete_original"] is True  # the ephemeral copy goes once the answer is shared
    slack.drain()
    assert len(fake_slack.calls_to("chat.postEphemeral")) == 1  # no "couldn't post" note


def test_share_where_slack_refuses_both_routes_says_so_and_keeps_the_answer(
    slack: Slack, fake_slack: FakeSlack
) -> None:
    share_where_the_bot_is_not_a_member(slack, fake_slack, RESPONSE_URL_METHOD)
    note = fake_slack.wait_for("chat.postEphemeral", count=2)[1]
    assert (note["user"], note["text"]) == (LEARNER, CANNOT_SHARE)
    slack.drain()
    assert not any(c.get("delete_original") for c in fake_slack.calls_to(RESPONSE_URL_METHOD))  # kept
