"""The Slack assistant view (the split view beside a conversation): bolt's Assistant middleware greets a
new assistant thread and sets its suggested prompts. Questions typed there arrive as DM thread messages,
which the ordinary DM listener answers in that thread, so a thread is one conversation as anywhere else."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import Assistant
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.conversations import NotReady
from bot.slack.delivery import Payload, slack_error
from bot.slack.home import GREETING, prompts
from bot.slack.host import SlackHost

log = logging.getLogger(__name__)

PROMPTS_TITLE = "Try asking"


class AssistantListeners:
    """What the assistant view's events do, over what the host holds when they arrive."""

    def __init__(self, host: SlackHost) -> None:
        self.host = host

    def on_thread_started(self, event: Payload, client: WebClient) -> None:
        """A learner opened a new assistant thread: greet them there and offer the starter questions."""
        thread = event.get("assistant_thread") or {}
        channel, thread_ts = thread.get("channel_id"), thread.get("thread_ts")
        if not channel or not thread_ts:
            return
        try:
            starters = self.host.conversations.starters()
        except NotReady:
            starters = []  # still loading: greet now, the prompts come with the next thread
        try:
            client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=GREETING)
            if starters:
                client.assistant_threads_setSuggestedPrompts(
                    channel_id=channel, thread_ts=thread_ts, title=PROMPTS_TITLE, prompts=prompts(starters)
                )
        except SlackApiError as exc:
            log.warning("could not start the assistant thread in %s: %s", channel, slack_error(exc))


def assistant_middleware(host: SlackHost, acknowledge: Callable[..., None]) -> Assistant:
    """bolt's Assistant, acknowledging at once and greeting on the app's bounded executor (lazily)."""
    assistant = Assistant(logger=logging.getLogger("bot.slack.assistant"))
    listeners = AssistantListeners(host)
    assistant.thread_started(lazy=[listeners.on_thread_started])(acknowledge)
    return assistant
