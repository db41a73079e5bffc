"""Practice items, derived from the chunks at ingest (short answer, multiple choice, cloze, order).

Derivation is incremental, like the embeddings: a passage (or table) whose content and rules are
unchanged keeps the items the previous build made from it, ids and all, so learners' schedules on
them carry over; only what changed is derived again.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from index.chunk import Chunk
from index.practice import Item
from ingest.items.choice import choice_items, tables
from ingest.items.cloze import cloze_items
from ingest.items.order import list_order_items, table_order_items
from ingest.items.rules import Rules, basis, known_levels, load_rules
from ingest.items.short import short_items
from ingest.items.terms import vocabulary

__all__ = ["DerivedItems", "derive_items"]


@dataclass(frozen=True)
class DerivedItems:
    items: list[Item]
    kept: int  # items carried over unchanged from the previous build
    made: int  # items derived in this build

    @property
    def by_kind(self) -> dict[str, int]:
        return dict(sorted(Counter(i.kind for i in self.items).items()))


def derive_items(
    chunks: list[Chunk], previous: list[Item] | None = None, rules: Rules | None = None
) -> DerivedItems:
    """Every practice item of the corpus, in corpus order, reusing the previous build's where it can."""
    rules = rules or load_rules()
    levels = known_levels(chunks)
    terms = vocabulary(chunks, rules)
    earlier: dict[str, list[Item]] = defaultdict(list)
    for item in previous or []:
        earlier[item.basis].append(item)
    units: list[tuple[list[Chunk], Callable[[], list[Item]]]] = []
    for chunk in chunks:
        if chunk.kind != "row":
            units.append(([chunk], partial(_passage_items, chunk, rules, levels, terms)))
    for rows in tables(chunks).values():
        units.append((rows, partial(_table_items, rows, rules, levels)))
    items: list[Item] = []
    kept = made = 0
    for group, derive in units:
        reused = earlier.pop(basis(rules, group), None)
        fresh = reused if reused is not None else derive()
        kept, made = (kept + len(fresh), made) if reused is not None else (kept, made + len(fresh))
        items.extend(fresh)
    return DerivedItems(items, kept, made)


def _passage_items(chunk: Chunk, rules: Rules, levels: set[str], terms: dict[str, list[str]]) -> list[Item]:
    return [
        *short_items(chunk, rules, levels),
        *cloze_items(chunk, rules, levels, terms),
        *list_order_items(chunk, rules, levels),
    ]


def _table_items(rows: list[Chunk], rules: Rules, levels: set[str]) -> list[Item]:
    return [*choice_items(rows, rules, levels), *table_order_items(rows, rules, levels)]
