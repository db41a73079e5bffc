"""Dependencies for routes: the app's singletons, reached through `Annotated` aliases.

They are `async def` on purpose: FastAPI runs a plain `def` dependency in the thread pool, and
four thread hops per request cost more than everything but the model itself.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Annotated

import anyio
from fastapi import Depends, HTTPException, Request, Response, status
from pydantic import SecretStr

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


async def answer_slots(request: Request) -> anyio.CapacityLimiter:
    """The threads that may answer at once (TUTOR_ANSWER_THREADS): the limiter of the answering routes' hop."""
    slots: anyio.CapacityLimiter = request.app.state.answer_slots
    return slots


async def get_conversations(request: Request) -> Conversations:
    return request.app.state.conversations  # type: ignore[no-any-return]


# The conversation access model (docs/conversations.md): a browser holds a random secret in an HttpOnly,
# SameSite=Strict cookie; a conversation started over HTTP records the secret's digest and answers only
# requests that carry the same cookie. The id alone reads, rates and continues nothing.
OWNER_COOKIE = "tutor_owner"
_SECRET = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32)


def owner_digest(secret: str) -> str:
    """What the store keeps of a client's secret: its SHA-256, so a copy of the database opens nothing."""
    return hashlib.sha256(secret.encode()).hexdigest()


async def request_owner(request: Request) -> str:
    """The caller's owner digest; "" (which owns nothing) without a well-formed cookie."""
    secret = request.cookies.get(OWNER_COOKIE, "")
    return owner_digest(secret) if _SECRET.match(secret) else ""


@dataclass(frozen=True)
class Owner:
    """The caller of a request that may start a conversation, and the cookie that names it."""

    digest: str
    secret: str
    max_age: int
    secure: bool

    def set_on(self, response: Response) -> None:
        """Send the cookie (again): it then lives as long as the conversations it opens."""
        response.set_cookie(
            OWNER_COOKIE,
            self.secret,
            max_age=self.max_age,
            httponly=True,
            samesite="strict",
            secure=self.secure,
        )


async def chat_owner(
    request: Request, response: Response, settings: Annotated[Settings, Depends(get_settings)]
) -> Owner:
    """The caller, for a request that may start a conversation: a client without the cookie gets one.

    It is set on the route's response; a route that returns a response of its own (a stream) sets it there.
    """
    secret = request.cookies.get(OWNER_COOKIE, "")
    if not _SECRET.match(secret):
        secret = secrets.token_urlsafe(32)
    owner = Owner(
        owner_digest(secret), secret, settings.retention_days * 86400, request.url.scheme == "https"
    )
    owner.set_on(response)
    return owner


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


def _token_matches(secret: SecretStr | None, token: str) -> bool:
    """Whether `token` is `secret` (404 when none is configured: its endpoints then do not exist)."""
    if secret is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Not Found")
    return secrets.compare_digest(token.encode(), secret.get_secret_value().encode())


def require_bearer(request: Request, secret: SecretStr | None) -> None:
    """404 when no token is configured, 401 unless the request carries it as a bearer token."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if not _token_matches(secret, token) or scheme.lower() != "bearer":
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "a valid bearer token is required",
            headers={"WWW-Authenticate": "Bearer"},
        )


async def require_admin(request: Request, settings: Annotated[Settings, Depends(get_settings)]) -> None:
    """Bearer-token check for maintainer endpoints; with no token configured they do not exist."""
    require_bearer(request, settings.admin_token)


async def require_metrics(request: Request, settings: Annotated[Settings, Depends(get_settings)]) -> None:
    """Bearer-token check for /metrics (TUTOR_METRICS_TOKEN); with no token it does not exist here."""
    require_bearer(request, settings.metrics_token)


async def require_admin_reader(
    request: Request, settings: Annotated[Settings, Depends(get_settings)]
) -> None:
    """The admin token as a bearer token, or as the password of HTTP Basic auth (any user name), which a
    browser asks for and then sends by itself: the curriculum-gap page opens in a browser.

    Only for GET routes that change nothing: a browser sends Basic credentials with requests other sites
    make it send, so nothing that writes may accept them (POST /admin/reindex takes the bearer only).
    """
    scheme, _, credential = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "basic":
        try:
            credential = base64.b64decode(credential, validate=True).decode().partition(":")[2]
        except (ValueError, UnicodeDecodeError):
            credential = ""
    elif scheme.lower() != "bearer":
        credential = ""
    if not _token_matches(settings.admin_token, credential) or not credential:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "the admin token is required (as a bearer token, or as the password when the browser asks)",
            headers={"WWW-Authenticate": 'Basic realm="tutor admin", charset="UTF-8"'},
        )


SettingsDep = Annotated[Settings, Depends(get_settings)]
HolderDep = Annotated[IndexHolder, Depends(get_holder)]
StoreDep = Annotated[ConversationStore, Depends(get_store)]
ConversationsDep = Annotated[Conversations, Depends(get_conversations)]
AnswerSlotsDep = Annotated[anyio.CapacityLimiter, Depends(answer_slots)]
ReadyDep = Annotated[Conversations, Depends(ready_conversations)]
OwnerDep = Annotated[str, Depends(request_owner)]
ChatOwnerDep = Annotated[Owner, Depends(chat_owner)]
PracticeDep = Annotated[Practice, Depends(ready_practice)]
AdminDep = Depends(require_admin)
MetricsDep = Depends(require_metrics)
AdminReaderDep = Depends(require_admin_reader)
