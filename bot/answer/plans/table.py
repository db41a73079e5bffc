"""The table plan: order, position, filter and cell questions answered from a table's rows.

"Which track is last in the recommended order?", "What comes after Leadership?", "Which tracks
are Specialist level?": the rows are sorted by the table's order column (a column whose cells are
all whole numbers), picked by position, or filtered by the cells the question names. Every row is
quoted as its own sentence (built at ingest from its cells) and cited. Nothing here knows a
column or a cell of this curriculum.
"""

from __future__ import annotations

from bot.answer.plans import Block, Composition, Found, Picked
from bot.answer.plans.catalog import Catalog, Group, Table
from bot.answer.shape import Order
from bot.answer.tuning import PlanTuning
from index.keywords import tokenize


class TablePlan:
    """Rows of the table the question is about, sorted, picked or filtered."""

    def __init__(self, catalog: Catalog, tuning: PlanTuning) -> None:
        self.catalog = catalog
        self.tuning = tuning

    def table_for(self, found: Found) -> Group | None:
        """The table with a row among the best candidates, or whose order column the question names."""
        for c in found.candidates[: self.tuning.table_depth]:
            group = self.catalog.table_of(c.number)
            if group is not None:
                return group
        asked = set(found.query.tokens)
        for group in self.catalog.groups:
            table = group.table
            if table is not None and table.order and set(tokenize(table.order)) <= asked:
                return group
        return None

    def matches(self, table: Table, words: set[str]) -> dict[int, frozenset[str]]:
        """The rows with a cell whose telling words the text names in full, and the words that matched."""
        # "SREs" names the cell "SRE": the stemmer leaves an acronym's plural as it is.
        words = words | {w[:-1] for w in words if w.endswith("s")}
        found: dict[int, frozenset[str]] = {}
        for row, cells in self.catalog.cell_words(table).items():
            named = frozenset().union(*(w for w in cells.values() if w and w <= words))
            if named:
                found[row] = named
        return found

    def anchor(self, table: Table, words: set[str]) -> int | None:
        """The one row a text names best ("Leadership" in "what comes after Leadership?")."""
        found = self.matches(table, words)
        if not found:
            return None
        scores = {r: self.catalog.weight(w) for r, w in found.items()}
        best = max(scores.values())
        top = [r for r, score in scores.items() if score == best]
        return top[0] if len(top) == 1 else None

    def rows(self, table: Table, found: Found) -> list[int] | None:
        """The rows that answer, in the order shown; None when the table does not answer this question."""
        shape = found.query.shape
        chunks = self.catalog.chunks
        ordered = table.ordered(chunks)
        order: Order | None = shape.order
        if order is not None and order.kind in ("after", "before"):
            anchor = self.anchor(table, set(tokenize(order.anchor)))
            if anchor is None:
                return None
            at = ordered.index(anchor) + (1 if order.kind == "after" else -1)
            return [anchor, ordered[at]] if 0 <= at < len(ordered) else [anchor]
        named = self.matches(table, set(found.query.tokens))
        filtered = [r for r in table.rows if r in named]
        if order is not None:
            pool = [r for r in ordered if r in filtered] if filtered and order.kind == "all" else ordered
            if order.kind == "first":
                return pool[:1]
            if order.kind == "last":
                return pool[-1:]
            if order.kind == "nth":
                return pool[order.n - 1 : order.n] or None
            return pool
        # Two rows or more, each named by words of its own ("SREs and platform engineers"), are
        # asked about together even without "which".
        several = len(set(named.values())) > 1
        if shape.which or shape.listing or several:
            if filtered:
                return [r for r in ordered if r in filtered]
            return ordered if shape.listing and self._names_kind(found) else None
        return None

    def _names_kind(self, found: Found) -> bool:
        group = self.table_for(found)
        return group is not None and bool(set(tokenize(found.query.shape.kind)) & group.words)

    def __call__(self, found: Found) -> Composition | None:
        group = self.table_for(found)
        if group is None or group.table is None:
            return None
        rows = self.rows(group.table, found)
        if not rows:
            return None
        by_number = {c.number: c for c in found.candidates}
        picked = []
        for number in rows[: self.tuning.max_blocks]:
            candidate = by_number.get(number)
            if candidate is None:
                return None  # a row retrieval did not see (filtered out): no whole answer from it
            picked.extend(Picked(s, candidate, len(rows) > 1) for s in candidate.chunk.sentences)
        return Composition("table", (Block(tuple(picked)),))
