"""What tutor mode's Slack buttons carry: small pydantic models, as compact JSON (see values.py)."""

from __future__ import annotations

from pydantic import Field

from bot.slack.values import ButtonValue


class QuizAnswer(ButtonValue):
    """A choice pressed under a practice item: the item and the choice's position."""

    item_id: str = Field(validation_alias="i", serialization_alias="i", max_length=64)
    choice: int = Field(ge=0, le=24, validation_alias="c", serialization_alias="c")


class QuizNext(ButtonValue):
    """Post the next practice item, at a level (None: the learner's own)."""

    level: str | None = Field(default=None, validation_alias="l", serialization_alias="l", max_length=40)
    item_id: str | None = Field(default=None, validation_alias="i", serialization_alias="i", max_length=64)


class PlanRole(ButtonValue):
    """A role pressed when a plan asked back: plan again with it."""

    role: str = Field(validation_alias="r", serialization_alias="r", max_length=80)
    text: str = Field(validation_alias="t", serialization_alias="t", max_length=1800)
