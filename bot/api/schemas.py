"""Request and response bodies of the HTTP API: a contract that tests and outside clients rely on."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, Field

from bot.schemas import AnswerKind, AnswerSection, Citation, TraceEntry

# Limits the schema states, so that clients (and schemathesis) know them. The message limit the server
# enforces is TUTOR_MAX_MESSAGE_CHARS; bot/api/openapi.py writes its value into the published schema.
MAX_TEXT = 2000
MAX_INT = 2**31 - 1  # the store's INTEGER columns
# A conversation id is the store's uuid4 hex; this admits any short URL-safe token, and nothing else.
ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"


def unicode_text(value: str) -> str:
    """Refuse text that is not valid Unicode: JSON's \\ud800 escapes decode to lone surrogates, which no
    database, log or response can encode."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(f"is not valid Unicode text (a lone surrogate at position {exc.start})") from None
    return value


# A character the question cleaner keeps (bot/answer/query.py drops controls and zero-width ones): a
# question needs one. Stated in the schema; the answerer refuses the rest ("the question is empty").
VISIBLE = "[^\\s\\u0000-\\u001f\\u007f-\\u009f\\u200b-\\u200f\\u2028\\u2029\\ufeff]"


def not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty or only whitespace")
    return value


Text = Annotated[str, AfterValidator(unicode_text)]
# The limits are stated in the schema and enforced by the validators and the answerer, whose refusals
# say what is wrong in words ("must not be empty…", "…the limit is 2000").
Question = Annotated[
    str,
    Field(json_schema_extra={"minLength": 1, "maxLength": MAX_TEXT, "pattern": VISIBLE}),
    AfterValidator(unicode_text),
    AfterValidator(not_blank),
]
ConversationId = Annotated[str, Field(pattern=ID_PATTERN, description="A conversation's id.")]


class ChatRequest(BaseModel):
    message: Question = Field(description="The learner's question.")
    conversation_id: ConversationId | None = Field(
        default=None,
        description="Continue this conversation (one this client started: see docs/conversations.md); "
        "omit to start one.",
    )


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


Filter = Annotated[Text, Field(max_length=100)]


class SearchRequest(BaseModel):
    query: Question
    conversation_id: ConversationId | None = None
    level: Filter | None = None
    track: Filter | None = None
    kind: Filter | None = None
    k: int = Field(default=10, ge=1, le=50)


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
    conversation_id: ConversationId
    turn: int = Field(ge=1, le=MAX_INT)
    rating: Literal["up", "down"]
    reason: Annotated[Text, Field(max_length=MAX_TEXT)] | None = None


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
    turns: list[TurnOut] = Field(description="One page of turns, in order.")
    next_after: int | None = Field(
        default=None, description="Pass as `after` for the next page; null on the last page."
    )
