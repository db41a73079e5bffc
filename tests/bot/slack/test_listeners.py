"""What the bot listens to: each question answered once (not Slack's retries, bots, the bot itself, mention+message
pairs), `/tutor`, the feedback buttons and modal, and button values that are not the tutor's."""

from __future__ import annotations

import logging
import sqlite3
import time
from contextlib import closing

import pytest

from bot.answer.replies import Replies
from tests.bot.slack.conftest import CHANNEL, DM, LEARNER, Slack, answered, block_text, find_button, posted
from tests.bot.slack.fake_slack import BOT_ID, BOT_USER, FakeSlack

PASSING = "What is the passing score for the exams?"


def _mention_event(ts: str, text: str = PASSING) -> dict[str, object]:
    return {"type": "app_mention", "user": LEARNER, "text": f"<@{BOT_USER}> {text}", "ts": ts,
            "channel": CHANNEL, "event_ts": ts}  # fmt: skip


def test_retried_event_is_answered_once(slack: Slack, fake_slack: FakeSlack) -> None:
    event = _mention_event(slack.next_ts())
    slack.event(event, event_id="EvRetried")
    fake_slack.wait_for("chat.postMessage")
    slack.event(event, event_id="EvRetried", retry=1)
    slack.event(event, event_id="EvRetried", retry=2)
    slack.drain()
    assert len(fake_slack.calls_to("chat.postMessage")) == 1
    assert len(fake_slack.calls_to("reactions.add")) == 1


def test_duplicate_delivery_without_retry_header_is_answered_once(
    slack: Slack, fake_slack: FakeSlack
) -> None:
    event = _mention_event(slack.next_ts())
    slack.event(event, event_id="EvTwice")
    slack.event(event, event_id="EvTwice")
    slack.drain()
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_retry_of_an_unseen_event_is_answered(slack: Slack, fake_slack: FakeSlack) -> None:
    # The first delivery never arrived (say, the server was restarting): the retry is the one to answer.
    slack.event(_mention_event(slack.next_ts()), event_id="EvLost", retry=1)
    [post] = fake_slack.wait_for("chat.postMessage")
    assert "70%" in str(post["blocks"])


def test_mention_is_answered_once_not_again_as_a_message(slack: Slack, fake_slack: FakeSlack) -> None:
    # Slack sends both app_mention and message.channels for one message that mentions the bot.
    ts = slack.next_ts()
    slack.event(_mention_event(ts))
    slack.event({"type": "message", "user": LEARNER, "text": f"<@{BOT_USER}> {PASSING}", "ts": ts,
                 "channel": CHANNEL, "channel_type": "channel", "event_ts": ts})  # fmt: skip
    slack.drain()
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_mention_in_a_dm_is_answered_once(slack: Slack, fake_slack: FakeSlack) -> None:
    ts = slack.next_ts()
    text = f"<@{BOT_USER}> {PASSING}"
    slack.event(
        {"type": "app_mention", "user": LEARNER, "text": text, "ts": ts, "channel": DM, "event_ts": ts}
    )
    slack.event({"type": "message", "user": LEARNER, "text": text, "ts": ts, "channel": DM,
                 "channel_type": "im", "event_ts": ts})  # fmt: skip
    slack.drain()
    [post] = fake_slack.calls_to("chat.postMessage")
    assert post["channel"] == DM


