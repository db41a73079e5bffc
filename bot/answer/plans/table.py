"""The table plan: order, position, filter and cell questions answered from a table's rows.

"Which track is last in the recommended order?", "What comes after Leadership?", "Which tracks
are Specialist level?": the rows are sorted by the table's order column (a column whose cells are
all whole numbers), picked by position, or filtered by the cells the question names. Every row is
quoted as its own sentence (built at ingest from its cells) and cited. Nothing here knows a
column or a cell of this curriculum.
"""

from __future__ import annotations

from bot.answer.entities import LEVEL_NOUNS
from bot.answer.plans import Block, Composition, Found, Picked
from bot.answer.plans.catalog import Catalog, Group, Table
from bot.answer.plans.cells import (
    Named,
    asked,
    levels_called,
    levels_said,
    points_at,
    said_in_a_row,
    says_a_whole_cell,
    several,
)
from bot.answer.tuning import PlanTuning
from index.keywords import tokenize


class TablePlan:
    """Rows of the table the question is about, sorted, picked or filtered."""

    def __init__(self, catalog: Catalog, tuning: PlanTuning) -> None:
        self.catalog = catalog
        self.tuning = tuning

    def table_for(self, found: Found) -> Group | None:
        """The table the question is about: one whose rows are the kind it asks for ("which
        roles…") with a row among the best candidates, else the table of the best-ranked row near
        the top, else the table whose order column it names."""
        by_name = self.by_name(found.query.shape.table_name)
        if by_name is not None:
            return by_name  # "the data engineer line in the roles table, which track"
        kind = set(tokenize(found.query.shape.kind))
        near: list[Group] = []
        for c in found.candidates[: self.tuning.group_depth]:
            group = self.catalog.table_of(c.number)
            if group is not None and group not in near:
                near.append(group)
        for group in near:
            if kind & self.catalog.row_kind(group):
                return group
        if found.query.shape.asks_a_row:
            return self.called(found)  # "the fourth one in the chart"
        if found.query.shape.order is not None:  # "…before the Security specialist in the order?"
            if not self.positions(found, near):
                # "Does he need another cert first?", "why do the tiers in order?": an order word with
                # nothing that makes it a position in a table is an adverb, and the passage answers.
                return None
            for group in near:
                if group.table is not None and group.table.order:
                    return group
        for c in found.candidates[: self.tuning.table_depth]:
            group = self.catalog.table_of(c.number)
            if group is not None:
                return group
        return self.names_order(found)

    def by_name(self, name: str) -> Group | None:
        """The one table a question calls by what its rows are or by its caption's words ("the
        roles table"), if any."""
        said = set(tokenize(name))
        if not said:
            return None  # most questions call no table by name
        called = [g for g in self.catalog.tables if said & self.catalog.table_words(g)]
        return called[0] if len(called) == 1 else None

    def positions(self, found: Found, near: list[Group]) -> bool:
        """Whether the question's order word asks for a position among a table's rows: it is
        relative to a row ("after Leadership", "the next one"), the table's order column is named, or
        retrieval's best passage is itself one of the rows: for a first, last or nth, a row of a table
        with an order ("what should a platform engineer take first?" names a row of a table without
        one, so "first" is an adverb). (A question that says what the rows are, "which level comes
        first?", or calls a table by a noun, is placed before this is asked.)"""
        order = found.query.shape.order
        relative = order is not None and order.kind in ("after", "before")
        if relative or self.names_order(found) is not None:
            return True
        first = found.candidates[0].number if found.candidates else None
        counted = order is not None and order.kind in ("first", "last", "nth")
        # …or an nth of what the rows are ("the 5th role listed"): rows are counted as listed
        said = set(found.query.tokens)
        return any(
            first in group.members
            for group in near
            if group.table is not None
            and (
                group.table.order
                or not counted
                or (order is not None and order.kind == "nth" and said & self.catalog.row_kind(group))
            )
        )

    def of_rows(self, found: Found, group: Group | None = None) -> Group | None:
        """A table whose rows are what the question asks for, by name: any word of a "which"
        kind ("which track comes…"), the head noun of a listed kind ("list the foundation level
        skills" lists skills, not levels)."""
        shape = found.query.shape
        words = tokenize(shape.kind)
        kind = set(words[-1:] if shape.listing else words)
        group = group or self.table_for(found)
        return group if group is not None and kind & self.catalog.row_kind(group) else None

    def called(self, found: Found) -> Group | None:
        """The table a question calls by a noun for a table ("the chart", "row two"): the one whose
        caption, columns or rows it names most, else one with an order column (a position is
        counted in an order), else the one with a row ranked best."""
        asked = set(found.query.tokens)
        rank = {c.number: i for i, c in reversed(list(enumerate(found.candidates)))}
        return min(
            self.catalog.tables,
            key=lambda g: (
                -self.catalog.weight(asked & self.catalog.table_words(g)),
                g.table is None or g.table.order is None,
                min((rank.get(r, len(rank)) for r in g.members), default=len(rank)),
            ),
            default=None,
        )

    def names_order(self, found: Found) -> Group | None:
        """The table whose order column the question names in full ("recommended order")."""
        asked = set(found.query.tokens)
        for group in self.catalog.groups:
            table = group.table
            if table is not None and table.order and set(tokenize(table.order)) <= asked:
                return group
        return None

    def named(self, table: Table, text: str) -> Named:
        """The rows with a cell whose telling words the text says, in a row."""
        said = tokenize(text)
        found: Named = {}
        for row, cells in self.catalog.cell_words(table).items():
            hits = {
                column: max(spoken, key=len)
                for column, ways in cells.items()
                if (spoken := [words for words in ways if said_in_a_row(said, words)])
            }
            if hits:
                found[row] = hits
        return found

    def anchor(self, table: Table, text: str, pointed: bool = False) -> int | None:
        """The one row a text names best ("Leadership" in "after Leadership?") or calls by its level (levels_called)."""
        named = self.named(table, text)
        levels = levels_called(text, pointed)
        if not named and len(levels) == 1:
            named = self.named(table, next(iter(levels)))
        scores = {
            row: self.catalog.weight(w for words in cells.values() for w in words)
            for row, cells in named.items()
        }
        if not scores:
            return None
        best = max(scores.values())
        top = [r for r, score in scores.items() if score == best]
        return top[0] if len(top) == 1 else None

    def rows(self, group: Group, found: Found) -> list[int] | None:
        """The rows that answer, in the order shown; None when the table does not answer this question."""
        table = group.table
        assert table is not None
        shape = found.query.shape
        ordered = table.ordered(self.catalog.chunks)
        order = shape.order
        if order is not None and order.kind in ("after", "before"):
            anchor = self.anchor(table, order.anchor, points_at(table, found))
            if anchor is None:
                return None
            at = ordered.index(anchor) + (1 if order.kind == "after" else -1)
            return [anchor, ordered[at]] if 0 <= at < len(ordered) else [anchor]
        named = self.named(table, asked(found))
        filtered = [r for r in ordered if r in named]
        if order is not None:
            # "which level needs basic finance first?": a position among the rows the question
            # names, when it names any ("the second specialist track"), else among all
            within = order.kind != "nth" or len(filtered) >= order.n
            pool = filtered if filtered and within else ordered
            if order.kind == "first":
                return pool[:1]
            if order.kind == "last":
                return pool[-1:]
            if order.kind == "nth":
                return pool[order.n - 1 : order.n] or None
            return pool
        # "Which tracks…", "list the levels": the kind asked for is what the table's rows are.
        if (shape.which or shape.listing) and self.of_rows(found, group):
            # Only when it is the table that is asked about: named, a row of it among retrieval's best,
            # nothing asked but its words ("what track is the foundation level under?"), or a cell of
            # several words said whole ("…for SREs / DevOps people"). ("Which levels are proctored?"
            # asks for what no row holds, though a cell may share a word: a passage says it.)
            best = {c.number for c in found.candidates[: self.tuning.table_depth]}
            if not (
                shape.listing
                or shape.names_table
                or best & set(group.members)
                or self.only_its(group, named, found)
                or says_a_whole_cell(self.catalog.cell_words(table), named)
            ):
                return None
            # "…told to start with the entry-level cert": a level in the learner's words names its rows
            # (unless levels are what it asks for: "mostly junior. which level for them?")
            asks_levels = any(w.rstrip("s") in LEVEL_NOUNS for w in shape.kind.split())
            if not filtered and not asks_levels and (levels := levels_said(found)):
                named = self.named(table, levels)
                filtered = [r for r in ordered if r in named]
            # "Which roles does the table cover?": a plural kind with no cell named asks for all.
            row_kind = self.catalog.row_kind(group)
            every = shape.listing or any(
                w.endswith("s") and set(tokenize(w)) & row_kind for w in shape.kind.split()
            )
            if not every and len(filtered) > 1 and not several(named):  # one asked for: the row named best
                one = self.anchor(table, asked(found))
                return [one] if one is not None else filtered
            return filtered or (ordered if every else None)
        if several(named):
            return filtered
        # "the prerequisites for the specialist level": a cell that several rows share, with
        # nothing said that tells them apart, asks about all of them
        alike = self.alike(named)
        if found.candidates and found.candidates[0].number in alike:
            return [r for r in ordered if r in alike]
        return self.best_named(found)

    def only_its(self, group: Group, named: Named, found: Found) -> bool:
        """Whether every word of the question is the table's: a cell it names, a column's name or
        what its rows are."""
        said = {w for cells in named.values() for stems in cells.values() for w in stems}
        words = set(found.query.tokens) - said - self.catalog.table_words(group) - self.catalog.generic
        return not words

    def alike(self, named: Named) -> list[int]:
        """The rows named best, when two or more are named by the very same cells."""
        score = {
            row: self.catalog.weight(w for said in cells.values() for w in said)
            for row, cells in named.items()
        }
        best = max(score.values(), default=0.0)
        top = [row for row, value in score.items() if value == best]
        return top if len(top) > 1 and all(named[row] == named[top[0]] for row in top) else []

    def best_named(self, found: Found) -> list[int] | None:
        """For a question answered by a table row, the row it names best, when that is not the
        row retrieval ranked first. A row scores the question's words among its cells (said in a
        row), its table's columns and what its table's rows are ("Is there a Security specialist
        track…" names the tracks table's Security row by its track, its level and "track"). A
        question that calls a table by a noun for one ("who is the foundation level for, in the
        table?") asks for a row even when retrieval ranked a passage first."""
        if not found.candidates:
            return None
        if found.candidates[0].chunk.kind != "row" and not found.query.shape.names_table:
            return None
        first = found.candidates[0].number
        text = asked(found)
        words = set(tokenize(text))
        levels = levels_said(found)
        scores: dict[int, float] = {}
        for c in found.candidates[: self.tuning.group_depth]:
            group = self.catalog.table_of(c.number)
            if group is None or group.table is None:
                continue
            columns = group.table.column_words()
            table = self.catalog.weight(words & (columns | self.catalog.row_kind(group)))
            if table == 0 and first not in group.members:
                # A cell word alone ("security") does not move the answer to another table's row:
                # the question must name that table's columns or what its rows are.
                continue
            # ("what prerequisite does the first level list in the table?": a level in the learner's words)
            named = self.named(group.table, text) or (self.named(group.table, levels) if levels else {})
            for row in {*named, first} & set(group.table.rows):
                cells = named.get(row, {})
                scores[row] = table + self.catalog.weight(w for said in cells.values() for w in said)
        best = max(scores.values(), default=0.0)
        top = [r for r, score in scores.items() if score == best]
        return top if len(top) == 1 and top[0] != first and best > scores.get(first, 0.0) else None

    def __call__(self, found: Found) -> Composition | None:
        group = self.table_for(found)
        rows = self.rows(group, found) if group is not None else None
        return self.quoted(rows, found) if rows else None

    def quoted(self, rows: list[int], found: Found) -> Composition | None:
        """The rows quoted, each as its own sentence, cited; None when retrieval did not see one."""
        by_number = {c.number: c for c in found.candidates}
        picked: list[Picked] = []
        for number in rows[: self.tuning.max_blocks]:
            candidate = by_number.get(number)
            if candidate is None:
                return None  # a row retrieval did not see (filtered out): no whole answer from it
            picked.extend(Picked(s, candidate, len(rows) > 1) for s in candidate.chunk.sentences)
        return Composition("table", (Block(tuple(picked)),))
