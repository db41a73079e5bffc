"""What the Slack app is served over: the front door and Slack's own store, as the host holds them."""

from __future__ import annotations

from typing import Protocol

from bot.conversations import Conversations
from bot.practice import Practice
from bot.slack.store import SlackStore


class SlackHost(Protocol):
    """The FastAPI app's state, or the Socket Mode runtime; read on every request, so a swap takes effect."""

    @property
    def conversations(self) -> Conversations: ...

    @property
    def store(self) -> SlackStore: ...

    @property
    def practice(self) -> Practice: ...
