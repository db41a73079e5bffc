"""Conversations: answers that remember their topic, stored turn by turn."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.answer.answerer import Answerer
from bot.answer.followup import Topic
from bot.answer.retrieve import Filters
from bot.runtime import IndexHolder
from bot.schemas import Answer
from bot.store import ConversationNotFound, ConversationStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reply:
    """An answer, and where it sits in its conversation."""

    answer: Answer
    conversation_id: str
    turn: int


class Conversations:
    """The one entry point that HTTP, Slack and the CLI share."""

    def __init__(self, holder: IndexHolder, store: ConversationStore) -> None:
        self.holder = holder
        self.store = store

    def topic_of(self, conversation_id: str) -> Topic | None:
        """The topic a conversation's latest turns left; ConversationNotFound for an unknown id."""
        conversation = self.store.get_conversation(conversation_id)
        if conversation is None:
            raise ConversationNotFound(f"no conversation with id {conversation_id!r}")
        topics = (Topic.from_dict(turn.topic) for turn in reversed(conversation.turns))
        return next((t for t in topics if t is not None), None)

    def ask(
        self,
        message: str,
        conversation_id: str | None = None,
        source: str = "http",
        trace: bool = False,
        filters: Filters | None = None,
        answerer: Answerer | None = None,
        topic: Topic | None = None,
    ) -> Reply:
        """Answer a message, continuing the conversation when an id is given, starting one otherwise.

        A client that keeps its own history (the OpenAI API) passes the topic instead of an id.
        """
        if conversation_id is not None:
            topic = self.topic_of(conversation_id)
        answerer = answerer or self.holder.answerer
        # Validate and answer before creating anything, so a refused question leaves no trace.
        answer, new_topic = answerer.answer(message, topic=topic, filters=filters, trace=trace)
        if conversation_id is None:
            conversation_id = self.store.create_conversation(source)
        stored = self.store.add_turn(
            conversation_id,
            question=message,
            resolved_query=answer.resolved_query or message,
            answer=answer.model_dump(mode="json", exclude={"trace"}),
            abstained=answer.abstained,
            confidence=answer.confidence,
            topic=new_topic.as_dict() if new_topic else {},
        )
        return Reply(answer=answer, conversation_id=conversation_id, turn=stored.n)
