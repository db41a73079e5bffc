"""`/tutor <question>`: an ephemeral answer, and a button that shares it in the channel."""

from __future__ import annotations

from tests.bot.slack.conftest import CHANNEL, LEARNER, Slack, block_text, find_button
from tests.bot.slack.fake_slack import RESPONSE_URL_METHOD, FakeSlack

PASSING = "What is the passing score for the exams?"


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


def test_slash_command_without_a_question_gets_a_hint(slack: Slack, fake_slack: FakeSlack) -> None:
    slack.command("   ")
    [post] = fake_slack.wait_for("chat.postEphemeral")
    assert "Ask me a question about the curriculum" in post["text"]


def test_slash_command_where_the_bot_is_not_a_member_uses_the_response_url(
    slack: Slack, fake_slack: FakeSlack
) -> None:
    fake_slack.fail("chat.postEphemeral", "channel_not_found")
    slack.command(PASSING)
    [reply] = fake_slack.wait_for(RESPONSE_URL_METHOD)
    assert reply["response_type"] == "ephemeral"
    assert "70%" in block_text(reply["blocks"])
