"""GET /conversations/{id} and POST /feedback: the record of a conversation, and learners' ratings."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, status

from bot.api.deps import ConversationsDep, OwnerDep
from bot.api.schemas import ID_PATTERN, MAX_INT, ConversationOut, FeedbackRequest, TurnOut
from bot.store import ConversationNotFound, TurnNotFound

router = APIRouter(tags=["conversations"])
PAGE = 50  # turns per page by default; a client asks for at most 100
NOT_FOUND: dict[int | str, dict[str, object]] = {
    404: {"description": "No such conversation for this client (unknown, expired, or another's)."}
}


@router.get("/conversations/{conversation_id}", response_model=ConversationOut, responses=NOT_FOUND)
def conversation(
    conversation_id: Annotated[str, Path(pattern=ID_PATTERN)],
    conversations: ConversationsDep,
    owner: OwnerDep,
    after: Annotated[int, Query(ge=0, le=MAX_INT, description="Turns numbered after this one.")] = 0,
    limit: Annotated[int, Query(ge=1, le=100, description="Turns per page.")] = PAGE,
) -> ConversationOut:
    """One page of a conversation's turns; only the client that started it may read it."""
    found = conversations.conversation(conversation_id, owner, after=after, limit=limit + 1)
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"conversation {conversation_id!r} not found")
    page = found.turns[:limit]
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
            for t in page
        ],
        next_after=page[-1].n if len(found.turns) > limit else None,
    )


@router.post("/feedback", responses=NOT_FOUND)
def feedback(body: FeedbackRequest, conversations: ConversationsDep, owner: OwnerDep) -> dict[str, object]:
    """Record 👍 or 👎 for one answer; a second rating of the same answer replaces the first."""
    try:
        saved = conversations.feedback(
            body.conversation_id, body.turn, body.rating, body.reason, "http", owner
        )
    except ConversationNotFound:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, f"conversation {body.conversation_id!r} not found"
        ) from None
    except TurnNotFound:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, f"conversation {body.conversation_id!r} has no turn {body.turn}"
        ) from None
    return {"ok": True, "conversation_id": saved.conversation_id, "turn": saved.turn, "rating": saved.rating}
