"""OpenAI-compatible endpoints, so existing chat front-ends and the `openai` client can use the tutor."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field, StrictBool
from pydantic.config import JsonDict

from bot.api.deps import ReadyDep
from bot.api.middleware import Charge
from bot.api.routes.chat import invalid, pieces
from bot.api.schemas import VISIBLE, Text
from bot.conversations import Conversations, InvalidQuestion
from bot.schemas import Answer

router = APIRouter(prefix="/v1", tags=["openai"])
MODEL_ID = "mlops-tutor"


class ContentPart(BaseModel):
    """One part of a message's content; only text parts are read, the others (images…) are ignored."""

    type: Annotated[Text, Field(max_length=100)]
    text: Text | None = None

    model_config = {"extra": "allow"}


class Message(BaseModel):
    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: Text | list[ContentPart] | None = None

    def text(self) -> str:
        """Plain text of the message; content parts other than text are ignored."""
        if isinstance(self.content, list):
            return " ".join(p.text or "" for p in self.content if p.type == "text")
        return self.content or ""


# What the schema states of `messages`: among them, a user message with some text to answer.
USER_TEXT: JsonDict = {
    "type": "object",
    "required": ["role", "content"],
    "properties": {
        "role": {"const": "user"},
        "content": {
            "anyOf": [
                {"type": "string", "pattern": VISIBLE},
                {
                    "type": "array",
                    "contains": {
                        "type": "object",
                        "required": ["type", "text"],
                        "properties": {
                            "type": {"const": "text"},
                            "text": {"type": "string", "pattern": VISIBLE},
                        },
                    },
                },
            ]
        },
    },
}


class CompletionRequest(BaseModel):
    model: Annotated[Text, Field(max_length=200)] = MODEL_ID
    messages: list[Message] = Field(min_length=1, json_schema_extra={"contains": USER_TEXT})
    stream: StrictBool = False  # 0 or "yes" is a mistake to point out, not a false to guess

    model_config = {"extra": "allow"}  # temperature, max_tokens…: accepted, meaningless for quotes


def sources_text(answer: Answer) -> str:
    """The numbered source list appended to the message, for clients that show only the text."""
    if not answer.citations:
        return ""
    lines = [
        f"[{c.n}] {c.title} › {c.section.split(' › ')[-1]} ({c.source}:{c.lines[0]}-{c.lines[1]})"
        for c in answer.citations
    ]
    return "\n\nSources:\n" + "\n".join(lines)


def suggestions_text(answer: Answer) -> str:
    """The questions a reply offers (the starters with help, nearby topics with a refusal), for clients
    that show only the text."""
    if not answer.suggestions:
        return ""
    intro = "\n\nNearby topics it does cover:\n" if answer.abstained else "\n\n"
    return intro + "\n".join(f"- {s}" for s in answer.suggestions)


def extension(answer: Answer) -> dict[str, Any]:
    """The whole answer object, in an extension field that OpenAI clients pass through."""
    return answer.model_dump(
        mode="json",
        include={"kind", "citations", "abstained", "confidence", "suggestions", "plan", "sections"},
    )


def user_questions(messages: list[Message]) -> list[str]:
    """The text of the user messages, in order; 422 when there is none."""
    questions = [m.text() for m in messages if m.role == "user" and m.text().strip()]
    if not questions:
        raise invalid("messages", "needs at least one user message with text")
    return questions


def charge(request: Request, conversations: Conversations, questions: list[str]) -> None:
    """Count every question the request makes the tutor answer against the client's rate limit: the
    last one and the few earlier ones that set its topic (TUTOR_FOLLOWUP_TURNS); the rest are ignored."""
    paid: Charge | None = request.scope.get("state", {}).get("rate_limit")
    refused = paid.extra(len(conversations.recent(questions[:-1]))) if paid else None
    if refused is not None:
        raise HTTPException(429, "too many questions; slow down", headers=refused.headers())


def answer_messages(conversations: Conversations, questions: list[str]) -> Answer:
    """Answer the last user message; the few before it set the topic, as a conversation would."""
    try:
        # Recorded like any other question, so /stats sees what OpenAI clients ask too.
        return conversations.ask(questions[-1], source="openai", history=questions[:-1]).answer
    except InvalidQuestion as exc:
        raise invalid("messages", str(exc)) from None


@router.get("/models")
def models() -> dict[str, Any]:
    return {
        "object": "list",
        "data": [{"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "mlops-tutor"}],
    }


@router.post(
    "/chat/completions",
    response_model=None,
    responses={
        200: {
            "description": "A chat.completion, or with `stream` a text/event-stream of chat.completion.chunk.",
            "content": {"application/json": {}, "text/event-stream": {}},
        }
    },
)
async def completions(
    body: CompletionRequest, conversations: ReadyDep, request: Request
) -> dict[str, Any] | StreamingResponse:
    questions = user_questions(body.messages)
    charge(request, conversations, questions)
    answer = await run_in_threadpool(answer_messages, conversations, questions)
    content = answer.answer + suggestions_text(answer) + sources_text(answer)
    ident, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
    if not body.stream:
        return {
            "id": ident,
            "object": "chat.completion",
            "created": created,
            "model": body.model,
            "choices": [
                {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}
            ],
            "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
            "tutor": extension(answer),
        }

    def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
        payload = {
            "id": ident,
            "object": "chat.completion.chunk",
            "created": created,
            "model": body.model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            **extra,
        }
        return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n"

    def events() -> Iterator[str]:
        yield chunk({"role": "assistant", "content": ""})
        for piece in pieces(answer.answer):
            yield chunk({"content": piece})
        if answer.citations:
            yield chunk({"content": sources_text(answer)})
        elif suggestions_text(answer):
            yield chunk({"content": suggestions_text(answer)})
        yield chunk({}, "stop", tutor=extension(answer))
        yield "data: [DONE]\n\n"

    return StreamingResponse(events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})
