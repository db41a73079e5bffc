"""OpenAI-compatible endpoints, so existing chat front-ends and the `openai` client can use the tutor."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Any, Literal

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from bot.api.deps import ReadyDep
from bot.api.routes.chat import invalid, pieces
from bot.conversations import Conversations, InvalidQuestion
from bot.schemas import Answer

router = APIRouter(prefix="/v1", tags=["openai"])
MODEL_ID = "mlops-tutor"


class Message(BaseModel):
    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: str | list[dict[str, Any]] | None = None

    def text(self) -> str:
        """Plain text of the message; content parts other than text are ignored."""
        if isinstance(self.content, list):
            return " ".join(str(p.get("text", "")) for p in self.content if p.get("type") == "text")
        return self.content or ""


class CompletionRequest(BaseModel):
    model: str = MODEL_ID
    messages: list[Message] = Field(min_length=1)
    stream: bool = False

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
    """The questions a reply offers (the starters, with help), for clients that show only the text."""
    if not answer.suggestions or answer.abstained:
        return ""
    return "\n\n" + "\n".join(f"- {s}" for s in answer.suggestions)


def extension(answer: Answer) -> dict[str, Any]:
    """The whole answer object, in an extension field that OpenAI clients pass through."""
    return answer.model_dump(
        mode="json",
        include={"kind", "citations", "abstained", "confidence", "suggestions", "plan", "sections"},
    )


def answer_messages(conversations: Conversations, messages: list[Message]) -> Answer:
    """Answer the last user message; earlier user messages set the topic, as a conversation would."""
    questions = [m.text() for m in messages if m.role == "user" and m.text().strip()]
    if not questions:
        raise invalid("messages", "needs at least one user message with text")
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


@router.post("/chat/completions", response_model=None)
async def completions(body: CompletionRequest, conversations: ReadyDep) -> dict[str, Any] | StreamingResponse:
    answer = await run_in_threadpool(answer_messages, conversations, body.messages)
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
