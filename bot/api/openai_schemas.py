"""The bodies of the OpenAI-compatible endpoints: what a chat-completion request may carry, what the tutor
refuses in it, and errors in OpenAI's own shape, so OpenAI clients raise their usual exceptions."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, StrictBool
from pydantic.config import JsonDict

from bot.api.schemas import VISIBLE, Text

MODEL_ID = "mlops-tutor"


class ContentPart(BaseModel):
    """One part of a message's content; only text parts are read, the others (images…) are ignored."""

    type: Annotated[Text, Field(max_length=100)]
    text: Text | None = None

    model_config = {"extra": "allow"}


class Message(BaseModel):
    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: Text | list[ContentPart] | None = None

    def text(self) -> str:
        """Plain text of the message; content parts other than text are ignored."""
        if isinstance(self.content, list):
            return " ".join(p.text or "" for p in self.content if p.type == "text")
        return self.content or ""


# What the schema states of `messages`: among them, a user message with some text to answer.
USER_TEXT: JsonDict = {
    "type": "object",
    "required": ["role", "content"],
    "properties": {
        "role": {"const": "user"},
        "content": {
            "anyOf": [
                {"type": "string", "pattern": VISIBLE},
                {
                    "type": "array",
                    "contains": {
                        "type": "object",
                        "required": ["type", "text"],
                        "properties": {
                            "type": {"const": "text"},
                            "text": {"type": "string", "pattern": VISIBLE},
                        },
                    },
                },
            ]
        },
    },
}


TEXT_FORMAT: JsonDict = {"required": ["type"], "properties": {"type": {"const": "text"}}}


class StreamOptions(BaseModel):
    include_usage: StrictBool = False

    model_config = {"extra": "allow"}


class CompletionRequest(BaseModel):
    model: Annotated[Text, Field(max_length=200)] = MODEL_ID
    messages: list[Message] = Field(min_length=1, json_schema_extra={"contains": USER_TEXT})
    stream: StrictBool = False  # 0 or "yes" is a mistake to point out, not a false to guess
    stream_options: StreamOptions | None = None
    # Read only to be refused, with OpenAI's 400, when they ask for what the tutor cannot do (`refusal`);
    # the published schema states what it can: one answer, no tools, text.
    n: int | None = Field(default=None, ge=1, le=128, json_schema_extra={"maximum": 1})
    tools: list[dict[str, Any]] | None = Field(default=None, json_schema_extra={"maxItems": 0})
    functions: list[dict[str, Any]] | None = Field(default=None, json_schema_extra={"maxItems": 0})
    response_format: dict[str, Any] | None = Field(default=None, json_schema_extra=TEXT_FORMAT)

    model_config = {"extra": "allow"}  # temperature, max_tokens…: accepted, meaningless for quotes


def openai_error(status: int, message: str, param: str | None, code: str) -> JSONResponse:
    """An error in OpenAI's shape: {"error": {message, type, param, code}}."""
    kind = "invalid_request_error"
    return JSONResponse(
        {"error": {"message": message, "type": kind, "param": param, "code": code}}, status_code=status
    )


def unknown_model(model: str) -> JSONResponse:
    """OpenAI's 404 for a model that does not exist."""
    return openai_error(
        404,
        f"The model `{model}` does not exist; this service answers as `{MODEL_ID}` only (GET /v1/models).",
        "model",
        "model_not_found",
    )


def refusal(body: CompletionRequest) -> JSONResponse | None:
    """A 400 for what the tutor cannot do and must not silently ignore: it quotes the curriculum, one
    answer per question, as Markdown; it calls no tools and fills no JSON schema."""
    if body.tools or body.functions:
        param = "tools" if body.tools else "functions"
        return openai_error(
            400,
            "tools are not supported: the tutor answers from the curriculum only",
            param,
            "unsupported_parameter",
        )
    if body.response_format is not None and body.response_format.get("type") != "text":
        return openai_error(
            400,
            "response_format is not supported: answers are Markdown text quoting the curriculum",
            "response_format",
            "unsupported_parameter",
        )
    if body.n is not None and body.n > 1:
        return openai_error(
            400, "n > 1 is not supported: the tutor gives one answer per question", "n", "unsupported_value"
        )
    return None


# The published schema of the errors above.
ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "message": {"type": "string"},
                "type": {"type": "string"},
                "param": {"type": ["string", "null"]},
                "code": {"type": "string"},
            },
        }
    },
}
RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {
        "description": "A parameter the tutor cannot honour: tools, response_format other than text, n > 1.",
        "content": {"application/json": {"schema": ERROR_SCHEMA}},
    },
    404: {
        "description": "The model is not this service's (`model_not_found`).",
        "content": {"application/json": {"schema": ERROR_SCHEMA}},
    },
}
