"""The buttons under an answer: feedback (and the 👎 reason modal), passages, suggestions."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from typing import Any

from tests.bot.slack.conftest import CHANNEL, DM, LEARNER, Slack, block_text, find_button
from tests.bot.slack.fake_slack import RESPONSE_URL_METHOD, Call, FakeSlack

PASSING = "What is the passing score for the exams?"
OFF_TOPIC = "What is the weather in Paris?"


def _answered(slack: Slack, fake: FakeSlack, question: str = PASSING) -> tuple[str, Call]:
    """Mention the bot and wait for the answer; returns the thread root and the posted message."""
    root = slack.mention(question)
    [post] = fake.wait_for("chat.postMessage")
    return root, post


def _posted(call: Call) -> dict[str, Any]:
    """The message as Slack would hand it back in a block_actions payload."""
    return {**call.body, "ts": call.response["ts"]}


def _feedback(slack: Slack, root: str) -> list[tuple[int, str, str | None, str]]:
    conversation_id = slack.store.thread_conversation(CHANNEL, root)
    assert conversation_id is not None
    # Read the SQLite file itself: the store interface only offers counts.
    with closing(sqlite3.connect(slack.app.state.settings.database_path)) as db:
        query = "SELECT turn, rating, reason, source FROM feedback WHERE conversation_id = ? ORDER BY turn"
        return [(int(t), str(r), reason, str(s)) for t, r, reason, s in db.execute(query, (conversation_id,))]


def test_thumbs_up_is_stored_and_acknowledged(slack: Slack, fake_slack: FakeSlack) -> None:
    root, post = _answered(slack, fake_slack)
    slack.press(_posted(post), "tutor_feedback_up", CHANNEL)
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
    root, post = _answered(slack, fake_slack)
    slack.press(_posted(post), "tutor_feedback_down", CHANNEL)
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


def test_show_passages_updates_the_message_with_the_quotes(slack: Slack, fake_slack: FakeSlack) -> None:
    _, post = _answered(slack, fake_slack)
    assert "Generally, a score of 70%" not in json.dumps(post["blocks"][-2:])
    slack.press(_posted(post), "tutor_passages", CHANNEL)
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


def test_abstention_offers_suggestions_and_pressing_one_asks_it(slack: Slack, fake_slack: FakeSlack) -> None:
    root, post = _answered(slack, fake_slack, OFF_TOPIC)
    text = block_text(post["blocks"])
    assert "doesn't cover that" in text
    buttons = [e for b in post["blocks"] for e in b.get("elements", []) if e.get("type") == "button"]
    suggestions = [b for b in buttons if b["action_id"].startswith("tutor_suggest_")]
    assert 2 <= len(suggestions) <= 3
    chosen = json.loads(suggestions[0]["value"])["q"]

    slack.press(_posted(post), suggestions[0]["action_id"], CHANNEL)
    second = fake_slack.wait_for("chat.postMessage", count=2)[1]
    assert second["channel"] == CHANNEL and second["thread_ts"] == root
    assert f"<@{LEARNER}> asked: " in block_text(second["blocks"])
    conversation_id = slack.store.thread_conversation(CHANNEL, root)
    assert conversation_id is not None
    conversation = slack.store.get_conversation(conversation_id)
    assert conversation is not None
    assert [t.question for t in conversation.turns] == [OFF_TOPIC, chosen]
    assert conversation.turns[0].abstained and not conversation.turns[1].abstained
    find_button(second["blocks"], "tutor_feedback_up")  # a real answer, with its buttons


def test_suggestion_in_a_dm_is_answered_in_the_dm(slack: Slack, fake_slack: FakeSlack) -> None:
    slack.message(OFF_TOPIC, channel=DM, channel_type="im")
    [post] = fake_slack.wait_for("chat.postMessage")
    slack.press(_posted(post), "tutor_suggest_1", DM)
    second = fake_slack.wait_for("chat.postMessage", count=2)[1]
    assert second["channel"] == DM and second.get("thread_ts") is None
    assert "[1]" in block_text(second["blocks"])


def test_suggestion_under_an_ephemeral_abstention_answers_ephemerally(
    slack: Slack, fake_slack: FakeSlack
) -> None:
    slack.command(OFF_TOPIC)
    [ephemeral] = fake_slack.wait_for("chat.postEphemeral")
    slack.press(ephemeral.body, "tutor_suggest_0", CHANNEL, ephemeral=True)
    second = fake_slack.wait_for("chat.postEphemeral", count=2)[1]
    assert second["user"] == LEARNER
    find_button(second["blocks"], "tutor_share")
    slack.drain()
    assert fake_slack.calls_to("chat.postMessage") == []
