"""POST /search and GET /passages/{id}: retrieval alone, for maintainers asking "why that answer?"."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, status

from bot.answer.answerer import InvalidQuestion
from bot.answer.retrieve import Filters
from bot.api.deps import AnswererDep, ConversationsDep
from bot.api.routes.chat import invalid
from bot.api.schemas import Passage, SearchHit, SearchRequest, SearchResponse
from bot.schemas import passage_fields
from bot.store import ConversationNotFound

router = APIRouter(tags=["search"])


@router.post("/search", response_model=SearchResponse)
def search(body: SearchRequest, answerer: AnswererDep, conversations: ConversationsDep) -> SearchResponse:
    """The ranked passages with both retrievers' scores, on exactly the path that answers take."""
    try:
        topic = conversations.topic_of(body.conversation_id) if body.conversation_id else None
    except ConversationNotFound:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, f"conversation {body.conversation_id!r} not found"
        ) from None
    filters = Filters(level=body.level, track=body.track, kind=body.kind)
    try:
        attempt = answerer.choose(body.query, topic, filters)
    except InvalidQuestion as exc:
        raise invalid("query", str(exc)) from None
    candidates = attempt.candidates[: body.k]
    results = [
        SearchHit(**{**entry.model_dump(), **passage_fields(c.chunk)}, text=c.chunk.text)
        for entry, c in zip(answerer.trace(candidates), candidates, strict=True)
    ]
    return SearchResponse(
        query=body.query,
        resolved_query=attempt.query,
        confidence=round(attempt.confidence, 4),
        would_abstain=answerer.abstains(attempt),
        results=results,
    )


@router.get("/passages/{passage_id:path}", response_model=Passage)
def passage(passage_id: str, answerer: AnswererDep) -> Passage:
    """One passage by id: where a citation link leads."""
    for chunk in answerer.retriever.artifact.chunks:
        if chunk.id == passage_id:
            return Passage(**passage_fields(chunk), text=chunk.text)
    raise HTTPException(status.HTTP_404_NOT_FOUND, f"no passage {passage_id!r} in the current index")
