"""Multiple-choice items from table rows: one cell is blanked in the row's own sentence, and the
distractors are other rows' cells in the same column, which the table itself proves wrong."""

from __future__ import annotations

import re
from collections import defaultdict

from index.chunk import Chunk
from index.practice import BLANK, Item, item_id
from ingest.items.rules import Rules, about, pick, shuffled


def tables(chunks: list[Chunk]) -> dict[str, list[Chunk]]:
    """Row chunks grouped by their table (the id before '#row-'), in row order."""
    grouped: dict[str, list[Chunk]] = defaultdict(list)
    for chunk in chunks:
        if chunk.kind == "row" and chunk.cells:
            grouped[chunk.id.rsplit("#", 1)[0]].append(chunk)
    return dict(grouped)


def parts(cell: str) -> set[str]:
    """The values of a cell that lists several ("Orchestration, Drift Detection"), lower-cased."""
    return {p.strip().lower() for p in re.split(r",|/", cell) if p.strip()}


def provably_false(value: str, row: Chunk, column: str, rows: list[Chunk]) -> bool:
    """Whether the table proves `value` wrong for `column` of `row`.

    It does when the value shares no part with the row's own cell, and no row that agrees with this
    one on every other column has that value (two rows alike but for this column would make it true).
    """
    assert row.cells is not None
    if parts(value) & parts(row.cells[column]):
        return False
    others = {c: v for c, v in row.cells.items() if c != column}
    for other in rows:
        assert other.cells is not None
        alike = all(other.cells.get(c) == v for c, v in others.items())
        if alike and other.cells[column] == value:
            return False
    return True


def blanked(sentence: str, cell: str) -> str | None:
    """The row sentence with the cell blanked; None unless the cell is in it exactly once, as words.

    Only the cell: the sentence filled with any choice must read as the table's own sentence would.
    """
    matches = list(re.finditer(rf"(?<![\w-]){re.escape(cell)}(?![\w-])", sentence))
    if len(matches) != 1 or sentence.count(cell) != 1:
        return None
    m = matches[0]
    return sentence[: m.start()] + BLANK + sentence[m.end() :]


def choice_items(rows: list[Chunk], rules: Rules, levels: set[str]) -> list[Item]:
    """One item per row and column whose cell can be blanked and has enough provably false rivals."""
    items: list[Item] = []
    for row in rows:
        assert row.cells is not None
        sentence = row.sentences[0]
        for column, cell in row.cells.items():
            prompt = blanked(sentence, cell)
            if prompt is None:
                continue
            rivals = sorted({o.cells[column] for o in rows if o.cells and o.cells[column] != cell})
            rivals = [v for v in rivals if provably_false(v, row, column, rows)]
            seed = f"{row.id}\x00{column}"
            distractors = pick(rivals, rules.choice["distractors"], seed)
            if len(distractors) < rules.choice["min_distractors"]:
                continue
            choices = tuple(shuffled([cell, *distractors], seed + "\x00order"))
            items.append(
                Item(
                    id=item_id("choice", row.id, column, prompt, cell, *choices),
                    kind="choice",
                    prompt=f"Which fills the blank? {prompt}",
                    answer=cell,
                    **about(row, rules, levels, rows),
                    choices=choices,
                    sentence=sentence,
                    term_kind=column,
                )
            )
    return items
