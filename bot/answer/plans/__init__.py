"""Answer plans: each turns the ranked candidates for a question into the sentences an answer quotes.

A plan is a sibling module here that provides a `Plan`: given the Query, the ranked candidates
and the question's vector, it returns the Picked sentences, in the order the answer shows them.
It chooses sentences only; numbering citations and rendering the text is bot/answer/cite.py's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.answer.query import Query
from bot.answer.retrieve import Candidate, Vector


@dataclass(frozen=True)
class Picked:
    """A sentence chosen for the answer, and the chunk it comes from."""

    text: str
    candidate: Candidate
    is_item: bool  # a list item renders as a bullet


class Plan(Protocol):
    """Chooses the curriculum's sentences that answer one reading of a question."""

    def __call__(self, query: Query, candidates: Sequence[Candidate], vector: Vector) -> list[Picked]: ...
