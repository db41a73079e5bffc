"""How a question names a table's cells: words in a row, several rows of one column."""

from __future__ import annotations

from bot.answer.plans.cells import said_in_a_row, several


def test_a_cell_is_said_by_its_words_one_after_another() -> None:
    said = ["which", "drift", "detect", "level"]
    assert said_in_a_row(said, ("drift", "detect"))
    assert not said_in_a_row(said, ("detect", "drift"))  # not in its order
    assert said_in_a_row(["sres", "path"], ("sre",))  # an acronym's plural says it


def test_several_rows_named_in_one_column_are_asked_about_together() -> None:
    assert several({1: {"Role": ("sre",)}, 2: {"Role": ("platform", "engin")}})
    assert not several({1: {"Role": ("sre",)}, 2: {"Track": ("sre",)}})
