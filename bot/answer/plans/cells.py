"""How a question names a table's rows: the cells whose words it says, in the question itself."""

from __future__ import annotations

import re

from bot.answer.entities import LEVEL_NOUNS, LEXICON, detect
from bot.answer.plans import Found
from bot.answer.plans.catalog import CellWords, Table
from index.keywords import tokenize

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


def points_at(table: Table, found: Found) -> bool:
    """Whether the question points at a table: it names one, or says a column's name of two or more
    words whole ("in the recommended order", "skills covered")."""
    said = tokenize(asked(found))
    return found.query.shape.names_table or any(
        len(words := tuple(tokenize(c))) > 1 and said_in_a_row(said, words) for c in table.columns
    )


# "…after the entry one": a row called by a word for its place ("stage one" is a level's name)
_ONE = re.compile(r"^(?:the\s+)?(?P<word>[\w-]+) ones?\W*$")


def levels_called(text: str, pointed: bool) -> frozenset[str]:
    """The level a text calls a row by in the learner's words: "the entry one" (Foundation's row). "The
    beginner level" may be the level's own guide, whose next certification comes after, unless the
    question `pointed` at the table ("after the pro level in the recommended order")."""
    one = _ONE.match(text)
    called = pointed or (one is not None and one["word"] not in LEVEL_NOUNS)
    return detect(text).get("level") if called else frozenset()
