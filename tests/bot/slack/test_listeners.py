"""Each question is answered once: Slack's retries, bots, the bot itself and mention+message pairs are not."""

from __future__ import annotations

from tests.bot.slack.conftest import CHANNEL, DM, LEARNER, Slack
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
