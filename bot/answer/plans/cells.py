"""How a question names a table's rows: the cells whose words it says, in the question itself."""

from __future__ import annotations

from bot.answer.entities import LEXICON
from bot.answer.plans import Found
from bot.answer.plans.catalog import CellWords

Named = dict[int, dict[str, tuple[str, ...]]]  # row -> column -> the cell's words the text says


def said_in_a_row(said: list[str], words: tuple[str, ...]) -> bool:
    """Whether `words` stand in `said` one after another (stopwords aside); "SREs" says "SRE"
    (the stemmer leaves an acronym's plural as it is)."""
    n = len(words)
    return any(
        all(s in (w, f"{w}s") for s, w in zip(said[i : i + n], words, strict=True))
        for i in range(len(said) - n + 1)
    )


def asked(found: Found) -> str:
    """The question without the context around it ("my manager suggested…" names no row), typos
    repaired."""
    shape = found.query.shape
    text = found.query.text
    return text[len(shape.context) :] if shape.context and text.startswith(shape.context) else text


def several(named: Named) -> bool:
    """Whether the text names two rows or more in one column, each by words of its own
    ("SREs and platform engineers"): it asks about them together."""
    columns = {column for cells in named.values() for column in cells}
    return any(len({cells[c] for cells in named.values() if c in cells}) > 1 for c in columns)


def says_a_whole_cell(cells: CellWords, named: Named) -> bool:
    """Whether the question says every telling word of a cell of two or more ("SREs / DevOps")."""
    return any(
        len(words) > 1 and words == cells[row][column][0]
        for row, said in named.items()
        for column, words in said.items()
    )


def levels_said(found: Found) -> str:
    """The levels the question names, as the curriculum calls them ("entry-level": "foundation")."""
    return " ".join(f"{LEXICON['level'][v][0]} {v}" for v in sorted(found.query.entities.get("level")))
