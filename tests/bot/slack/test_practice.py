"""Tutor mode in Slack, the real bolt app against the fake Slack Web API: `/tutor quiz` posts an item,
a choice pressed or a thread reply is graded with feedback in the thread, `/tutor plan` makes a plan
(asking back for the role, starting practice at its level), and the App Home shows progress."""

from __future__ import annotations

import time
from typing import Any

from bot.slack.practice_blocks import PLAN_ROLE_PREFIX, QUIZ_ANSWER_PREFIX, QUIZ_NEXT
from tests.bot.slack.conftest import CHANNEL, LEARNER, Slack, block_text, find_button, posted
from tests.bot.slack.fake_slack import RESPONSE_URL_METHOD, Call


def held(slack: Slack, channel: str, ts: str, timeout: float = 10.0) -> bool:
    """Whether the thread comes to hold a practice item (the listener links it just after posting)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if slack.store.prompt(channel, ts) is not None:
            return True
        time.sleep(0.02)
    return False


def quiz(slack: Slack, text: str, count: int) -> Call:
    """`/tutor <text>` and the practice item it posts (the `count`th post so far)."""
    slack.command(text)
    return slack.fake.wait_for("chat.postMessage", count=count)[-1]


def feedback(slack: Slack, count: int) -> Call:
    """The `count`th post in a thread: feedback on an answer."""
    return slack.fake.wait_for("chat.postMessage", count=count, where=lambda c: bool(c.get("thread_ts")))[-1]


def test_a_quiz_item_graded_by_button_and_by_thread_reply(slack: Slack) -> None:
    item = quiz(slack, "quiz foundation", 1)
    assert item["channel"] == CHANNEL
    text = block_text(item["blocks"])
    assert "Multiple choice" in text and "Foundation" in text
    ts = item.response["ts"]
    assert held(slack, CHANNEL, ts)  # the thread holds the item for its replies

    slack.press(posted(item), f"{QUIZ_ANSWER_PREFIX}0", CHANNEL)
    first = feedback(slack, 1)
    assert first["thread_ts"] == ts
    shown = block_text(first["blocks"])
    assert ("Correct" in shown) or ("Not yet" in shown and "The curriculum says" in shown)
    assert "&gt;" not in shown and "> " in shown  # the passage, quoted
    assert "conversations.example.org/?passage=" in shown  # …and linked on the web page

    slack.press(first.body | {"ts": first.response["ts"]}, QUIZ_NEXT, CHANNEL)
    second = slack.fake.wait_for("chat.postMessage", count=3)[-1]
    assert "Short answer" in block_text(second["blocks"])  # kinds take turns
    assert "Reply in this thread" in block_text(second["blocks"])
    assert held(slack, CHANNEL, second.response["ts"])
    slack.message("It validates basic MLOps terminology and how DevOps differs from ML operations.",
                  thread_ts=second.response["ts"])  # fmt: skip
    graded = feedback(slack, 2)
    assert graded["thread_ts"] == second.response["ts"]
    assert any(mark in block_text(graded["blocks"]) for mark in ("Correct", "Partly right", "Not yet"))
    progress = slack.app.state.practice.progress(f"slack:{LEARNER}")
    assert progress.total.seen == 2


def test_an_unknown_level_is_refused_with_the_levels(slack: Slack) -> None:
    slack.command("quiz grandmaster")
    [note] = slack.fake.wait_for(RESPONSE_URL_METHOD)
    assert "grandmaster" in note["text"] and "Foundation" in note["text"]
    assert slack.fake.calls_to("chat.postMessage") == []


def test_a_plan_then_practice_at_its_level(slack: Slack) -> None:
    slack.command("plan I'm an SRE with 3 years of Kubernetes, I want to lead an ML platform team.")
    [plan] = slack.fake.wait_for(RESPONSE_URL_METHOD)
    text = block_text(plan["blocks"])
    assert "Certified MLOps Manager – Professional" in text and "Engineering" in text
    assert text.count("Source:") >= 5  # every line cites its passages
    start = find_button(plan["blocks"], QUIZ_NEXT)
    assert "Professional" in start["text"]["text"]
    slack.press(plan.body, QUIZ_NEXT, CHANNEL, ephemeral=True)
    item = slack.fake.wait_for("chat.postMessage")[0]
    assert "Professional" in block_text(item["blocks"])
    slack.press(posted(item), f"{QUIZ_ANSWER_PREFIX}0", CHANNEL)  # the first new item is a choice
    feedback(slack, 1)
    slack.event({"type": "app_home_opened", "user": LEARNER, "tab": "home", "event_ts": slack.next_ts()})
    [home] = slack.fake.wait_for("views.publish")
    assert "1 of " in block_text(home["view"]["blocks"])  # plan, practice, progress


def test_a_plan_asks_back_for_the_role(slack: Slack) -> None:
    slack.command("plan I want to get into this, where do I start?")
    [asked] = slack.fake.wait_for(RESPONSE_URL_METHOD)
    buttons = [e for b in asked["blocks"] if b["type"] == "actions" for e in b["elements"]]
    roles = [b["text"]["text"] for b in buttons if b["action_id"].startswith(PLAN_ROLE_PREFIX)]
    assert "Security Engineer" in roles and len(roles) == 8
    slack.press(asked.body, f"{PLAN_ROLE_PREFIX}{roles.index('Security Engineer')}", CHANNEL, ephemeral=True)
    replanned = slack.fake.wait_for(RESPONSE_URL_METHOD, count=2)[-1]
    assert replanned["replace_original"] is True
    assert "Certified MLOps Manager – Security Track" in block_text(replanned["blocks"])


def test_the_app_home_shows_progress_due_items_and_starters(slack: Slack) -> None:
    item = quiz(slack, "quiz manager", 1)
    slack.press(posted(item), f"{QUIZ_ANSWER_PREFIX}0", CHANNEL)
    feedback(slack, 1)
    slack.event({"type": "app_home_opened", "user": LEARNER, "channel": "D0LEARNER", "tab": "home",
                 "event_ts": slack.next_ts()})  # fmt: skip
    [published] = slack.fake.wait_for("views.publish")
    assert published["user_id"] == LEARNER
    view: dict[str, Any] = published["view"]
    assert view["type"] == "home"
    text = block_text(view["blocks"])
    assert "1 of " in text and "Managerial" in text
    assert "Due for review" in text and "Starter questions" in text
    starter = next(b["accessory"] for b in view["blocks"] if b.get("accessory"))
    assert starter["action_id"] == QUIZ_NEXT


def test_ordinary_questions_still_go_to_the_answerer(slack: Slack) -> None:
    slack.command("What is the passing score for the exams?")
    [answer] = slack.fake.wait_for("chat.postEphemeral")
    assert "70%" in block_text(answer["blocks"])
