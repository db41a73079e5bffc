"""How a question names a table's cells: words in a row, several rows of one column."""

from __future__ import annotations

from bot.answer.plans.cells import levels_called, said_in_a_row, several


def test_a_cell_is_said_by_its_words_one_after_another() -> None:
    said = ["which", "drift", "detect", "level"]
    assert said_in_a_row(said, ("drift", "detect"))
    assert not said_in_a_row(said, ("detect", "drift"))  # not in its order
    assert said_in_a_row(["sres", "path"], ("sre",))  # an acronym's plural says it


def test_several_rows_named_in_one_column_are_asked_about_together() -> None:
    assert several({1: {"Role": ("sre",)}, 2: {"Role": ("platform", "engin")}})
    assert not several({1: {"Role": ("sre",)}, 2: {"Track": ("sre",)}})


def test_a_level_is_called_by_the_one_form_or_when_the_question_points_at_the_table() -> None:
    assert levels_called("the entry one", pointed=False) == {"foundation"}
    assert levels_called("stage one", pointed=False) == frozenset()  # a level's name: its own guide
    assert levels_called("the pro level", pointed=False) == frozenset()
    assert levels_called("the pro level", pointed=True) == {"professional"}
