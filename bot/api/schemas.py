"""Request and response bodies of the HTTP API: a contract that tests and outside clients rely on."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from bot.schemas import AnswerKind, AnswerSection, Citation, TraceEntry


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty or only whitespace")
    return value


class ChatRequest(BaseModel):
    message: str = Field(description="The learner's question.")
    conversation_id: str | None = Field(
        default=None, description="Continue this conversation; omit to start one."
    )

    _blank = field_validator("message")(_not_blank)


class ChatResponse(BaseModel):
    answer: str = Field(
        description="Markdown: quoted sentences with [n] markers; **bold** lines are labels, not quotes."
    )
    # "answer", "not_covered", or the tutor's own reply: "greeting", "thanks", "help", "goodbye",
    # "language" (asked in another language), "other_certification"
    kind: AnswerKind = "answer"
    citations: list[Citation]
    abstained: bool
    confidence: float
    suggestions: list[str]
    conversation_id: str
    turn: int
    plan: str = Field(
        default="passage",
        description="How the answer is built: passage, name, concise, parts, compare, list, table.",
    )
    sections: list[AnswerSection] = Field(
        default_factory=list,
        description="The answer's labelled blocks in order, each with the positions of its sentences.",
    )


class SearchRequest(BaseModel):
    query: str
    conversation_id: str | None = None
    level: str | None = None
    track: str | None = None
    kind: str | None = None
    k: int = Field(default=10, ge=1, le=50)

    _blank = field_validator("query")(_not_blank)


class SearchHit(TraceEntry):
    """A ranked passage: its scores (as in an answer's trace) and where it is."""

    title: str
    source: str
    lines: tuple[int, int]
    text: str


class SearchResponse(BaseModel):
    query: str
    resolved_query: str
    confidence: float
    would_abstain: bool
    results: list[SearchHit]


class FeedbackRequest(BaseModel):
    conversation_id: str
    turn: int = Field(ge=1)
    rating: Literal["up", "down"]
    reason: str | None = Field(default=None, max_length=2000)


class TurnOut(BaseModel):
    n: int
    question: str
    answer: dict[str, Any]
    abstained: bool
    confidence: float
    created_at: str


class ConversationOut(BaseModel):
    id: str
    source: str
    created_at: str
    updated_at: str
    turns: list[TurnOut]


class Passage(BaseModel):
    id: str
    title: str
    section: str
    source: str
    lines: tuple[int, int]
    text: str
