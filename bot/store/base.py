"""The conversation and feedback store: the tutor's only shared state, behind one small interface."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol

Rating = Literal["up", "down"]


class StoreError(Exception):
    """Base class for store errors that a client may see."""


class ConversationNotFound(StoreError):
    """No conversation has this id (or it was purged by retention)."""


class TurnNotFound(StoreError):
    """The conversation exists but has no turn with this number."""


class ConversationFull(StoreError):
    """The conversation holds as many turns as a conversation may (TUTOR_MAX_TURNS)."""


class StoreUnavailable(StoreError):
    """The database cannot be written or reached just now (a full disk, a lost connection): retry later."""


@dataclass(frozen=True)
class Turn:
    """One question and the answer given to it."""

    conversation_id: str
    n: int  # 1-based, in the order asked
    question: str
    resolved_query: str  # the question after follow-up resolution, as retrieval saw it
    answer: dict[str, Any]  # the Answer object, as JSON-ready data
    abstained: bool
    confidence: float
    topic: dict[str, Any]  # the resolved topic (level, track, section…) that a follow-up inherits
    created_at: datetime


@dataclass(frozen=True)
class Conversation:
    id: str
    source: str  # "http", "slack", "openai", "cli"
    created_at: datetime
    updated_at: datetime
    turns: list[Turn] = field(default_factory=list)  # all of them, or the page or latest few asked for
    # A digest of the credential that started it over HTTP (the browser's cookie); None for Slack, the
    # CLI and conversations from before owners, which HTTP clients can therefore never reach.
    owner: str | None = None


@dataclass(frozen=True)
class Feedback:
    conversation_id: str
    turn: int
    rating: Rating
    reason: str | None
    source: str
    created_at: datetime


@dataclass(frozen=True)
class UnansweredQuestion:
    """A question the curriculum could not answer: the tutor abstained, or a learner rated it down."""

    question: str
    count: int
    abstained: int
    rated_down: int
    last_asked: datetime


@dataclass(frozen=True)
class Stats:
    conversations: int
    questions: int
    abstained: int
    abstention_rate: float
    feedback_up: int
    feedback_down: int
    unanswered: list[UnansweredQuestion]


class ConversationStore(Protocol):
    """What every surface needs from storage. Implementations are thread-safe.

    Slack's own tables sit behind bot.slack.store.SlackStore, which the SQL store also implements.
    """

    def create_conversation(self, source: str, owner: str | None = None) -> str: ...

    def get_conversation(
        self, conversation_id: str, *, after: int = 0, limit: int | None = None
    ) -> Conversation | None:
        """The conversation with its turns numbered after `after`, at most `limit` of them."""
        ...

    def latest_turns(self, conversation_id: str, count: int) -> Conversation | None:
        """The conversation with only its latest `count` turns, in order."""
        ...

    def add_turn(
        self,
        conversation_id: str | None,
        *,
        question: str,
        resolved_query: str,
        answer: dict[str, Any],
        abstained: bool,
        confidence: float,
        topic: dict[str, Any],
        source: str | None = None,
        owner: str | None = None,
        max_turns: int | None = None,
    ) -> Turn:
        """Append a turn; with no conversation id, start one from `source` (for `owner`) in the same
        transaction. ConversationFull when the conversation already holds `max_turns` turns."""
        ...

    def add_feedback(
        self, conversation_id: str, turn: int, rating: Rating, reason: str | None, source: str
    ) -> Feedback: ...

    def stats(self, limit: int = 10) -> Stats: ...

    def purge_expired(self, retention_days: int) -> int: ...

    def close(self) -> None: ...
