"""The corpus's own structure, read once from an index: labels, groups of like passages, and tables.

Plans never name a heading or a column of this curriculum. They ask the catalog which heading
names a passage, which passages are siblings or parallels of each other, and what the tables'
columns, rows and order are; all of it is read from the chunks' headings, cells and front matter.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from index.artifact import Artifact
from index.chunk import BREADCRUMB_SEPARATOR, Chunk, parallel_groups
from index.keywords import KeywordIndex, tokenize

_INTEGER = re.compile(r"^\s*\d+\s*$")
# Per row and column of a table, the ways a question may name the cell (each a run of stems).
CellWords = dict[int, dict[str, tuple[tuple[str, ...], ...]]]
_LIST_ITEM = re.compile(r"\s*[,;]\s*")  # a cell that lists things: "Orchestration, Drift Detection"
# A capitalised name, then a noun: "DataOps track", "Security Track".
_NAMED_NOUN = re.compile(r"\b([A-Z][\w+-]*[A-Za-z])\s+([A-Za-z]+)\b")
# A sentence that opens with one of these leans on something named before it ("It focuses on…").
_LEANS = re.compile(r"^(?:it|its|they|their|them|this|these|those|that|he|she|his|her)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Group:
    """Passages of one kind: siblings under one heading, one heading repeated across documents,
    or the rows of one table. `words` are the stemmed words that say what kind of thing they are."""

    members: tuple[int, ...]  # chunk numbers, in the corpus's order
    words: frozenset[str]
    table: Table | None = None


@dataclass(frozen=True)
class Table:
    """One table of the corpus: its rows (chunk numbers), its columns, and its order column if any."""

    rows: tuple[int, ...]
    columns: tuple[str, ...]
    order: str | None  # a column whose every cell is a whole number ("Recommended Order")

    def column_words(self) -> set[str]:
        """The stemmed words of its columns' names ("skill" and "cover" of "Skills Covered")."""
        return {w for column in self.columns for w in tokenize(column)}

    def ordered(self, chunks: Sequence[Chunk]) -> list[int]:
        """The rows by the order column, or as the table lists them when it has none."""
        if self.order is None:
            return list(self.rows)
        column = self.order
        return sorted(self.rows, key=lambda n: int((chunks[n].cells or {})[column]))


def plural_words(text: str) -> set[str]:
    """The stems of a heading's plural nouns: a heading naming a collection ("Providers", "Tracks & Levels")."""
    return {stem for word in re.findall(r"[A-Za-z]+s\b", text) for stem in tokenize(word) if len(word) > 3}


def shared_words(texts: Iterable[str]) -> set[str]:
    """The stems every text has: what a set of headings have in common ("Path" of every path)."""
    sets = [set(tokenize(t)) for t in texts]
    return set.intersection(*sets) if sets else set()


def leans_back(sentence: str) -> bool:
    """Whether a sentence opens with a pronoun that needs a name before it."""
    return _LEANS.match(sentence.strip()) is not None


