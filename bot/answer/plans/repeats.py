"""The repeats plan: "Which level name shows up twice in the table?", "two rows share the same
level: which?" are answered by the rows whose cell in the column named holds the same value.

The column is the one whose name the question says whole (its words, less those that call the
table: "level" of "the tracks table"); the rows are quoted as the table plan quotes them (`TablePlan.quoted`). Nothing
here knows a column or a cell of this curriculum.
"""

from __future__ import annotations

import re
from collections import defaultdict

from bot.answer.plans import Composition, Found
from bot.answer.plans.catalog import Catalog
from bot.answer.plans.table import TablePlan
from index.keywords import normalize, tokenize

# What asks for a value found in more than one row
_REPEATED = re.compile(
    r"\b(?:twice|more than once|two times|repeated|repeats|duplicated?|duplicates"
    r"|(?:two|both|several|multiple) (?:rows|lines|entries))\b"
)


class RepeatsPlan:
    """Rows of the question's table that share the value of the column it names."""

    def __init__(self, table: TablePlan, catalog: Catalog) -> None:
        self.table = table
        self.catalog = catalog

    def __call__(self, found: Found) -> Composition | None:
        query = found.query
        if _REPEATED.search(normalize(query.asked)) is None:
            return None
        group = self.table.table_for(found)
        if group is None or group.table is None:
            return None
        said = set(query.asked_tokens) - set(tokenize(query.shape.table_name))
        columns = [c for c in group.table.columns if tokenize(c) and set(tokenize(c)) <= said]
        if len(columns) != 1:
            return None  # no column named, or not one alone
        rows_of: dict[str, list[int]] = defaultdict(list)
        for number in group.table.rows:
            rows_of[(self.catalog.chunks[number].cells or {}).get(columns[0], "")].append(number)
        rows = [n for value, numbers in rows_of.items() if value and len(numbers) > 1 for n in numbers]
        return self.table.quoted(rows, found) if rows else None  # quoted as the table plan quotes rows
