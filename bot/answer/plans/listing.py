"""The list plan: "What learning paths are there?", "Name the providers" get every passage of that kind.

The kind is a group the catalog read from the corpus: siblings under one heading (the paths,
the providers), one heading repeated across documents (each level's common mistakes), or a
table's rows. The group chosen is the one whose own words (shared heading words, a collection's
plural nouns, column names) best match the kind the question asks for, among groups with a
member near the top of retrieval. Each member is quoted under its own heading.
"""

from __future__ import annotations

from bot.answer.plans import Block, Composition, Found, Picked
from bot.answer.plans.catalog import Catalog, Group
from bot.answer.plans.passage import is_list_item
from bot.answer.tuning import PlanTuning
from index.keywords import tokenize


class ListPlan:
    """Every passage of the kind asked for, each with its one-line summary (or its list) and a citation."""

    def __init__(self, catalog: Catalog, tuning: PlanTuning) -> None:
        self.catalog = catalog
        self.tuning = tuning

    def group_for(self, found: Found) -> Group | None:
        """The group of the kind asked for, near the top of retrieval; None when none matches."""
        kind = set(tokenize(found.query.shape.kind)) or set(found.query.tokens)
        ranked = [c.number for c in found.candidates[: self.tuning.group_depth]]
        return self.catalog.group_of_kind(kind, ranked)

    def summary(self, found: Found, number: int) -> list[Picked]:
        """A member's first sentences; a list (its items are its summary) is quoted whole."""
        candidate = next((c for c in found.candidates if c.number == number), None)
        if candidate is None:
            return []
        chunk = candidate.chunk
        items = [is_list_item(chunk, s) for s in chunk.sentences]
        take = len(chunk.sentences) if all(items) else self.tuning.list_sentences
        return [Picked(s, candidate, items[i]) for i, s in enumerate(chunk.sentences[:take])]

    def one_member(self, group: Group, found: Found) -> bool:
        """Whether the question names one member of the group by what only it has ("list the
        foundation level skills"): it asks for that passage's list, not for every member."""
        crumbs = {m: set(tokenize(" ".join(self.catalog.chunks[m].breadcrumb))) for m in group.members}
        shared = set.intersection(*crumbs.values())
        asked = set(found.query.tokens)
        return sum(bool((words - shared) & asked) for words in crumbs.values()) == 1

    def __call__(self, found: Found) -> Composition | None:
        group = self.group_for(found)
        if group is None or (group.table is None and self.one_member(group, found)):
            return None
        members = group.table.ordered(self.catalog.chunks) if group.table else list(group.members)
        blocks = []
        for number in members[: self.tuning.max_blocks]:
            picked = self.summary(found, number)
            if not picked:
                return None  # a member retrieval did not see: filtered out, so not a whole list
            chunk = picked[0].candidate.chunk
            label = None if chunk.kind == "row" else self.catalog.label(chunk)
            blocks.append(Block(tuple(picked), label, "heading" if label else None))
        return Composition("list", tuple(blocks))
