"""The answer planner: reads the question's shape and picks the plan that composes its answer.

Several asks -> the parts plan (each part planned on its own); two or more subjects compared ->
the compare plan; an order, position or "which" question about a table -> the table plan; a
request for every thing of a kind -> the list plan; one property of a long passage asked -> the
concise plan (the sentence that says it); otherwise the best passage, named when its sentences
leave their subject unsaid. A plan that cannot answer falls through to the next.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.answer.plans import Composition, Found, Lookup
from bot.answer.plans.catalog import Catalog
from bot.answer.plans.compare import ComparePlan
from bot.answer.plans.concise import ConcisePlan
from bot.answer.plans.listing import ListPlan
from bot.answer.plans.name import NamePlan
from bot.answer.plans.parts import PartsPlan
from bot.answer.plans.passage import PassagePlan
from bot.answer.plans.repeats import RepeatsPlan
from bot.answer.plans.table import TablePlan
from bot.answer.tuning import Tuning
from bot.answer.vector_cache import Vector
from index.artifact import Artifact


class Planner:
    """Every plan, built once per index, and the choice between them."""

    def __init__(self, artifact: Artifact, tuning: Tuning, embed: Callable[[str], Vector]) -> None:
        self.catalog = Catalog(artifact)
        self.passage = PassagePlan(artifact, tuning.passage)
        self.name = NamePlan(self.passage, self.catalog, tuning.plans)
        self.concise = ConcisePlan(artifact, embed, self.name, tuning.passage, tuning.plans)
        self.table = TablePlan(self.catalog, tuning.plans)
        self.repeats = RepeatsPlan(self.table, self.catalog)
        self.listing = ListPlan(self.catalog, tuning.plans)
        self.compare = ComparePlan(self.catalog, self.name, tuning.plans)
        self.parts = PartsPlan(self.single, self.name, tuning.plans)

    def compose(self, found: Found, lookup: Lookup, covered: bool = True) -> Composition:
        """The answer's blocks for what was found for the whole question.

        When the whole question is not `covered`, only plans that judge each piece on its own
        (parts, compared subjects) may still answer; otherwise nothing is quoted.
        """
        shape = found.query.shape
        if shape.several:
            return self.parts(found, lookup, covered)
        if not covered:
            # Retrieval is unsure, but the question may still be answered piece by piece, or by
            # a table whose order column it names ("the last one in the recommended order").
            answered = self.compare(found, lookup) if shape.compares else None
            by_table = shape.order is not None and self.table.names_order(found) is not None
            # …or by a table whose rows are what it asks for: "list the levels", "which track
            # comes after Operations?"
            asks_rows = shape.listing or shape.order is not None
            by_table = by_table or (asks_rows and self.table.of_rows(found) is not None)
            # …or a position in a table it calls by a noun for one: "chart row two prereqs".
            by_table = by_table or shape.asks_a_row
            if answered is None and by_table:
                answered = self.table(found)
            return answered or Composition("passage", ())
        return self.single(found, lookup)

    def single(self, found: Found, lookup: Lookup) -> Composition:
        """The answer's blocks for one ask."""
        shape = found.query.shape
        if shape.compares:
            compared = self.compare(found, lookup)
            if compared is not None:
                return compared
        table = self.repeats(found) or self.table(found)
        if table is not None:
            return table
        if shape.listing:
            listed = self.listing(found)
            if listed is not None:
                return listed
        return self.concise(found) or self.name(found)
