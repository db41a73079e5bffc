"""The table plan: order, position, filter and cell questions answered from a table's rows."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.answer.answerer import Answerer, Attempt, Parts
from bot.runtime import IndexHolder, build_options
from index.chunk import Chunk
from index.encoder import Encoder
from ingest.build import build
from tests.bot.answer.plans.conftest import chunk_ids, cited
from tests.conftest import make_settings

TRACKS = "tracks-and-levels/certified-mlops-manager-certification-tracks-levels/complete-certified-mlops-manager-certification-table#row-"
ROLES = "roles/role-recommended-certified-mlops-manager-certifications#row-"


def rows_by(chunks: dict[str, Chunk], prefix: str, column: str) -> list[str]:
    """The table's row ids sorted by a column's whole numbers."""
    ids = chunk_ids(chunks, prefix)
    return sorted(ids, key=lambda i: int((chunks[i].cells or {})[column]))


@pytest.mark.parametrize(
    ("question", "position"),
    [
        ("Which track is last in the recommended order?", [-1]),
        ("Which track do I do first in the recommended order?", [0]),
        ("Which track comes 2nd in the recommended order?", [1]),
        ("List the levels in order", [0, 1, 2, 3, 4]),
    ],
)
def test_position_questions_are_answered_from_the_rows_sorted_by_the_order_column(
    answerer: Answerer,
    found: Callable[[str], Attempt],
    chunks: dict[str, Chunk],
    question: str,
    position: list[int],
) -> None:
    ordered = rows_by(chunks, TRACKS, "Recommended Order")
    composition = answerer.planner.table(found(question))
    assert composition is not None and composition.plan == "table"
    assert cited(composition) == [ordered[p] for p in position]


@pytest.mark.parametrize(
    ("question", "position"),
    [
        ("grid row three, who is it for?", 2),
        ("what does the second entry of the chart cover?", 1),
        ("the last row in the matrix?", -1),
        ("row 1 of the spreadsheet", 0),
    ],
)
def test_a_row_named_by_its_position_in_a_table_called_by_another_noun(
    answerer: Answerer, chunks: dict[str, Chunk], question: str, position: int
) -> None:
    """Whatever retrieval ranks first, and however unsure it is, the row at that position of the
    table is the answer, cited."""
    ordered = rows_by(chunks, TRACKS, "Recommended Order")
    answer, _ = answerer.answer(question)
    assert answer.plan == "table" and [c.id for c in answer.citations] == [ordered[position]]


def test_a_position_in_a_table_named_by_nothing_else_is_counted_in_the_ordered_table(
    answerer: Answerer, found: Callable[[str], Attempt], chunks: dict[str, Chunk]
) -> None:
    """With the roles table's rows ranked above the tracks table's, a question that names neither
    table's words counts a position in the table that has an order."""
    attempt = found("second one in the matrix, which job is it for?")
    roles_first = sorted(attempt.candidates, key=lambda c: not c.chunk.id.startswith(ROLES))
    attempt = dataclasses.replace(attempt, candidates=roles_first)
    composition = answerer.planner.table(attempt)
    assert composition is not None
    assert cited(composition) == [rows_by(chunks, TRACKS, "Recommended Order")[1]]


def test_the_table_called_is_the_one_whose_rows_it_names(
    answerer: Answerer, found: Callable[[str], Attempt], chunks: dict[str, Chunk]
) -> None:
    """A table without an order column is counted as the corpus lists it."""
    listed = chunk_ids(chunks, ROLES)
    third = answerer.planner.table(found("the third row of the roles table"))
    last = answerer.planner.table(found("in the roles chart, what is the last row?"))
    assert third is not None and cited(third) == [listed[2]]
    assert last is not None and cited(last) == [listed[-1]]


def test_after_and_before_cite_the_anchor_row_and_its_neighbour(
    answerer: Answerer, found: Callable[[str], Attempt], chunks: dict[str, Chunk]
) -> None:
    ordered = rows_by(chunks, TRACKS, "Recommended Order")
    anchor = ordered[2]
    track = (chunks[anchor].cells or {})["Track"]
    after = answerer.planner.table(found(f"Which track comes after {track}?"))
    before = answerer.planner.table(found(f"Which track comes before {track}?"))
    assert after is not None and cited(after) == [anchor, ordered[3]]
    assert before is not None and cited(before) == [anchor, ordered[1]]


