"""What the Slack bot keeps beyond conversations: which thread is which conversation, and which
events were already handled. The conversation store implements it; only Slack uses it."""

from __future__ import annotations

from typing import Protocol


class SlackStore(Protocol):
    """Thread links and claimed event ids, shared by every process that answers Slack."""

    def thread_conversation(self, channel: str, thread_ts: str) -> str | None:
        """The conversation a Slack thread belongs to, if any."""
        ...

    def link_thread(self, channel: str, thread_ts: str, conversation_id: str) -> None:
        """Point a Slack thread at a conversation, replacing any earlier link."""
        ...

    def claim_event(self, event_id: str) -> bool:
        """True the first time an event id is seen, so a retried delivery is handled once."""
        ...
