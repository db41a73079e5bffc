"""POST /chat and POST /chat/stream: answers with citations, in one piece or as Server-Sent Events."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator

import anyio
from fastapi import APIRouter, HTTPException, status
from fastapi.responses import StreamingResponse

from bot.api.deps import AnswerSlotsDep, ChatOwnerDep, ReadyDep
from bot.api.schemas import ChatRequest, ChatResponse
from bot.citations import pieces
from bot.conversations import ConversationFull, ConversationNotFound, Conversations, InvalidQuestion, Reply

router = APIRouter(tags=["chat"])
log = logging.getLogger(__name__)


def invalid(field: str, message: str) -> HTTPException:
    """A 422 shaped like FastAPI's own validation errors, so clients parse one format."""
    return HTTPException(
        status.HTTP_422_UNPROCESSABLE_CONTENT,
        [{"loc": ["body", field], "msg": message, "type": "value_error"}],
    )


# The statuses /chat and /chat/stream may answer besides 200 and 422, for the published schema.
RESPONSES: dict[int | str, dict[str, object]] = {
    404: {"description": "No such conversation for this client (unknown, expired, or another's)."},
    409: {"description": "The conversation is full (TUTOR_MAX_TURNS); start a new one."},
}


def not_found(conversation_id: str) -> HTTPException:
    """The same 404 for an unknown conversation and for another client's: existence is not revealed."""
    return HTTPException(
        status.HTTP_404_NOT_FOUND,
        f"conversation {conversation_id!r} not found (it may have expired, or belong to another browser); "
        "send the message without a conversation_id to start a new conversation",
    )


def ask(conversations: Conversations, body: ChatRequest, owner: str, source: str = "http") -> Reply:
    """Answer through the front door, turning its errors into HTTP errors."""
    try:
        return conversations.ask(body.message, body.conversation_id, source=source, owner=owner)
    except InvalidQuestion as exc:
        raise invalid("message", str(exc)) from None
    except ConversationNotFound:
        raise not_found(str(body.conversation_id)) from None
    except ConversationFull:
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            f"conversation {body.conversation_id!r} has reached its {conversations.max_turns} turns; "
            "send the message without a conversation_id to start a new conversation",
        ) from None


def response(reply: Reply) -> ChatResponse:
    a = reply.answer
    return ChatResponse(
        answer=a.answer,
        kind=a.kind,
        citations=a.citations,
        abstained=a.abstained,
        confidence=a.confidence,
        suggestions=a.suggestions,
        conversation_id=reply.conversation_id,
        turn=reply.turn,
        plan=a.plan,
        sections=a.sections,
    )


@router.post("/chat", response_model=ChatResponse, responses=RESPONSES)
async def chat(
    body: ChatRequest, conversations: ReadyDep, owner: ChatOwnerDep, slots: AnswerSlotsDep
) -> ChatResponse:
    """Answer a message; without a conversation id, start a conversation.

    Async, with one hop to a thread for the answer itself (one of `slots`): a plain `def` route would
    also send FastAPI's validation and serialisation through the pool, which costs more than BM25.
    """
    return response(await anyio.to_thread.run_sync(ask, conversations, body, owner.digest, limiter=slots))


def sse(event: str, data: object) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


@router.post(
    "/chat/stream",
    responses={
        **RESPONSES,
        200: {"content": {"text/event-stream": {}}, "description": "Server-Sent Events."},
    },
)
async def chat_stream(
    body: ChatRequest, conversations: ReadyDep, owner: ChatOwnerDep, slots: AnswerSlotsDep
) -> StreamingResponse:
    """The same answer as /chat, as Server-Sent Events: meta, delta…, citations, done (or error)."""
    # Refuse what /chat would refuse with the same status, before any event is sent.
    try:
        conversations.check_question(body.message)
    except InvalidQuestion as exc:
        raise invalid("message", str(exc)) from None
    if (
        body.conversation_id is not None
        and conversations.conversation(body.conversation_id, owner.digest, limit=0) is None
    ):
        raise not_found(body.conversation_id)

    async def events() -> AsyncIterator[str]:
        try:
            reply = await anyio.to_thread.run_sync(ask, conversations, body, owner.digest, limiter=slots)
        except HTTPException as exc:
            yield sse("error", {"status": exc.status_code, "message": exc.detail})
            return
        except Exception:
            log.exception("stream failed")
            yield sse("error", {"status": 500, "message": "the tutor failed to answer; please try again"})
            return
        yield sse("meta", {"conversation_id": reply.conversation_id, "turn": reply.turn})
        for piece in pieces(reply.answer.answer):
            yield sse("delta", {"text": piece})
        yield sse("citations", {"citations": [c.model_dump(mode="json") for c in reply.answer.citations]})
        final = response(reply).model_dump(mode="json", exclude={"answer", "citations"})
        yield sse("done", final)

    stream = StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
    owner.set_on(stream)
    return stream