def test_a_row_called_the_one_of_its_level_is_an_anchor(
    answerer: Answerer, found: Callable[[str], Attempt], chunks: dict[str, Chunk]
) -> None:
    # "the entry one" is the Foundation row, by the learner's word for its level; "stage one" is a
    # level's name, which the level's own guide answers
    ordered = rows_by(chunks, TRACKS, "Recommended Order")
    after = answerer.planner.table(
        found("in the table, what comes right after the entry one in the recommended order?")
    )
    assert after is not None and cited(after) == ordered[:2]
    assert answerer.planner.table(found("what comes after stage one if i wanna branch out a bit")) is None


def test_a_level_in_the_learners_words_anchors_an_order_the_question_points_at_the_table_for(
    answerer: Answerer, found: Callable[[str], Attempt], chunks: dict[str, Chunk]
) -> None:
    # "in the recommended order" says a column's name whole, so "the pro level" is the row of that
    # level; without it, the level's own guide (its next certification) answers
    ordered = rows_by(chunks, TRACKS, "Recommended Order")
    after = answerer.planner.table(found("what comes after the pro level in the recommended order?"))
    assert after is not None and cited(after) == ordered[1:3]
    assert answerer.planner.table(found("what comes after the pro level?")) is None


def test_an_nth_of_what_the_rows_are_counts_a_table_without_an_order_as_listed(
    answerer: Answerer, found: Callable[[str], Attempt], chunks: dict[str, Chunk]
) -> None:
    composition = answerer.planner.table(found("what's the 5th role listed?"))
    assert composition is not None and cited(composition) == [chunk_ids(chunks, ROLES)[4]]


def test_which_rows_have_a_cell_is_a_filter_on_that_cell(
    answerer: Answerer, found: Callable[[str], Attempt], chunks: dict[str, Chunk]
) -> None:
    rows = chunk_ids(chunks, TRACKS)
    level = (chunks[rows[-1]].cells or {})["Level"]
    expected = [i for i in rows if (chunks[i].cells or {})["Level"] == level]
    composition = answerer.planner.table(found(f"Which tracks are {level} level?"))
    assert len(expected) > 1 and composition is not None and cited(composition) == expected


def test_which_of_a_kind_the_table_lists_is_a_table_question_only_when_the_table_is_asked_about(
    answerer: Answerer, found: Callable[[str], Attempt], chunks: dict[str, Chunk]
) -> None:
    # "levels" are the tracks table's rows, but no row says which are proctored: a passage does
    assert answerer.planner.table(found("which levels does the FAQ list as proctored?")) is None
    # …nor is a level's "Day 2" focus any row's, though "ops" shares a word with a track's cell
    day_two = found("which level is the day 2 ops one?")
    assert day_two.candidates[0].chunk.kind != "row" and answerer.planner.table(day_two) is None
    composition = answerer.planner.table(found("which roles does the table cover?"))
    assert composition is not None and cited(composition) == chunk_ids(chunks, ROLES)


def test_a_level_in_the_learners_words_names_the_rows_recommending_it(
    answerer: Answerer, found: Callable[[str], Attempt], chunks: dict[str, Chunk]
) -> None:
    rows = [r for r in chunk_ids(chunks, ROLES) if "Foundation" in chunks[r].text]
    assert len(rows) > 1  # "entry-level" says no cell's word: the lexicon's level does
    composition = answerer.planner.table(
        found("Which roles in the roles table are told to start with the entry-level cert?")
    )
    assert composition is not None and cited(composition) == rows
    # …but not when levels are what it asks for: "junior" then tells who they are, not a row
    told = found("I lead a group of cloud engineers, mostly junior. which level for them?")
    assert answerer.planner.table(told) is None


def test_a_row_asked_of_a_table_named_may_be_named_by_its_level_in_the_learners_words(
    answerer: Answerer, found: Callable[[str], Attempt], chunks: dict[str, Chunk]
) -> None:
    row = next(r for r in chunk_ids(chunks, TRACKS) if (chunks[r].cells or {})["Level"] == "Foundation")
    composition = answerer.planner.table(found("what's the prerequisite of the entry level in the table?"))
    assert composition is not None and cited(composition) == [row]


