"""The naming plan: the best passage's sentences, named first when they do not say what they are about.

"Which provider is the place for reliability engineering?" is answered by a paragraph that
says "this school" and never its name; the answer then opens with the passage's own heading
("sreschool.com") as a label. An answer opening with "It…" is named the same way.
"""

from __future__ import annotations

from bot.answer.plans import Block, Composition, Found, Picked
from bot.answer.plans.catalog import Catalog
from bot.answer.plans.passage import PassagePlan
from bot.answer.retrieve import Candidate
from bot.answer.tuning import PlanTuning
from index.keywords import tokenize


class NamePlan:
    """The passage plan, with the passage's name as a label when its sentences leave it out."""

    def __init__(self, passage: PassagePlan, catalog: Catalog, tuning: PlanTuning) -> None:
        self.passage = passage
        self.catalog = catalog
        self.tuning = tuning

    def of_kind(self, found: Found) -> list[Candidate]:
        """The candidates, the best one of the kind a "which" question asks for first: "Which
        provider…" is answered by a provider's passage, not by a path that words it alike."""
        candidates = list(found.candidates)
        shape = found.query.shape
        if not shape.which:
            return candidates
        top = candidates[: self.tuning.group_depth]
        group = self.catalog.group_of_kind(set(tokenize(shape.kind)), [c.number for c in top])
        if group is None or group.table is not None:
            return candidates
        best = next((c for c in top if c.number in group.members), None)
        return candidates if best is None else [best, *(c for c in candidates if c is not best)]

    def block(self, picked: list[Picked], always: bool = False) -> Block:
        """The picked sentences of one passage under its label: always, or when they do not name it."""
        chunks = list({p.candidate.chunk.id: p.candidate.chunk for p in picked}.values())
        if len(chunks) > 1:  # rows of one table, passages of one kind: named by what they share
            return Block(tuple(picked), self.catalog.shared_label(chunks), "heading")
        chunk = chunks[0]
        if not always and self.catalog.names_itself(chunk, [p.text for p in picked]):
            return Block(tuple(picked))
        return Block(tuple(picked), self.catalog.label(chunk), "cell" if chunk.cells else "heading")

    def __call__(self, found: Found) -> Composition:
        picked = self.passage(found.query, self.of_kind(found), found.vector)
        if not picked:
            return Composition("passage", ())
        block = self.block(picked)
        return Composition("name" if block.label else "passage", (block,))
