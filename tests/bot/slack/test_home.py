"""Slack polish, through the real slack-bolt app and signed requests, asserting what reached the fake
Web API: the App Home's questions and help above tutor mode's progress, a starter pressed there answered
in the learner's DM, and the assistant view's greeting, suggested prompts and answers in its thread."""

from __future__ import annotations

import json
from typing import Any

from bot.answer.replies import Replies
from tests.bot.slack.conftest import DM, LEARNER, Slack, block_text
from tests.bot.slack.fake_slack import TEAM, FakeSlack

STARTERS = list(Replies().starters)
ASSISTANT_THREAD = "1700000500.000100"


def home(slack: Slack, fake_slack: FakeSlack) -> dict[str, Any]:
    slack.event(
        {
            "type": "app_home_opened",
            "user": LEARNER,
            "channel": DM,
            "tab": "home",
            "event_ts": slack.next_ts(),
        }
    )
    [published] = fake_slack.wait_for("views.publish")
    assert published["user_id"] == LEARNER
    view: dict[str, Any] = published["view"]
    return view


def test_the_app_home_offers_questions_and_help_above_the_practice(
    slack: Slack, fake_slack: FakeSlack
) -> None:
    view = home(slack, fake_slack)
    blocks = view["blocks"]
    assert blocks[0]["text"]["text"] == "Ask the tutor"
    [questions] = [
        b
        for b in blocks
        if b["type"] == "actions" and b["elements"][0]["action_id"].startswith("tutor_suggest_")
    ]
    assert [e["text"]["text"] for e in questions["elements"]] == STARTERS
    text = block_text(blocks)
    assert "/tutor <question>" in text and "Share in channel" in text and "follow-up" in text
    # Tutor mode's part is extended, not repeated: one view, its progress once, below the help.
    assert text.count("Your practice") == 1 and text.index("How to ask") < text.index("Your practice")
    assert len(fake_slack.calls_to("views.publish")) == 1 and len(blocks) <= 100


def test_a_question_pressed_on_the_app_home_is_answered_in_the_dm(
    slack: Slack, fake_slack: FakeSlack
) -> None:
    view = home(slack, fake_slack)
    [questions] = [
        b
        for b in view["blocks"]
        if b["type"] == "actions" and b["elements"][0]["action_id"] == "tutor_suggest_0"
    ]
    button = questions["elements"][0]
    slack.interact(
        {
            "type": "block_actions",
            "user": {"id": LEARNER, "username": "learner", "team_id": TEAM},
            "trigger_id": "trigger-home",
            "container": {"type": "view", "view_id": "V0HOME"},
            "view": {"id": "V0HOME", "type": "home", "blocks": view["blocks"]},
            "actions": [
                {
                    "type": "button",
                    "action_id": button["action_id"],
                    "block_id": "b",
                    "value": button["value"],
                    "text": button["text"],
                    "action_ts": slack.next_ts(),
                }
            ],
        }
    )
    [opened] = fake_slack.wait_for("conversations.open")
    assert opened["users"] == LEARNER
    [answer] = fake_slack.wait_for("chat.postMessage")
    assert answer["channel"] == f"D{LEARNER}" and answer.get("thread_ts") is None
    assert "[1]" in block_text(answer["blocks"]) and STARTERS[0] in block_text(answer["blocks"])


def assistant_thread_started(slack: Slack) -> None:
    slack.event(
        {
            "type": "assistant_thread_started",
            "assistant_thread": {
                "user_id": LEARNER,
                "context": {"channel_id": "C0ELSEWHERE", "team_id": TEAM, "enterprise_id": None},
                "channel_id": DM,
                "thread_ts": ASSISTANT_THREAD,
            },
            "event_ts": slack.next_ts(),
        }
    )


def test_the_assistant_view_greets_a_new_thread_with_suggested_prompts(
    slack: Slack, fake_slack: FakeSlack
) -> None:
    assistant_thread_started(slack)
    [prompts] = fake_slack.wait_for("assistant.threads.setSuggestedPrompts")
    assert (prompts["channel_id"], prompts["thread_ts"]) == (DM, ASSISTANT_THREAD)
    sent = prompts["prompts"] if isinstance(prompts["prompts"], list) else json.loads(prompts["prompts"])
    assert sent == [{"title": q, "message": q} for q in STARTERS[:4]]
    [greeting] = fake_slack.wait_for("chat.postMessage")
    assert (greeting["channel"], greeting["thread_ts"]) == (DM, ASSISTANT_THREAD)
    assert "Certified MLOps Manager curriculum" in greeting["text"]


def test_a_question_in_the_assistant_thread_is_answered_there_and_continues(
    slack: Slack, fake_slack: FakeSlack
) -> None:
    assistant_thread_started(slack)
    fake_slack.wait_for("chat.postMessage")  # the greeting
    slack.message(STARTERS[0], channel=DM, channel_type="im", thread_ts=ASSISTANT_THREAD)
    answer = fake_slack.wait_for("chat.postMessage", count=2)[-1]
    assert answer["thread_ts"] == ASSISTANT_THREAD and "[1]" in block_text(answer["blocks"])
    slack.message("and how long does it take?", channel=DM, channel_type="im", thread_ts=ASSISTANT_THREAD)
    follow = fake_slack.wait_for("chat.postMessage", count=3)[-1]
    assert follow["thread_ts"] == ASSISTANT_THREAD
    conversation_id = slack.store.thread_conversation(DM, ASSISTANT_THREAD)
    assert conversation_id is not None
    conversation = slack.store.get_conversation(conversation_id)
    assert conversation is not None  # the thread is one conversation, the follow-up its second turn
    assert [t.question for t in conversation.turns] == [STARTERS[0], "and how long does it take?"]
