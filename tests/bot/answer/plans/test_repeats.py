"""The repeats plan: the rows that share a value in the column a question names."""

from __future__ import annotations

from collections.abc import Callable

from bot.answer.answerer import Answerer, Attempt
from tests.bot.answer.plans.conftest import cited

TABLE = "tracks-and-levels/certified-mlops-manager-certification-tracks-levels/complete-certified-mlops-manager-certification-table"


def test_the_rows_that_share_a_cell_of_the_column_named(
    answerer: Answerer, found: Callable[[str], Attempt]
) -> None:
    for question in (
        "which level name shows up twice in the certification table?",
        "Two rows in the tracks table share the same level name. What is it?",
    ):
        composition = answerer.planner.repeats(found(question))
        assert composition is not None and composition.plan == "table", question
        assert cited(composition) == [f"{TABLE}#row-4", f"{TABLE}#row-5"], question
        assert "Specialist" in " ".join(p.text for p in composition.picked)


def test_no_repeat_asked_or_no_column_named_is_not_its_question(
    answerer: Answerer, found: Callable[[str], Attempt]
) -> None:
    assert answerer.planner.repeats(found("which level is the security track?")) is None
    assert answerer.planner.repeats(found("what shows up twice in the tracks table?")) is None