def test_a_position_asked_with_cells_named_is_counted_among_the_rows_they_name(
    answerer: Answerer, found: Callable[[str], Attempt], chunks: dict[str, Chunk]
) -> None:
    ordered = rows_by(chunks, TRACKS, "Recommended Order")
    cells = [chunks[i].cells or {} for i in ordered]
    shared = [i for i, c in zip(ordered, cells, strict=True) if c["Level"] == cells[-1]["Level"]]
    finance = next(i for i, c in zip(ordered, cells, strict=True) if c["Prerequisites"] == "Basic Finance")
    # "first" of the rows named, not of the whole table: the first specialist track, and the
    # one level that needs basic finance ("…first" as in "beforehand")
    first = answerer.planner.table(found(f"which of the {cells[-1]['Level']} levels comes first?"))
    assert len(shared) > 1 and first is not None and cited(first) == shared[:1]
    needs = answerer.planner.table(found("which level needs some basic finance knowledge first?"))
    assert needs is not None and cited(needs) == [finance] and finance != ordered[0]


def test_what_kind_a_named_row_is_in_is_its_cell(
    answerer: Answerer, found: Callable[[str], Attempt], chunks: dict[str, Chunk]
) -> None:
    row = chunk_ids(chunks, TRACKS)[0]
    level = (chunks[row].cells or {})["Level"]
    composition = answerer.planner.table(found(f"what track is the {level.lower()} level under?"))
    assert composition is not None and cited(composition) == [row]


def test_a_cell_of_several_words_said_whole_asks_the_table_for_its_row(
    answerer: Answerer, found: Callable[[str], Attempt], chunks: dict[str, Chunk]
) -> None:
    row = next(r for r in chunk_ids(chunks, TRACKS) if "/" in (chunks[r].cells or {})["Who it’s for"])
    audience = (chunks[row].cells or {})["Who it’s for"]
    # a word of the learner's own ("people") around the cell does not hide it
    composition = answerer.planner.table(found(f"what track is the level for {audience} people in?"))
    assert composition is not None and cited(composition) == [row]


def test_a_which_question_for_one_row_takes_the_row_named_best(
    answerer: Answerer, found: Callable[[str], Attempt], chunks: dict[str, Chunk]
) -> None:
    rows = chunk_ids(chunks, TRACKS)
    cells = {r: chunks[r].cells or {} for r in rows}
    level = cells[rows[-1]]["Level"]
    shared = [r for r in rows if cells[r]["Level"] == level]
    assert len(shared) > 1  # two specialist tracks: the level alone names both
    audience = cells[shared[-1]]["Who it’s for"]
    composition = answerer.planner.table(found(f"which {level.lower()} track is for {audience} people?"))
    assert composition is not None and cited(composition) == [shared[-1]]


def test_one_item_of_a_listing_cell_names_its_row(
    answerer: Answerer, found: Callable[[str], Attempt], chunks: dict[str, Chunk]
) -> None:
    rows = chunk_ids(chunks, TRACKS)
    items = {row: (chunks[row].cells or {})["Skills Covered"].split(",") for row in rows}
    asked = [(row, cell[-1].strip()) for row, cell in items.items() if len(cell) > 1]
    assert asked  # the table lists several skills in a cell
    for row, item in asked:
        composition = answerer.planner.table(found(f"Which track covers {item.lower()}?"))
        assert composition is not None and cited(composition) == [row], item


def test_rows_named_together_are_answered_together(
    answerer: Answerer, found: Callable[[str], Attempt]
) -> None:
    composition = answerer.planner.table(
        found("What do security engineers and data engineers get recommended?")
    )
    assert composition is not None and cited(composition) == [f"{ROLES}5", f"{ROLES}6"]


def test_a_plain_row_lookup_is_left_to_the_passage(
    answerer: Answerer, found: Callable[[str], Attempt]
) -> None:
    assert answerer.planner.table(found("I'm an SRE, what should I take?")) is None


@pytest.mark.parametrize(
    "question",
    [
        "Do I have to hold some other certificate first, before the foundation exam?",
        "Why should the levels be taken in order rather than skipped?",
    ],
)
def test_an_order_word_that_places_nothing_in_a_table_is_left_to_the_passage(
    answerer: Answerer, found: Callable[[str], Attempt], question: str
) -> None:
    """The words "first" and "in order" read as adverbs when nothing makes them a position among a table's
    rows (no row named, no order column, no kind of row, retrieval's best passage not a row)."""
    attempt = found(question)
    assert attempt.query.shape.order is not None
    assert attempt.candidates[0].chunk.kind != "row"
    assert answerer.planner.table(attempt) is None


def test_first_after_a_row_of_a_table_without_an_order_is_an_adverb(
    answerer: Answerer, found: Callable[[str], Attempt]
) -> None:
    """Retrieval ranks the roles table's SRE row first; that table has no order column, so "first"
    counts nothing there, and the tracks table's first row is not the answer."""
    attempt = found("what should an SRE take first?")
    assert attempt.query.shape.order is not None
    assert attempt.candidates[0].chunk.id == f"{ROLES}2"
    assert answerer.planner.table(attempt) is None


