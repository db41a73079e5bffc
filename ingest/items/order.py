"""Order items: a table's rows by its ordering column ("Put these tracks in the recommended order"),
and a guide's list whose entries count up ("7-14 Days: …", "30 Days: …", "60 Days: …")."""

from __future__ import annotations

import itertools
import re

from index.chunk import Chunk
from index.practice import Item, item_id
from ingest.items.rules import Rules, about, basis, level_name, level_of, section_of, shuffled

_LEADING_NUMBER = re.compile(r"^(\d+)(?:\s*-\s*(\d+))?\s+[A-Za-z]+:\s+(.+)$")


def _ordering_column(rows: list[Chunk]) -> tuple[str, str] | None:
    """(the key column, the ordering column): distinct whole numbers, and a first column of distinct names."""
    assert rows[0].cells is not None
    columns = list(rows[0].cells)
    key = columns[0]
    if len({r.cells[key] for r in rows if r.cells}) != len(rows):
        return None
    for column in columns[1:]:
        values = [r.cells[column] for r in rows if r.cells]
        if all(v.isdigit() for v in values) and len(set(values)) == len(values):
            return key, column
    return None


def _plural(noun: str) -> str:
    noun = noun.lower()
    return noun if noun.endswith("s") else f"{noun}s"


def table_order_items(rows: list[Chunk], rules: Rules, levels: set[str]) -> list[Item]:
    found = _ordering_column(rows) if len(rows) >= 3 else None
    if found is None:
        return []
    key, column = found
    ranked = sorted(rows, key=lambda r: int(r.cells[column]) if r.cells else 0)
    size = int(rules.order["subset_size"])
    groups = [tuple(ranked)]
    if 3 <= size < len(ranked):
        groups += list(itertools.combinations(ranked, size))
    items = []
    for group in groups:
        names = tuple(r.cells[key] for r in group if r.cells)
        prompt = f"Put these {_plural(key)} in the {column.lower()}."
        items.append(
            Item(
                id=item_id("order", group[0].id, prompt, *names),
                kind="order",
                chunks=tuple(r.id for r in group),
                prompt=prompt,
                answer=" → ".join(names),
                level=level_of(group[0], levels) if len(group) == 1 else "general",
                section=section_of(group[0]),
                basis=basis(rules, rows),
                choices=tuple(shuffled(names, "\x00".join(names))),
                order=names,
                term_kind=key,
            )
        )
    return items


def list_order_items(chunk: Chunk, rules: Rules, levels: set[str]) -> list[Item]:
    """A guide section listing steps that count up: the steps, without their counts, to put in order."""
    if chunk.kind != "section" or chunk.meta.get("kind") != "guide" or len(chunk.sentences) < 3:
        return []
    matches = [_LEADING_NUMBER.match(s) for s in chunk.sentences]
    if not all(matches):
        return []
    starts = [int(m.group(1)) for m in matches if m]
    if starts != sorted(starts) or len(set(starts)) != len(starts):
        return []
    steps = tuple(m.group(3) for m in matches if m)
    prompt = str(rules.order["list_prompt"]).format(section=chunk.breadcrumb[-1], level=level_name(chunk))
    return [
        Item(
            id=item_id("order", chunk.id, prompt, *steps),
            kind="order",
            **about(chunk, rules, levels),
            prompt=prompt,
            answer=" → ".join(steps),
            choices=tuple(shuffled(steps, "\x00".join(steps))),
            order=steps,
        )
    ]
