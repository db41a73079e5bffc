"""GET /conversations/{id} and POST /feedback: the record of a conversation, and learners' ratings."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, status

from bot.api.deps import ConversationsDep, StoreDep
from bot.api.schemas import ConversationOut, FeedbackRequest, TurnOut
from bot.store import ConversationNotFound, TurnNotFound

router = APIRouter(tags=["conversations"])


@router.get("/conversations/{conversation_id}", response_model=ConversationOut)
def conversation(conversation_id: str, store: StoreDep) -> ConversationOut:
    found = store.get_conversation(conversation_id)
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"conversation {conversation_id!r} not found")
    return ConversationOut(
        id=found.id,
        source=found.source,
        created_at=found.created_at.isoformat(),
        updated_at=found.updated_at.isoformat(),
        turns=[
            TurnOut(
                n=t.n,
                question=t.question,
                answer=t.answer,
                abstained=t.abstained,
                confidence=t.confidence,
                created_at=t.created_at.isoformat(),
            )
            for t in found.turns
        ],
    )


@router.post("/feedback")
def feedback(body: FeedbackRequest, conversations: ConversationsDep) -> dict[str, object]:
    """Record 👍 or 👎 for one answer; a second rating of the same answer replaces the first."""
    try:
        saved = conversations.feedback(body.conversation_id, body.turn, body.rating, body.reason, "http")
    except ConversationNotFound:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, f"conversation {body.conversation_id!r} not found"
        ) from None
    except TurnNotFound:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, f"conversation {body.conversation_id!r} has no turn {body.turn}"
        ) from None
    return {"ok": True, "conversation_id": saved.conversation_id, "turn": saved.turn, "rating": saved.rating}
