"""The naming plan: the best passage's sentences, named first when they do not say what they are about.

"Which provider is the place for reliability engineering?" is answered by a paragraph that
says "this school" and never its name; the answer then opens with the passage's own heading
("sreschool.com") as a label. An answer opening with "It…" is named the same way.
"""

from __future__ import annotations

from bot.answer.candidate import Candidate
from bot.answer.plans import Block, Composition, Found, Picked
from bot.answer.plans.catalog import Catalog
from bot.answer.plans.passage import PassagePlan, is_list_item
from bot.answer.tuning import PlanTuning
from index.keywords import tokenize


class NamePlan:
    """The passage plan, with the passage's name as a label when its sentences leave it out."""

    def __init__(self, passage: PassagePlan, catalog: Catalog, tuning: PlanTuning) -> None:
        self.passage = passage
        self.catalog = catalog
        self.tuning = tuning

    def of_kind(self, found: Found) -> tuple[list[Candidate], bool]:
        """The candidates, the best one of the kind a "which" question asks for first ("Which
        provider…" is answered by a provider's passage, not by a path that words it alike), and
        whether the first is one of that kind."""
        candidates = list(found.candidates)
        shape = found.query.shape
        if not shape.which or not candidates:
            return candidates, False
        top = candidates[: self.tuning.group_depth]
        kind = set(tokenize(shape.kind))
        group = self.catalog.group_of_kind(kind, [c.number for c in top])
        if group is None or group.table is not None:
            return candidates, False
        # A table row retrieval ranked first answers a "which" question by its cells ("which level
        # for an SRE?": the roles table's SRE row names it), so it is not displaced, unless nothing
        # in it is of the kind asked for ("I'm an SRE. which learning path would suit me?").
        first = candidates[0]
        if first.chunk.kind == "row" and self.catalog.row_answers(first.number, kind, group):
            return candidates, False
        # …nor is a passage that names a thing of that kind by its own words: a member of the group,
        # or a thing it calls by the kind's noun ("Can I move from Data Engineering to MLOps…? …the
        # DataOps track provides a perfect bridge").
        outside = first.number not in group.members
        if outside and (
            (first.chunk.kind != "row" and self.catalog.names_a_member(first.chunk, group))
            or self.catalog.names_one_of_kind(first.chunk, kind)
        ):
            return candidates, False
        best = next((c for c in top if c.number in group.members), None)
        if best is None:
            return candidates, False
        return [best, *(c for c in candidates if c is not best)], True

    def block(self, picked: list[Picked], always: bool = False) -> Block:
        """The picked sentences of one passage under its label: always, or when they do not name it."""
        chunks = list({p.candidate.chunk.id: p.candidate.chunk for p in picked}.values())
        if len(chunks) > 1:  # rows of one table, passages of one kind: named by what they share
            return Block(tuple(picked), self.catalog.shared_label(chunks), "heading")
        chunk = chunks[0]
        if not always and self.catalog.names_itself(chunk, [p.text for p in picked]):
            return Block(tuple(picked))
        return Block(tuple(picked), self.catalog.label(chunk), "cell" if chunk.cells else "heading")

    def summarised(self, picked: list[Picked], limit: int) -> list[Picked]:
        """A named passage's sentences, opening with its own summary (its first sentences, as a
        list shows it): what the thing named is, before what the question singled out of it."""
        if not picked or picked[0].candidate.chunk.kind != "section":
            return picked
        candidate = picked[0].candidate
        chunk = candidate.chunk
        singled = {p.text for p in picked}
        # The summary fills the room the question's own sentences leave: it never crowds out the
        # sentence that answers ("…from data warehousing to real-time data?" is the third one).
        # The rest fills in the passage's order: a name's room (list_sentences) holds only its
        # first sentences; a compared side's (part_sentences) holds a short passage whole.
        summary = [s for s in chunk.sentences if s not in singled]
        chosen = singled | set(summary[: max(0, limit - len(singled))])
        kept = [s for s in chunk.sentences if s in chosen][:limit]
        items = {p.text: p.is_item for p in picked}
        return [Picked(s, candidate, items.get(s, is_list_item(chunk, s))) for s in kept]

    def __call__(self, found: Found) -> Composition:
        candidates, named = self.of_kind(found)
        picked = self.passage(found.query, candidates, found.vector)
        if not picked:
            return Composition("passage", ())
        if named:
            # named as the kind asked for: say what it is, as a list of that kind would
            picked = self.summarised(picked, max(len(picked), self.tuning.list_sentences))
        block = self.block(picked)
        return Composition("name" if block.label else "passage", (block,))
