"""The one front door of every surface (HTTP, web page, Slack, CLI): ask, follow-ups, search,
passages, feedback. Surfaces never reach into the answering core; they come here."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from time import perf_counter
from typing import Protocol

from bot.answer.answerer import Answerer
from bot.answer.candidate import Filters
from bot.answer.followup import Topic
from bot.answer.query import InvalidQuestion
from bot.metrics.record import RECORDER, STORE
from bot.schemas import Answer, TraceEntry
from bot.store import (
    Conversation,
    ConversationFull,
    ConversationNotFound,
    ConversationStore,
    Feedback,
    Rating,
)
from index.chunk import Chunk
from index.tokens import count_tokens

log = logging.getLogger(__name__)

__all__ = [
    "ConversationFull",
    "ConversationNotFound",
    "Conversations",
    "Filters",
    "InvalidQuestion",
    "NotReady",
    "Reply",
    "SearchResult",
]


class NotReady(Exception):
    """No index is loaded yet."""


class AnswererSource(Protocol):
    """Whatever holds the answerer in service (the runtime's index holder); NotReady when none is."""

    @property
    def answerer(self) -> Answerer: ...


@dataclass(frozen=True)
class Reply:
    """An answer, and where it sits in its conversation."""

    answer: Answer
    conversation_id: str
    turn: int


@dataclass(frozen=True)
class SearchHit:
    """One ranked passage with the scores that put it there."""

    trace: TraceEntry
    chunk: Chunk


@dataclass(frozen=True)
class SearchResult:
    """Retrieval alone, on exactly the path that answers take."""

    resolved_query: str
    confidence: float
    would_abstain: bool
    hits: list[SearchHit]


class Conversations:
    """Answers that remember their topic, stored turn by turn.

    `owner` (HTTP only: a digest of the client's conversation cookie) must match the conversation's, or
    the conversation is not found; the other surfaces pass None and are trusted. A follow-up reads only
    the latest `followup_turns` turns (or user messages of a client's history), so its cost does not grow
    with the conversation; a conversation holds at most `max_turns` turns (ConversationFull).
    """

    def __init__(
        self,
        holder: AnswererSource,
        store: ConversationStore,
        *,
        max_turns: int | None = None,
        followup_turns: int = 3,
    ) -> None:
        self.holder = holder
        self.store = store
        self.max_turns = max_turns
        self.followup_turns = followup_turns

    @property
    def max_question_chars(self) -> int:
        return self.holder.answerer.config.max_question_chars

    def starters(self) -> list[str]:
        """The questions the tutor offers to start with (those of its help reply); NotReady until loaded."""
        return list(self.holder.answerer.replies.starters)

    def check_question(self, message: str) -> None:
        """Refuse, before anything is stored or streamed, what `ask` would refuse (InvalidQuestion)."""
        answerer = self.holder.answerer
        answerer.clean(message)

    def conversation(
        self, conversation_id: str, owner: str | None = None, *, after: int = 0, limit: int | None = None
    ) -> Conversation | None:
        """A stored conversation with its turns after `after` (at most `limit`); None for an unknown (or
        expired) id, or one that `owner` did not start."""
        found = self.store.get_conversation(conversation_id, after=after, limit=limit)
        return found if found is not None and _reachable(found, owner) else None

    def topic_of(self, conversation_id: str, owner: str | None = None) -> Topic | None:
        """The topic a conversation's latest turns left; ConversationNotFound for an unknown id."""
        conversation = self.store.latest_turns(conversation_id, self.followup_turns)
        if conversation is None or not _reachable(conversation, owner):
            raise ConversationNotFound(f"no conversation with id {conversation_id!r}")
        topics = (Topic.from_dict(turn.topic) for turn in reversed(conversation.turns))
        return next((t for t in topics if t is not None), None)

    def recent(self, history: Sequence[str]) -> Sequence[str]:
        """The part of a client's history that follow-ups are resolved from: its last few questions."""
        return history[-self.followup_turns :] if self.followup_turns else ()

    def ask(
        self,
        message: str,
        conversation_id: str | None = None,
        source: str = "http",
        trace: bool = False,
        filters: Filters | None = None,
        history: Sequence[str] = (),
        owner: str | None = None,
    ) -> Reply:
        """Answer a message, continuing the conversation when an id is given, starting one otherwise.

        A client that keeps its own history (the OpenAI API) passes its earlier questions instead
        of an id; the last few set the topic as a conversation's turns would (`recent`).
        """
        # One answerer for the whole request, so a live index swap never changes it midway.
        answerer = self.holder.answerer
        topic = self.topic_of(conversation_id, owner) if conversation_id is not None else None
        for earlier in self.recent(history):
            try:
                _, topic = answerer.answer(earlier, topic=topic)
            except InvalidQuestion:
                continue  # an unanswerable earlier turn sets no topic
        # Validate and answer before writing anything, so a refused question leaves no trace; then one
        # transaction stores the turn, starting the conversation too when there is none yet.
        RECORDER.count(("questions", source))
        answer, new_topic = answerer.answer(message, topic=topic, filters=filters, trace=trace)
        RECORDER.count(("abstentions" if answer.abstained else "answers", source))
        started = perf_counter()
        stored = self.store.add_turn(
            conversation_id,
            question=message,
            resolved_query=answer.resolved_query or message,
            answer=answer.model_dump(mode="json", exclude={"trace"}),
            abstained=answer.abstained,
            confidence=answer.confidence,
            topic=new_topic.as_dict() if new_topic else {},
            source=source,
            owner=owner,
            max_turns=self.max_turns,
        )
        RECORDER.observe(STORE, perf_counter() - started)
        return Reply(answer=answer, conversation_id=stored.conversation_id, turn=stored.n)

    def search(
        self,
        query: str,
        conversation_id: str | None = None,
        filters: Filters | None = None,
        k: int = 10,
        owner: str | None = None,
    ) -> SearchResult:
        """The ranked passages for a query (resolved against the conversation's topic, if any)."""
        answerer = self.holder.answerer
        topic = self.topic_of(conversation_id, owner) if conversation_id else None
        attempt = answerer.choose(query, topic, filters)
        candidates = attempt.candidates[:k]
        hits = [
            SearchHit(entry, c.chunk) for entry, c in zip(answerer.trace(candidates), candidates, strict=True)
        ]
        return SearchResult(
            resolved_query=attempt.query.text,
            confidence=round(attempt.confidence, 4),
            would_abstain=answerer.abstains(attempt),
            hits=hits,
        )

    def passage(self, passage_id: str) -> Chunk | None:
        """One passage of the index in service, by id: where a citation leads."""
        return self.holder.answerer.passage(passage_id)

    def tokens(self, text: str) -> int:
        """How many tokens the encoder's tokenizer makes of `text`: the usage OpenAI clients read."""
        return count_tokens(self.holder.answerer.retriever.encoder.info, text)

    def feedback(
        self,
        conversation_id: str,
        turn: int,
        rating: Rating,
        reason: str | None,
        source: str,
        owner: str | None = None,
    ) -> Feedback:
        """Record a learner's rating of one answer (ConversationNotFound, TurnNotFound)."""
        if owner is not None and self.conversation(conversation_id, owner, limit=0) is None:
            raise ConversationNotFound(conversation_id)
        recorded = self.store.add_feedback(conversation_id, turn, rating, reason, source)
        RECORDER.count(("feedback", rating))
        return recorded


def _reachable(conversation: Conversation, owner: str | None) -> bool:
    """Whether a caller may see the conversation: trusted surfaces (None) always, HTTP clients their own."""
    return owner is None or conversation.owner == owner
