"""Dependencies for routes: the app's singletons, reached through `Annotated` aliases.

They are `async def` on purpose: FastAPI runs a plain `def` dependency in the thread pool, and
four thread hops per request cost more than everything but the model itself.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status

from bot.config import Settings
from bot.conversations import Conversations, NotReady
from bot.practice import Practice
from bot.runtime import IndexHolder
from bot.store import ConversationStore


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


async def get_holder(request: Request) -> IndexHolder:
    return request.app.state.holder  # type: ignore[no-any-return]


async def get_store(request: Request) -> ConversationStore:
    return request.app.state.store  # type: ignore[no-any-return]


async def get_conversations(request: Request) -> Conversations:
    return request.app.state.conversations  # type: ignore[no-any-return]


def not_ready(exc: NotReady) -> HTTPException:
    """503 with Retry-After: no index is in service yet."""
    return HTTPException(
        status.HTTP_503_SERVICE_UNAVAILABLE, f"the tutor is not ready: {exc}", headers={"Retry-After": "5"}
    )


async def ready_conversations(
    conversations: Annotated[Conversations, Depends(get_conversations)],
) -> Conversations:
    """The front door, once an index is in service: 503 with Retry-After until then."""
    try:
        conversations.holder.answerer  # noqa: B018 - raises NotReady before the route runs
    except NotReady as exc:
        raise not_ready(exc) from None
    return conversations


async def ready_practice(request: Request) -> Practice:
    """Tutor mode's front door, once an index is in service: 503 with Retry-After until then."""
    practice: Practice = request.app.state.practice
    try:
        practice.source.artifact  # noqa: B018 - raises NotReady before the route runs
    except NotReady as exc:
        raise not_ready(exc) from None
    return practice


async def require_admin(request: Request, settings: Annotated[Settings, Depends(get_settings)]) -> None:
    """Bearer-token check for maintainer endpoints; with no token configured they do not exist."""
    if settings.admin_token is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Not Found")
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    expected = settings.admin_token.get_secret_value()
    if scheme.lower() != "bearer" or not secrets.compare_digest(token.encode(), expected.encode()):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "a valid bearer token is required",
            headers={"WWW-Authenticate": "Bearer"},
        )


SettingsDep = Annotated[Settings, Depends(get_settings)]
HolderDep = Annotated[IndexHolder, Depends(get_holder)]
StoreDep = Annotated[ConversationStore, Depends(get_store)]
ConversationsDep = Annotated[Conversations, Depends(get_conversations)]
ReadyDep = Annotated[Conversations, Depends(ready_conversations)]
PracticeDep = Annotated[Practice, Depends(ready_practice)]
AdminDep = Depends(require_admin)
