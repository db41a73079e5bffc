"""Answer plans: each turns what retrieval found for a question into the blocks an answer shows.

A plan is a sibling module here. Given what was found for the question (its Query, ranked
candidates and vector) it returns a Composition: labelled blocks of Picked sentences, in the
order the answer shows them. Quoted sentences are the corpus's own; a block's label is a heading
or a cell of the corpus (or, for a part the curriculum does not cover, the learner's own words),
never a quote. The planner (planner.py) picks the plan from the question's shape; numbering
citations and rendering the text is bot/answer/cite.py's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from bot.answer.candidate import Candidate
from bot.answer.query import Query
from bot.answer.vector_cache import Vector

PlanName = Literal["passage", "name", "concise", "parts", "compare", "list", "table"]
LabelSource = Literal["heading", "cell", "asked"]


@dataclass(frozen=True)
class Picked:
    """A sentence chosen for the answer, and the chunk it comes from."""

    text: str
    candidate: Candidate
    is_item: bool  # a list item renders as a bullet


@dataclass(frozen=True)
class Block:
    """One labelled piece of an answer: the sentences quoted under a label.

    A block with no sentences is a part of the question the curriculum does not cover; its label
    is then the learner's own words for that part.
    """

    picked: tuple[Picked, ...]
    label: str | None = None
    source: LabelSource | None = None  # where the label's words come from

    @property
    def covered(self) -> bool:
        return bool(self.picked)


@dataclass(frozen=True)
class Composition:
    """What an answer quotes, in blocks, and the plan that chose them."""

    plan: PlanName
    blocks: tuple[Block, ...]

    @property
    def picked(self) -> list[Picked]:
        return [p for b in self.blocks for p in b.picked]


class Found(Protocol):
    """What retrieval found for one reading of (a part of) the question."""

    @property
    def query(self) -> Query: ...
    @property
    def vector(self) -> Vector: ...
    @property
    def candidates(self) -> list[Candidate]: ...
    @property
    def confidence(self) -> float: ...


def candidate_of(found: Found, chunk_id: str) -> Candidate | None:
    """The candidate of one passage among what was found for a reading, if it is there."""
    return next((c for c in found.candidates if c.chunk.id == chunk_id), None)


class Lookup(Protocol):
    """Retrieval for a piece of the question (a part, a compared subject), on the answering path.

    `find` and `follow` return None when the curriculum does not cover the piece read that way.
    """

    def find(self, text: str) -> Found | None:
        """The piece read as it is written."""
        ...

    def read(self, text: str) -> Found:
        """The piece read as it is written, covered or not."""
        ...

    def follow(
        self, text: str, after: Found, passage: str | None = None, *, subject_only: bool = False
    ) -> Found | None:
        """The piece read as a follow-up of what `after` was about ("…, and also at the managerial
        level?" after a question on the foundation level's common mistakes), the `passage` it was
        answered from (by id) when a plan chose another than the best-ranked. With `subject_only`,
        only what `after` was about carries over, not the aspect it asked ("…, and who is it for?")."""
        ...


class Plan(Protocol):
    """Chooses the curriculum's sentences that answer one reading of a question."""

    def __call__(self, query: Query, candidates: Sequence[Candidate], vector: Vector) -> list[Picked]: ...
