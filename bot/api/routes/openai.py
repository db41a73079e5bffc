"""OpenAI-compatible endpoints, so existing chat front-ends and the `openai` client can use the tutor.

The answer travels three ways, for clients that keep different parts of a completion: the message's
content (Markdown; with TUTOR_PUBLIC_URL each [n] and each source is a link to the passage on the web
page), URL-citation annotations on the message (what chat UIs such as Open WebUI list as sources), and
the whole answer object in the `tutor` extension field.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import JSONResponse, StreamingResponse

from bot.api.deps import AnswerSlotsDep, ReadyDep, SettingsDep
from bot.api.middleware import Charge
from bot.api.openai_schemas import MODEL_ID, RESPONSES, CompletionRequest, Message, refusal, unknown_model
from bot.api.routes.chat import invalid
from bot.citations import Rendered, Span, render, source_label
from bot.conversations import Conversations, InvalidQuestion
from bot.schemas import Answer

router = APIRouter(prefix="/v1", tags=["openai"])
MODEL = {"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "mlops-tutor"}


def extension(answer: Answer) -> dict[str, Any]:
    """The whole answer object, in an extension field that OpenAI clients pass through."""
    return answer.model_dump(
        mode="json",
        include={"kind", "citations", "abstained", "confidence", "suggestions", "plan", "sections"},
    )


def url_citations(spans: list[Span]) -> list[dict[str, Any]]:
    """OpenAI's URL-citation annotations: one per source, on its first marker in the content."""
    return [
        {
            "type": "url_citation",
            "url_citation": {
                "url": s.url,
                "title": f"[{s.citation.n}] {source_label(s.citation)}",
                "start_index": s.start,
                "end_index": s.end,
            },
        }
        for s in spans
    ]


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


def usage(conversations: Conversations, messages: list[Message], content: str) -> dict[str, int]:
    """Token counts by the encoder's own tokenizer: every message sent, and the content returned."""
    prompt = sum(conversations.tokens(m.text()) for m in messages)
    completion = conversations.tokens(content)
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


@router.get("/models")
async def models() -> dict[str, Any]:
    """The one model this service answers as."""
    return {"object": "list", "data": [MODEL]}


@router.get("/models/{model}", response_model=None, responses={404: RESPONSES[404]})
async def model(
    model: Annotated[str, Path(max_length=200, examples=[MODEL_ID])],
) -> dict[str, Any] | JSONResponse:
    """The model, or OpenAI's 404 `model_not_found` for any other name."""
    return MODEL if model == MODEL_ID else unknown_model(model)


@router.post(
    "/chat/completions",
    response_model=None,
    responses={
        **RESPONSES,
        200: {
            "description": "A chat.completion, or with `stream` a text/event-stream of chat.completion.chunk.",
            "content": {"application/json": {}, "text/event-stream": {}},
        },
    },
)
async def completions(
    body: CompletionRequest,
    conversations: ReadyDep,
    settings: SettingsDep,
    request: Request,
    slots: AnswerSlotsDep,
) -> dict[str, Any] | StreamingResponse | JSONResponse:
    if body.model != MODEL_ID:
        return unknown_model(body.model)
    refused = refusal(body)
    if refused is not None:
        return refused
    questions = user_questions(body.messages)
    charge(request, conversations, questions)
    answer = await anyio.to_thread.run_sync(answer_messages, conversations, questions, limiter=slots)
    rendered = render(answer, settings.public_url, str(request.base_url))
    ident, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
    counted = usage(conversations, body.messages, rendered.text)
    if not body.stream:
        message = {
            "role": "assistant",
            "content": rendered.text,
            "annotations": url_citations(rendered.spans),
        }
        return {
            "id": ident,
            "object": "chat.completion",
            "created": created,
            "model": MODEL_ID,
            "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
            "usage": counted,
            "tutor": extension(answer),
        }
    with_usage = body.stream_options is not None and body.stream_options.include_usage
    return StreamingResponse(
        events(ident, created, answer, rendered, counted if with_usage else None),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache"},
    )


def events(
    ident: str, created: int, answer: Answer, rendered: Rendered, counted: dict[str, int] | None
) -> Iterator[str]:
    """The completion as chat.completion.chunk events: the sentences one by one, then the sources with
    the annotations, the finish with the answer object, and the usage when the client asked for it."""

    def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
        payload = {
            "id": ident,
            "object": "chat.completion.chunk",
            "created": created,
            "model": MODEL_ID,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            **extra,
        }
        return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n"

    yield chunk({"role": "assistant", "content": ""})
    for piece in rendered.body:
        yield chunk({"content": piece})
    if rendered.tail or rendered.spans:
        yield chunk({"content": rendered.tail, "annotations": url_citations(rendered.spans)})
    yield chunk({}, "stop", tutor=extension(answer))
    if counted is not None:
        payload = {"id": ident, "object": "chat.completion.chunk", "created": created, "model": MODEL_ID}
        yield f"data: {json.dumps({**payload, 'choices': [], 'usage': counted})}\n\n"
    yield "data: [DONE]\n\n"
