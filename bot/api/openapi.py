"""The published schema (/openapi.json) as the service really behaves: the deployment's message limit,
and the refusals every operation may answer with (body too large or too slow, rate limit, not ready)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from bot.config import Settings

ERROR = {"application/json": {"schema": {"type": "object", "properties": {"detail": {}}}}}
RATE_HEADERS = {
    name: {"schema": {"type": "integer" if name != "RateLimit-Policy" else "string"}, "description": text}
    for name, text in (
        ("RateLimit-Limit", "Requests allowed per window."),
        ("RateLimit-Remaining", "Requests left in the current window."),
        ("RateLimit-Reset", "Seconds until the window frees a request."),
        ("RateLimit-Policy", "The limit and its window in seconds, e.g. 240;w=60."),
    )
}
RETRY = {
    "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait before trying again."}
}
# The refusals of the middleware and the dependencies, which no route declares itself.
COMMON: dict[str, dict[str, Any]] = {
    "408": {"description": "The request body did not arrive in time.", "content": ERROR},
    "413": {"description": "The request body is over the limit (TUTOR_MAX_BODY_BYTES).", "content": ERROR},
    "429": {"description": "Rate limit reached.", "headers": {**RETRY, **RATE_HEADERS}, "content": ERROR},
}
MALFORMED = {"description": "The body is not well-formed JSON.", "content": ERROR}
NOT_READY = {
    "description": "No index in service yet, or the store is unavailable (a full disk): try again later.",
    "headers": RETRY,
    "content": ERROR,
}
# Operations whose body carries a question: the schema states the deployment's own length limit.
QUESTION_FIELDS = {"ChatRequest": "message", "SearchRequest": "query"}
UNLIMITED = ("/healthz", "/readyz")


def document(app: FastAPI, settings: Settings) -> None:
    """Make app.openapi() publish the schema as this deployment answers."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title, version=app.version, description=app.description, routes=app.routes
            )
            _complete(schema, settings)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _complete(schema: dict[str, Any], settings: Settings) -> None:
    components = schema.get("components", {}).get("schemas", {})
    for model, field in QUESTION_FIELDS.items():
        if model in components:
            components[model]["properties"][field]["maxLength"] = settings.max_message_chars
    for path, operations in schema.get("paths", {}).items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            if path not in UNLIMITED:
                for status, response in COMMON.items():
                    responses.setdefault(status, response)
            if "requestBody" in operation:
                responses.setdefault("400", MALFORMED)
            responses.setdefault("503", NOT_READY)
