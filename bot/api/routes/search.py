"""POST /search and GET /passages/{id}: retrieval alone, for maintainers asking "why that answer?"."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, status

from bot.api.deps import OwnerDep, ReadyDep
from bot.api.routes.chat import invalid
from bot.api.routes.conversations import NOT_FOUND
from bot.api.schemas import SearchHit, SearchRequest, SearchResponse
from bot.conversations import ConversationNotFound, Filters, InvalidQuestion
from bot.schemas import Passage, passage_fields

router = APIRouter(tags=["search"])
NO_PASSAGE: dict[int | str, dict[str, object]] = {
    404: {"description": "No such passage in the index in service."}
}


@router.post("/search", response_model=SearchResponse, responses=NOT_FOUND)
def search(body: SearchRequest, conversations: ReadyDep, owner: OwnerDep) -> SearchResponse:
    """The ranked passages with both retrievers' scores, on exactly the path that answers take."""
    filters = Filters(level=body.level, track=body.track, kind=body.kind)
    try:
        found = conversations.search(body.query, body.conversation_id, filters, body.k, owner)
    except ConversationNotFound:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, f"conversation {body.conversation_id!r} not found"
        ) from None
    except InvalidQuestion as exc:
        raise invalid("query", str(exc)) from None
    results = [
        SearchHit(**{**hit.trace.model_dump(), **passage_fields(hit.chunk)}, text=hit.chunk.text)
        for hit in found.hits
    ]
    return SearchResponse(
        query=body.query,
        resolved_query=found.resolved_query,
        confidence=found.confidence,
        would_abstain=found.would_abstain,
        results=results,
    )


@router.get("/passages/{passage_id:path}", response_model=Passage, responses=NO_PASSAGE)
def passage(passage_id: Annotated[str, Path(max_length=300)], conversations: ReadyDep) -> Passage:
    """One passage by id: where a citation link leads."""
    chunk = conversations.passage(passage_id)
    if chunk is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no passage {passage_id!r} in the current index")
    return Passage.of(chunk)
