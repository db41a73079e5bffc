"""Which conversation a question continues: the thread's, the DM's (until a pause), the one a suggestion came from."""

from __future__ import annotations

import json
from datetime import timedelta

from bot.config import Settings
from bot.runtime import IndexHolder, started
from bot.slack.threads import DM_THREAD_KEY, Threads
from tests.bot.slack.conftest import CHANNEL, DM, LEARNER, Slack, answered, block_text, find_button, posted
from tests.bot.slack.fake_slack import FakeSlack

PASSING = "What is the passing score for the exams?"
OFF_TOPIC = "What is the weather in Paris?"


def test_mention_links_the_thread_to_the_conversation(slack: Slack, fake_slack: FakeSlack) -> None:
    ts = slack.mention(PASSING)
    [post] = fake_slack.wait_for("chat.postMessage")
    conversation_id = slack.store.thread_conversation(CHANNEL, ts)
    assert conversation_id is not None
    conversation = slack.store.get_conversation(conversation_id)
    assert conversation is not None and conversation.source == "slack"
    assert [t.question for t in conversation.turns] == [PASSING]
    assert conversation_id in json.dumps(post["blocks"])  # the buttons carry it


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


def test_abstention_offers_suggestions_and_pressing_one_asks_it(slack: Slack, fake_slack: FakeSlack) -> None:
    root, post = answered(slack, OFF_TOPIC)
    text = block_text(post["blocks"])
    assert "doesn't cover that" in text
    buttons = [e for b in post["blocks"] for e in b.get("elements", []) if e.get("type") == "button"]
    suggestions = [b for b in buttons if b["action_id"].startswith("tutor_suggest_")]
    assert 2 <= len(suggestions) <= 3
    chosen = json.loads(suggestions[0]["value"])["q"]

    slack.press(posted(post), suggestions[0]["action_id"], CHANNEL)
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
    slack.press(posted(post), "tutor_suggest_1", DM)
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


def test_a_dm_continues_its_conversation_until_a_pause(settings: Settings, holder: IndexHolder) -> None:
    with started(settings, holder, watch=False, sweep=False) as runtime:
        threads = Threads(runtime)
        first = threads.ask("What skills will I gain at the foundation level?", DM, DM_THREAD_KEY)
        follow_up = threads.ask("and the professional level?", DM, DM_THREAD_KEY)
        assert (follow_up.conversation_id, follow_up.turn) == (first.conversation_id, 2)
        assert "Professional Level" in follow_up.answer.citations[0].section

        after_a_pause = Threads(runtime, dm_session=timedelta(0))
        assert after_a_pause.conversation_of(DM, DM_THREAD_KEY) is None
        fresh = after_a_pause.ask("and the professional level?", DM, DM_THREAD_KEY)
        assert fresh.conversation_id != first.conversation_id and fresh.turn == 1
        assert runtime.store.thread_conversation(DM, DM_THREAD_KEY) == fresh.conversation_id
        # A channel thread has no pause: it continues as long as its conversation is kept.
        runtime.store.link_thread(CHANNEL, "1600000000.000001", first.conversation_id)
        assert after_a_pause.conversation_of(CHANNEL, "1600000000.000001") == first.conversation_id


def test_a_full_thread_goes_on_in_a_new_conversation(
    slack_settings: Settings, holder: IndexHolder, fake_slack: FakeSlack
) -> None:
    from fastapi.testclient import TestClient

    from bot.api.main import create_app

    app = create_app(slack_settings.model_copy(update={"max_turns": 1}), holder=holder)
    with TestClient(app) as client:
        slack = Slack(client, app, fake_slack)
        root = slack.mention(PASSING)
        fake_slack.wait_for("chat.postMessage")
        first = slack.store.thread_conversation(CHANNEL, root)
        slack.message("and the labs?", thread_ts=root)
        [_, second] = fake_slack.wait_for("chat.postMessage", count=2)
        slack.drain()
        assert "Sorry" not in block_text(second["blocks"])  # answered, not apologised for
        assert slack.store.thread_conversation(CHANNEL, root) not in (None, first)
