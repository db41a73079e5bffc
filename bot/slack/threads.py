"""Which conversation a Slack thread (or a DM) continues, and linking threads to conversations after answering."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from bot.conversations import ConversationFull, ConversationNotFound, Reply
from bot.slack.host import SlackHost

log = logging.getLogger(__name__)

# A DM has no thread to hold a conversation, so its top-level messages share one, kept under this
# thread key; it continues while the learner keeps asking, and a new one starts after a pause.
DM_THREAD_KEY = "dm"
DM_SESSION = timedelta(minutes=30)


class Threads:
    """Slack threads as conversations: the links live in the SlackStore, the conversations behind the front door."""

    def __init__(self, host: SlackHost, dm_session: timedelta = DM_SESSION) -> None:
        self.host = host
        self.dm_session = dm_session

    def answered(self, channel: str, thread_ts: str) -> bool:
        """Whether the bot answered in this thread (so that its messages are follow-ups)."""
        return self.host.store.thread_conversation(channel, thread_ts) is not None

    def conversation_of(self, channel: str, thread_key: str | None) -> str | None:
        """The conversation a thread is linked to; a DM's top level only while the last turn is recent."""
        if not thread_key:
            return None
        conversation_id = self.host.store.thread_conversation(channel, thread_key)
        if conversation_id is None or thread_key != DM_THREAD_KEY:
            return conversation_id
        conversation = self.host.conversations.conversation(conversation_id)
        if conversation is None or datetime.now(UTC) - conversation.updated_at > self.dm_session:
            return None
        return conversation_id

    def ask(
        self, text: str, channel: str, thread_key: str | None, conversation_id: str | None = None
    ) -> Reply:
        """Ask, continuing the given conversation or else the thread's (or DM's); link the thread to the reply."""
        conversations = self.host.conversations
        conversation_id = conversation_id or self.conversation_of(channel, thread_key)
        try:
            reply = conversations.ask(text, conversation_id, source="slack")
        except (ConversationNotFound, ConversationFull):
            # The thread's conversation expired (retention) or is full (TUTOR_MAX_TURNS): start a new one.
            log.info("conversation %s is gone or full; starting a new one", conversation_id)
            reply = conversations.ask(text, None, source="slack")
        if thread_key:
            self.link(channel, thread_key, reply.conversation_id)
        return reply

    def link(self, channel: str, thread_ts: str | None, conversation_id: str) -> None:
        """Point a thread at a conversation, so that the next message there continues it."""
        if not thread_ts:
            return
        try:
            self.host.store.link_thread(channel, thread_ts, conversation_id)
        except Exception as exc:  # the answer still goes out; only the follow-up link is lost
            log.warning("could not link thread %s/%s: %s", channel, thread_ts, exc)
