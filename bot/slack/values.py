"""What the tutor's buttons and its 👎 modal carry: small pydantic models, as compact JSON that Slack hands back.

The JSON keys are short (Slack allows 2,000 characters in a button value) and the same as before these were
pydantic models, so buttons on messages posted by an earlier version keep working.
"""

from __future__ import annotations

from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field

from bot.store import Rating


class ButtonValue(BaseModel):
    """A value the tutor put on a button; `decode` refuses anything else (ValidationError, a ValueError)."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_by_name=True, serialize_by_alias=True)

    def encode(self) -> str:
        """The button value: compact JSON under the short keys (an unset conversation is left out)."""
        return self.model_dump_json(
            exclude={"conversation_id"} if getattr(self, "conversation_id", 1) is None else None
        )

    @classmethod
    def decode(cls, value: str) -> Self:
        """Read a button value back, validated."""
        return cls.model_validate_json(value)


class MessageRef(ButtonValue):
    """What an answer's buttons carry: the turn shown, where it lives, and how it is shown now.

    The message is re-rendered from the stored answer on every button press, so the buttons carry
    its state (passages open, rating given) rather than the listeners parsing the old blocks.
    """

    # None on a message shared in a channel, whose buttons anyone there can read: the conversation is
    # then found through the message's own thread link, and its id is never published.
    conversation_id: str | None = Field(default=None, validation_alias="c", serialization_alias="c")
    turn: int = Field(ge=1, le=2**31 - 1, validation_alias="t", serialization_alias="t")
    # The thread that follow-ups (suggestions) are answered in.
    thread_ts: str | None = Field(default=None, validation_alias="th", serialization_alias="th")
    # An ephemeral /tutor answer: updated through its response_url, and it can be shared.
    ephemeral: bool = Field(default=False, validation_alias="e", serialization_alias="e")
    passages: bool = Field(default=False, validation_alias="p", serialization_alias="p")
    rating: Rating | None = Field(default=None, validation_alias="r", serialization_alias="r")
    # A user to credit above the answer (shared answers, suggestions).
    asked_by: str | None = Field(default=None, validation_alias="u", serialization_alias="u")

    def with_(self, **changes: Any) -> MessageRef:
        """The same reference in a new state (passages shown, rating given…), validated again."""
        return self.model_validate({**self.model_dump(by_alias=False), **changes})


class Suggestion(ButtonValue):
    """What a suggestion button carries: the question to ask, and the conversation and thread to ask it in."""

    question: str = Field(validation_alias="q", serialization_alias="q")
    conversation_id: str | None = Field(default=None, validation_alias="c", serialization_alias="c")
    thread_ts: str | None = Field(default=None, validation_alias="th", serialization_alias="th")
    ephemeral: bool = Field(default=False, validation_alias="e", serialization_alias="e")