class Catalog:
    """Labels, groups and tables of one index, built once with the planner."""

    def __init__(self, artifact: Artifact) -> None:
        self.chunks = artifact.chunks
        self.keywords: KeywordIndex = artifact.keywords
        self._cell_words: dict[Table, CellWords] = {}
        self._own_words: dict[tuple[int, ...], list[set[str]]] = {}
        chunks = self.chunks
        headings = Counter(c.breadcrumb[-1] for c in self._firsts() if c.kind == "section" and c.breadcrumb)
        self._unique_heading = {h for h, n in headings.items() if n == 1}
        # Words in half the documents' titles or more ("certified", "mlops", "manager") say what
        # the whole curriculum is about, not what kind of thing a group holds.
        title_words = [set(tokenize(t)) for t in {c.title for c in chunks}]
        self.generic = {
            w for w in set().union(*title_words) if 2 * sum(w in t for t in title_words) >= len(title_words)
        }
        self.groups: list[Group] = []
        self.group_of: dict[int, list[Group]] = defaultdict(list)
        siblings: dict[tuple[str, ...], list[int]] = defaultdict(list)
        # The same parallel sections (each level guide's "Common mistakes") that share their
        # example questions in retrieval.
        self.parallel = parallel = parallel_groups(chunks)
        parallels: dict[int, list[int]] = defaultdict(list)
        tables: dict[tuple[str, tuple[str, ...]], list[int]] = defaultdict(list)
        for n in self._first_numbers():
            c = chunks[n]
            if c.kind == "row":
                tables[(c.source, c.breadcrumb)].append(n)
            elif len(c.breadcrumb) >= 2:
                siblings[c.breadcrumb[:-1]].append(n)
                if c.kind == "section":
                    parallels[parallel[n]].append(n)
        for parent, members in siblings.items():
            if len(members) > 1:
                names = [chunks[m].breadcrumb[-1] for m in members]
                self._add(Group(tuple(members), frozenset(shared_words(names) | plural_words(parent[-1]))))
        for members in parallels.values():
            if len(members) > 1 and len({chunks[m].source for m in members}) == len(members):
                titles = [chunks[m].breadcrumb[0] for m in members]
                words = set(tokenize(chunks[members[0]].breadcrumb[-1])) | shared_words(titles)
                self._add(Group(tuple(members), frozenset(words)))
        for (_, crumbs), rows in tables.items():
            first = chunks[rows[0]]
            columns = tuple((first.cells or {}).keys())
            order = next(
                (col for col in columns if all(_INTEGER.match((chunks[r].cells or {})[col]) for r in rows)),
                None,
            )
            table = Table(tuple(rows), columns, order)
            words = table.column_words() | plural_words(" ".join(crumbs))
            self._add(Group(tuple(rows), frozenset(words), table))
        self.tables = [g for g in self.groups if g.table is not None]

    def _firsts(self) -> list[Chunk]:
        return [self.chunks[n] for n in self._first_numbers()]

    def _first_numbers(self) -> list[int]:
        """One chunk per heading: a long section split into several chunks is one member."""
        seen: set[tuple[str, tuple[str, ...], str]] = set()
        out = []
        for n, c in enumerate(self.chunks):
            key = (c.source, c.breadcrumb, c.id if c.kind == "row" else "")
            if key not in seen:
                seen.add(key)
                out.append(n)
        return out

    def _add(self, group: Group) -> None:
        group = Group(group.members, frozenset(group.words - self.generic), group.table)
        self.groups.append(group)
        for m in group.members:
            self.group_of[m].append(group)

    def label(self, chunk: Chunk) -> str | None:
        """The corpus's own words that name a passage: an FAQ's question, a row's first cell, or the
        headings that tell it apart (its heading, with the document's title when others share it)."""
        if chunk.question:
            return chunk.question
        if chunk.cells:
            return next(iter(chunk.cells.values()), None)
        if not chunk.breadcrumb:
            return chunk.title
        last = chunk.breadcrumb[-1]
        if len(chunk.breadcrumb) == 1 or last in self._unique_heading:
            return last
        return BREADCRUMB_SEPARATOR.join((chunk.breadcrumb[0], last))

    def subject_headings(self, chunk: Chunk) -> tuple[str, ...]:
        """The headings that say what a passage is about: all of them when its own names it alone
        (a path's, a provider's), else those above its own (a level's "Who should take it", an
        FAQ's question, a table's caption)."""
        crumbs = tuple(chunk.breadcrumb)
        if chunk.kind == "section" and crumbs and crumbs[-1] in self._unique_heading:
            return crumbs
        return crumbs[:-1]

    def shared_label(self, chunks: Sequence[Chunk]) -> str | None:
        """The deepest heading several passages share: a table's heading for its rows."""
        shared: list[str] = []
        for level in zip(*(c.breadcrumb for c in chunks), strict=False):
            if len(set(level)) > 1:
                break
            shared.append(level[0])
        return shared[-1] if shared else None

    def names_itself(self, chunk: Chunk, quoted: Sequence[str]) -> bool:
        """Whether the quoted sentences already say what they are about: they name the passage's
        heading and do not open with a pronoun. An FAQ answer is about its question, a row names its cells."""
        if not quoted:
            return True
        if leans_back(quoted[0]):
            return False
        if chunk.kind != "section" or not chunk.breadcrumb or len(chunk.breadcrumb) == 1:
            return True
        name = set(tokenize(chunk.breadcrumb[-1]))
        said = set(tokenize(" ".join(quoted)))
        return bool(name) and name <= said

    def table_of(self, number: int) -> Group | None:
        return next((g for g in self.group_of.get(number, []) if g.table is not None), None)

    def group_of_kind(self, kind: set[str], ranked: Sequence[int]) -> Group | None:
        """The group whose own words best match a kind ("providers", "learning paths"), among the
        groups of the `ranked` chunks; ties go to the group of the better-ranked chunk."""
        best: tuple[float, Group] | None = None
        for number in ranked:
            for group in self.group_of.get(number, []):
                score = self.weight(kind & group.words)
                if score and (best is None or score > best[0]):
                    best = (score, group)
        return best[1] if best else None

    def row_answers(self, number: int, kind: set[str], group: Group) -> bool:
        """Whether a table's row can answer a "which" question of `kind` that `group` could
        answer: its table has a column of that kind, or one of its values (not its first cell)
        names a member of the group ("Certified MLOps Manager – Professional" names the
        Professional level; "SRE" in a role's row names no learning path)."""
        table = self.table_of(number)
        if table is None or kind & table.words:
            return table is not None
        values = list((self.chunks[number].cells or {}).values())[1:]
        names = [set(tokenize(" ".join(self.chunks[m].breadcrumb))) for m in group.members]
        return any(
            (said := set(tokenize(value)) - self.generic) and any(said <= name for name in names)
            for value in values
        )

    def kind_words(self, number: int) -> set[str]:
        """The stems that say what kind of thing a passage is: its groups' shared words ("path")."""
        return {w for group in self.group_of.get(number, []) for w in group.words}

    def names_one_of_kind(self, chunk: Chunk, kind: set[str]) -> bool:
        """Whether a passage names a thing of the kind asked by a name before the kind's own noun
        ("the DataOps track provides a perfect bridge", "Certified MLOps Manager – DataOps Track")."""
        return any(
            set(tokenize(noun)) & kind
            and (name_words := set(tokenize(name)))
            and not name_words & (self.generic | kind)
            for name, noun in _NAMED_NOUN.findall(chunk.text)
        )

    def one_section_of_two(self, one: int, other: int) -> bool:
        """Whether two passages are the same section of two documents (each level guide's
        "Preparation plan")."""
        first, second = self.chunks[one], self.chunks[other]
        return self.parallel[one] == self.parallel[other] and first.source != second.source

    def names_a_member(self, chunk: Chunk, group: Group) -> bool:
        """Whether a passage outside a group names one of its members by the words that tell that
        member apart ("the DataOps track provides a perfect bridge" names the DataOps Path)."""
        said = set(tokenize(chunk.text))
        return any(own and own <= said for own in self.own_words(group))

    def own_words(self, group: Group) -> list[set[str]]:
        """Per member, the heading words that tell it apart from the group's other members: a
        provider's name, or the level whose guide a parallel section ("Best next certification
        after this") is in. Words every member's headings share say only what the group is."""
        known = self._own_words.get(group.members)
        if known is None:
            crumbs = [set(tokenize(" ".join(self.chunks[m].breadcrumb))) for m in group.members]
            common = set.intersection(*crumbs) | group.words | self.generic
            known = self._own_words[group.members] = [words - common for words in crumbs]
        return known

    def table_words(self, group: Group) -> set[str]:
        """The words a question may call a table by: its columns, its caption's plural nouns and
        what its rows are ("the roles table", "the tracks chart")."""
        return set(group.words) | self.row_kind(group)

    def row_kind(self, group: Group) -> set[str]:
        """What a table's rows are: its caption's plural nouns and its first column ("Tracks & Levels", "Role")."""
        table = group.table
        if table is None or not table.columns:
            return set()
        first = self.chunks[table.rows[0]]
        return (plural_words(" ".join(first.breadcrumb)) | set(tokenize(table.columns[0]))) - self.generic

    def weight(self, words: Iterable[str]) -> float:
        """How much a set of stems says: rare words weigh more (the index's IDF)."""
        return sum(self.keywords.idf(w) for w in words)

    def cell_words(self, table: Table) -> CellWords:
        """Per row and column, the ways the text may name the row's cell: the stems (in order)
        that tell the cell apart from the column's other cells ("Professional" of "Certified
        MLOps Manager – Professional"), and each item's when the cell is a list ("Drift
        Detection" of "Orchestration, Drift Detection")."""
        known = self._cell_words.get(table)
        if known is not None:
            return known
        out: CellWords = {}
        for column in table.columns:
            if column == table.order:
                continue
            texts = {r: (self.chunks[r].cells or {}).get(column, "") for r in table.rows}
            cells = {r: tokenize(text) for r, text in texts.items()}
            common = set.intersection(*(set(w) for w in cells.values())) if cells else set()
            for r, words in cells.items():
                items = _LIST_ITEM.split(texts[r])
                ways = [words, *(tokenize(item) for item in items)] if len(items) > 1 else [words]
                out.setdefault(r, {})[column] = tuple(
                    telling for way in ways if (telling := tuple(w for w in way if w not in common))
                )
        self._cell_words[table] = out  # the cells never change: a race only computes them twice
        return out
