"""Request and response bodies of tutor mode's HTTP API (/practice, /learners, /plan): a contract that
the web page, tests and outside clients rely on."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from bot.practice import LEARNER_ID, MAX_PROFILE

# The learner id's rule, stated in the schema as the front door checks it, so that a client (and
# schemathesis) knows which ids are refused before it sends one.
LEARNER_PATTERN = LEARNER_ID.pattern
LearnerId = Field(
    description="The learner: `web:<id kept in the browser>`, `slack:<user id>`, `cli:<profile>` or any "
    "1-128 letters, digits and :._@- characters, starting with a letter or digit.",
    min_length=1,
    max_length=128,
    pattern=LEARNER_PATTERN,
)


class NextRequest(BaseModel):
    learner_id: str = LearnerId
    level: str | None = Field(default=None, description="Practise this level from now on (key or name).")
    track: str | None = Field(default=None, description="Practise this track from now on.")


class ItemOut(BaseModel):
    id: str
    kind: Literal["short", "choice", "cloze", "order"]
    prompt: str
    choices: list[str] = Field(
        description="choice: pick one; cloze: pick one or type the term; order: put them in order; short: empty."
    )
    level: str
    level_name: str
    section: str


class NextResponse(BaseModel):
    item: ItemOut | None = Field(description="None when the level or track has no items.")
    status: Literal["due", "new", "ahead"] | None = Field(
        description="due: a review; new: never seen; ahead: nothing is due, so the soonest to come due."
    )
    level: str | None = Field(description="The level the learner practises (None: every level).")
    track: str | None


class AnswerRequest(BaseModel):
    learner_id: str = LearnerId
    item_id: str = Field(min_length=1, max_length=64)
    answer: str | list[str] = Field(
        description="Free text or the text of a choice; for an order item, the entries in order."
    )


class PassageOut(BaseModel):
    id: str
    title: str
    section: str
    quote: str = Field(description="The passage, verbatim.")
    url: str = Field(description="The passage on the web page, relative to this server.")


class AnswerResponse(BaseModel):
    item_id: str
    grade: Literal["correct", "partly", "not yet"]
    correct: bool
    feedback: str = Field(description="How it went and what was missing, in plain sentences.")
    missing: list[str] = Field(description="The key points, term or choice the answer lacked.")
    expected: str = Field(description="The reference answer, verbatim from the passage.")
    passage: PassageOut
    due: datetime = Field(description="When the item comes back for this learner.")


class TallyOut(BaseModel):
    total: int
    seen: int
    retained: int = Field(description="Answered correctly last time and not yet due again.")
    due: int


class SectionOut(TallyOut):
    section: str


class LevelOut(TallyOut):
    level: str
    name: str
    sections: list[SectionOut]


class ProgressResponse(BaseModel):
    learner_id: str
    level: str | None
    track: str | None
    overall: TallyOut
    levels: list[LevelOut]
    due_items: list[str] = Field(description="Item ids due now, soonest first.")
    next_due: datetime | None


class PlanRequest(BaseModel):
    # The plan refuses a blank description; the schema says so with a non-space character.
    text: str = Field(
        description="The learner about themselves: role, years of experience, goal.",
        min_length=1,
        max_length=MAX_PROFILE,
        pattern=r"\S",
    )
    learner_id: str | None = Field(
        default=None,
        min_length=1,
        max_length=128,
        pattern=LEARNER_PATTERN,
        description="Practise at the plan's level from now on.",
    )


class SourceOut(BaseModel):
    id: str
    title: str
    section: str
    quote: str
    url: str


class PlanLineOut(BaseModel):
    topic: str = Field(description="certification, level, track, preparation, next or providers.")
    text: str
    sources: list[SourceOut]


class AskBackOut(BaseModel):
    question: str
    choices: list[str]


class PlanResponse(BaseModel):
    role: str | None
    certification: str | None
    level: str | None
    level_name: str | None
    track: str | None
    lines: list[PlanLineOut] = Field(description="Every line cites the passages it stands on.")
    ask: AskBackOut | None = Field(
        description="Asked back when the role is unknown, with the roles as choices."
    )