def test_bot_messages_get_no_answer(slack: Slack, fake_slack: FakeSlack) -> None:
    root = slack.mention(PASSING)
    fake_slack.wait_for("chat.postMessage")
    # Another bot, in the answered thread, in a DM, and as a classic bot_message.
    slack.message("and the professional level?", thread_ts=root, bot_id="BOTHER", user="UOTHERBOT")
    slack.message(PASSING, channel=DM, channel_type="im", bot_id="BOTHER", user="UOTHERBOT")
    slack.message(PASSING, channel=DM, channel_type="im", subtype="bot_message", user=None, username="relay")
    slack.event({**_mention_event(slack.next_ts()), "bot_id": "BOTHER"})
    slack.drain()
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_the_bots_own_messages_get_no_answer(slack: Slack, fake_slack: FakeSlack) -> None:
    root = slack.mention(PASSING)
    fake_slack.wait_for("chat.postMessage")
    # The bot's own answer comes back as a message event in the thread (and in a DM).
    slack.message("Generally, a score of 70% or higher… [1]", thread_ts=root, user=BOT_USER, bot_id=BOT_ID)
    slack.message("Generally, a score of 70% or higher… [1]", channel=DM, channel_type="im", user=BOT_USER)
    slack.drain()
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_other_channel_chatter_gets_no_answer(slack: Slack, fake_slack: FakeSlack) -> None:
    slack.message(PASSING)  # a top-level channel message without a mention
    slack.message(PASSING, thread_ts="1500000000.000001")  # a thread the bot never answered
    slack.message("edited", channel=DM, channel_type="im", subtype="message_changed")
    slack.drain()
    assert fake_slack.calls_to("chat.postMessage") == []


def test_slash_command_answers_ephemerally(slack: Slack, fake_slack: FakeSlack) -> None:
    response = slack.command(PASSING)
    assert response.text == ""  # acknowledged at once; the answer follows
    [post] = fake_slack.wait_for("chat.postEphemeral")
    assert post["channel"] == CHANNEL
    assert post["user"] == LEARNER
    text = block_text(post["blocks"])
    assert "70%" in text and "[1] Frequently Asked Questions (General)" in text
    find_button(post["blocks"], "tutor_share")
    slack.drain()
    assert fake_slack.calls_to("chat.postMessage") == []


def test_slash_command_without_a_question_gets_a_hint(slack: Slack, fake_slack: FakeSlack) -> None:
    slack.command("   ")
    [post] = fake_slack.wait_for("chat.postEphemeral")
    assert "Ask me a question about the curriculum" in post["text"]


def test_bare_mention_gets_a_hint(slack: Slack, fake_slack: FakeSlack) -> None:
    root = slack.mention("")
    [post] = fake_slack.wait_for("chat.postMessage")
    assert post["thread_ts"] == root
    assert "Ask me a question about the curriculum" in post["text"]


def test_slash_tutor_help_offers_the_starters_without_retrieval(
    guarded_slack: Slack, fake_slack: FakeSlack
) -> None:
    guarded_slack.command("help")
    [post] = fake_slack.wait_for("chat.postEphemeral")
    text = block_text(post["blocks"])
    assert "I answer questions about the Certified MLOps Manager curriculum" in text
    for i, starter in enumerate(Replies().starters):
        assert find_button(post["blocks"], f"tutor_suggest_{i}")["text"]["text"] == starter
    with pytest.raises(AssertionError):
        find_button(post["blocks"], "tutor_feedback_up")  # nothing quoted, nothing to rate


def test_small_talk_in_a_dm_is_answered_without_retrieval(
    guarded_slack: Slack, fake_slack: FakeSlack
) -> None:
    guarded_slack.message("thanks!", channel=DM, channel_type="im")
    [post] = fake_slack.wait_for("chat.postMessage")
    assert post["channel"] == DM and "You're welcome" in block_text(post["blocks"])
    guarded_slack.message("hi there", channel=DM, channel_type="im")
    greeting = fake_slack.wait_for("chat.postMessage", count=2)[-1]
    assert "I'm the tutor for the Certified MLOps Manager curriculum" in block_text(greeting["blocks"])


def test_a_starter_button_asks_its_question(slack: Slack, fake_slack: FakeSlack) -> None:
    slack.command("help")
    [post] = fake_slack.wait_for("chat.postEphemeral")
    slack.press(post.body, "tutor_suggest_0", CHANNEL, ephemeral=True)
    answers = fake_slack.wait_for("chat.postEphemeral", count=2)
    assert "[1]" in block_text(answers[-1]["blocks"])


def _feedback(slack: Slack, root: str) -> list[tuple[int, str, str | None, str]]:
    conversation_id = slack.store.thread_conversation(CHANNEL, root)
    assert conversation_id is not None
    # Read the SQLite file itself: the store interface only offers counts.
    with closing(sqlite3.connect(slack.app.state.settings.database_path)) as db:
        query = "SELECT turn, rating, reason, source FROM feedback WHERE conversation_id = ? ORDER BY turn"
        return [(int(t), str(r), reason, str(s)) for t, r, reason, s in db.execute(query, (conversation_id,))]


