"""Every way a learner asks: @mention, DM, thread follow-up; each answer checked where it landed."""

from __future__ import annotations

import json

from tests.bot.slack.conftest import CHANNEL, DM, PUBLIC_URL, Slack, block_text
from tests.bot.slack.fake_slack import FakeSlack

PASSING = "What is the passing score for the exams?"


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


def test_mention_links_the_thread_to_the_conversation(slack: Slack, fake_slack: FakeSlack) -> None:
    ts = slack.mention(PASSING)
    [post] = fake_slack.wait_for("chat.postMessage")
    conversation_id = slack.store.thread_conversation(CHANNEL, ts)
    assert conversation_id is not None
    conversation = slack.store.get_conversation(conversation_id)
    assert conversation is not None and conversation.source == "slack"
    assert [t.question for t in conversation.turns] == [PASSING]
    assert conversation_id in json.dumps(post["blocks"])  # the buttons carry it


def test_direct_message_is_answered_in_the_dm(slack: Slack, fake_slack: FakeSlack) -> None:
    ts = slack.message(PASSING, channel=DM, channel_type="im")
    [post] = fake_slack.wait_for("chat.postMessage")
    assert post["channel"] == DM
    assert post.get("thread_ts") is None  # at the top level of the DM
    text = block_text(post["blocks"])
    assert "70%" in text and "[1] Frequently Asked Questions (General)" in text
    fake_slack.wait_for("reactions.remove")
    assert fake_slack.calls_to("reactions.add")[0]["timestamp"] == ts


def test_thread_follow_up_continues_the_conversation(slack: Slack, fake_slack: FakeSlack) -> None:
    root = slack.mention("What skills will I gain at the foundation level?")
    [first] = fake_slack.wait_for("chat.postMessage")
    assert "Foundation Level › Skills you’ll gain" in block_text(first["blocks"])

    slack.message("and the professional level?", thread_ts=root)  # no mention
    second = fake_slack.wait_for("chat.postMessage", count=2)[1]
    assert second["channel"] == CHANNEL
    assert second["thread_ts"] == root
    text = block_text(second["blocks"])
    assert "[1] Certified MLOps Manager – Professional Level › Skills you’ll gain" in text
    assert "Kubernetes" in text

    conversation_id = slack.store.thread_conversation(CHANNEL, root)
    assert conversation_id is not None
    conversation = slack.store.get_conversation(conversation_id)
    assert conversation is not None
    assert [t.question for t in conversation.turns] == [
        "What skills will I gain at the foundation level?",
        "and the professional level?",
    ]


def test_mention_inside_an_answered_thread_continues_it(slack: Slack, fake_slack: FakeSlack) -> None:
    root = slack.mention("What skills will I gain at the foundation level?")
    fake_slack.wait_for("chat.postMessage")
    slack.mention("and the professional level?", thread_ts=root)
    second = fake_slack.wait_for("chat.postMessage", count=2)[1]
    assert second["thread_ts"] == root
    assert "Professional Level › Skills you’ll gain" in block_text(second["blocks"])
    conversation_id = slack.store.thread_conversation(CHANNEL, root)
    assert conversation_id is not None
    conversation = slack.store.get_conversation(conversation_id)
    assert conversation is not None and len(conversation.turns) == 2


def test_dm_follow_up_continues_the_conversation(slack: Slack, fake_slack: FakeSlack) -> None:
    slack.message("What skills will I gain at the foundation level?", channel=DM, channel_type="im")
    fake_slack.wait_for("chat.postMessage")
    slack.message("and the professional level?", channel=DM, channel_type="im")
    second = fake_slack.wait_for("chat.postMessage", count=2)[1]
    assert second["channel"] == DM
    assert "Professional Level › Skills you’ll gain" in block_text(second["blocks"])


def test_reply_in_a_thread_under_a_dm_answer_continues_it(slack: Slack, fake_slack: FakeSlack) -> None:
    slack.message("What skills will I gain at the foundation level?", channel=DM, channel_type="im")
    [first] = fake_slack.wait_for("chat.postMessage")
    answer_ts = first.response["ts"]
    slack.message("and the professional level?", channel=DM, channel_type="im", thread_ts=answer_ts)
    second = fake_slack.wait_for("chat.postMessage", count=2)[1]
    assert second["thread_ts"] == answer_ts
    assert "Professional Level › Skills you’ll gain" in block_text(second["blocks"])


def test_bare_mention_gets_a_hint(slack: Slack, fake_slack: FakeSlack) -> None:
    root = slack.mention("")
    [post] = fake_slack.wait_for("chat.postMessage")
    assert post["thread_ts"] == root
    assert "Ask me a question about the curriculum" in post["text"]


def test_over_long_question_is_refused_politely(slack: Slack, fake_slack: FakeSlack) -> None:
    slack.message("why " * 600, channel=DM, channel_type="im")
    [post] = fake_slack.wait_for("chat.postMessage")
    assert post["text"].startswith("Sorry — the question is") and "limit is 2000" in post["text"]