def test_a_row_of_another_table_wins_only_when_the_question_names_that_table(
    answerer: Answerer, found: Callable[[str], Attempt]
) -> None:
    """Retrieval ranks the roles table's security row first for both questions. A cell word alone
    ("security", a track too) keeps it; naming what the tracks table's rows are ("track", "level")
    moves the answer to the tracks table's security row."""
    cell_word = found("What's on offer for a security person?")
    named = found("security engineer: which track level?")
    for attempt in (cell_word, named):
        assert attempt.candidates[0].chunk.id.startswith(ROLES)
    assert answerer.planner.table.best_named(cell_word) is None
    moved = answerer.planner.table.best_named(named)
    assert moved is not None and len(moved) == 1
    assert answerer.retriever.artifact.chunks[moved[0]].id.startswith(TRACKS)


def test_a_question_that_calls_a_table_by_a_noun_is_answered_from_the_row_it_names(
    answerer: Answerer, found: Callable[[str], Attempt]
) -> None:
    """Retrieval ranks the foundation guide's audience first; saying "the chart" asks the tracks
    table's row for that level. Without a table noun the passage answers, as before."""
    chart = found("who is the foundation level meant for, going by the chart?")
    plain = found("who is the foundation level meant for?")
    assert not chart.candidates[0].chunk.id.startswith(TRACKS)
    moved = answerer.planner.table.best_named(chart)
    assert moved is not None and len(moved) == 1
    assert answerer.retriever.artifact.chunks[moved[0]].id == f"{TRACKS}1"
    assert answerer.planner.table(plain) is None


def test_a_question_about_no_table_is_not_a_table_question(
    answerer: Answerer, found: Callable[[str], Attempt]
) -> None:
    assert answerer.planner.table(found("Which provider is known for open-source tools?")) is None


PLANETS = """---
title: Planets
kind: table
row_sentence: "{Planet} has {Moons} moons and is number {Distance Rank} from the sun."
---

# Planets

## The planets by distance

| Planet | Moons | Distance Rank |
| --- | --- | --- |
| Mars | two | 4 |
| Earth | one | 3 |
| Venus | no | 2 |
"""


def test_table_structure_is_data_not_code(tmp_path: Path, cache_dir: Path, encoder: Encoder) -> None:
    """Another corpus, another table, another order column: the same plan orders and picks it."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "planets.md").write_text(PLANETS, encoding="utf-8")
    settings = make_settings(
        corpus_dir=corpus,
        index_dir=tmp_path / "index",
        cache_dir=cache_dir,
        database_path=tmp_path / "db.sqlite3",
    )
    build(build_options(settings), encoder=encoder)
    holder = IndexHolder(settings, encoder=encoder)
    holder.load()
    answerer = holder.answerer
    table = answerer.planner.table

    def rows(question: str) -> list[str]:
        composition = table(answerer.attempt(answerer.reader.read(question)))
        assert composition is not None, question
        return [p.text.split()[0] for p in composition.picked]

    assert rows("Which planet is last by distance rank?") == ["Mars"]
    assert rows("Which planet comes after Venus?") == ["Venus", "Earth"]
    assert rows("List the planets in order") == ["Venus", "Earth", "Mars"]
    assert rows("what does row two of the chart say?") == ["Earth"]


def test_a_cell_that_several_rows_share_asks_about_all_of_them(
    answerer: Answerer, found: Callable[[str], Attempt], lookup: Parts
) -> None:
    """Two tracks are at the Specialist level: their prerequisites are both given, not one picked;
    a cell that tells one of them apart names that row alone."""
    both = answerer.planner.single(found("what are the prerequisites for the specialist level?"), lookup)
    assert cited(both) == [f"{TRACKS}4", f"{TRACKS}5"]
    one = answerer.planner.single(
        found("what are the prerequisites for the security specialist level?"), lookup
    )
    assert cited(one) == [f"{TRACKS}4"]


def test_a_table_called_by_its_name_answers_though_another_has_rows_of_the_kind_asked(
    answerer: Answerer, found: Callable[[str], Attempt], lookup: Parts
) -> None:
    """ "which track" is what the tracks table's rows are, but the question calls the roles table."""
    attempt = found("data engineer line in the roles table, which track")
    assert cited(answerer.planner.single(attempt, lookup)) == [f"{ROLES}6"]