def test_thumbs_up_is_stored_and_acknowledged(slack: Slack, fake_slack: FakeSlack) -> None:
    root, post = answered(slack, PASSING)
    slack.press(posted(post), "tutor_feedback_up", CHANNEL)
    [update] = fake_slack.wait_for("chat.update")
    assert update["channel"] == CHANNEL and update["ts"] == post.response["ts"]
    assert "Thanks for the feedback" in block_text(update["blocks"])
    assert "70%" in block_text(update["blocks"])  # still the answer
    assert not any(
        e.get("action_id", "").startswith("tutor_feedback")
        for b in update["blocks"]
        for e in b.get("elements", [])
    )
    assert _feedback(slack, root) == [(1, "up", None, "slack")]
    assert slack.store.stats().feedback_up == 1


def test_thumbs_down_opens_a_modal_whose_reason_is_stored(slack: Slack, fake_slack: FakeSlack) -> None:
    root, post = answered(slack, PASSING)
    slack.press(posted(post), "tutor_feedback_down", CHANNEL)
    [opened] = fake_slack.wait_for("views.open")
    assert opened["trigger_id"].startswith("trigger-")
    view = opened["view"]
    assert view["type"] == "modal" and view["callback_id"] == "tutor_feedback_reason"
    [update] = fake_slack.wait_for("chat.update")
    assert "Thanks for the feedback" in block_text(update["blocks"])
    assert _feedback(slack, root) == [(1, "down", None, "slack")]  # stored even if the modal is dismissed

    slack.interact({
        "type": "view_submission",
        "user": {"id": LEARNER},
        "trigger_id": "trigger-submit",
        "view": {**view, "id": "V0TEST", "state": {"values": {"reason": {"reason": {
            "type": "plain_text_input", "value": "It did not say how many questions the exam has."}}}}},
    })  # fmt: skip
    slack.drain()
    assert _feedback(slack, root) == [(1, "down", "It did not say how many questions the exam has.", "slack")]
    assert slack.store.stats().feedback_down == 1


FORGED = ['{"c": "conv-1", "t": "three"}', "not json", '{"q": 42}', ""]


@pytest.mark.parametrize(
    "action_id",
    ["tutor_feedback_up", "tutor_feedback_down", "tutor_passages", "tutor_share", "tutor_suggest_0"],
)
@pytest.mark.parametrize("value", FORGED)
def test_button_value_not_the_tutors_is_a_clean_400(
    slack: Slack, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture, action_id: str, value: str
) -> None:
    button = {
        "type": "button",
        "action_id": action_id,
        "value": value,
        "text": {"type": "plain_text", "text": "?"},
    }
    started = time.monotonic()
    response = slack.press(
        {"blocks": [{"type": "actions", "elements": [button]}]}, action_id, CHANNEL, status=400
    )
    assert response.json() == {"error": f"the value of {action_id} is not one the tutor gave"}
    assert time.monotonic() - started < 1  # refused at the door, not after bolt's 3-second wait
    slack.drain()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert [
        c.method for c in fake_slack.calls if c.method != "auth.test"
    ] == []  # nothing posted, opened or updated
    stats = slack.store.stats()
    assert (stats.feedback_up, stats.feedback_down) == (0, 0)


def test_modal_metadata_not_the_tutors_is_a_clean_400(
    slack: Slack, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    response = slack.interact({
        "type": "view_submission",
        "user": {"id": LEARNER},
        "trigger_id": "trigger-submit",
        "view": {"id": "V0TEST", "type": "modal", "callback_id": "tutor_feedback_reason", "private_metadata": "{}",
                 "state": {"values": {"reason": {"reason": {"type": "plain_text_input", "value": "Forged."}}}}},
    }, status=400)  # fmt: skip
    assert response.json() == {"error": "the modal's metadata is not the tutor's"}
    slack.drain()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert slack.store.stats().feedback_down == 0
