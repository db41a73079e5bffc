"""The planner: which plan composes the answer, by the question's shape."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.answer.answerer import Answerer, Attempt, Parts


@pytest.mark.parametrize(
    ("question", "plan"),
    [
        ("Is the exam proctored?", "passage"),
        ("Does DevOpsSchool have labs?", "concise"),
        ("Which provider teaches error budgets for ML models?", "name"),
        ("Is the exam proctored, and how often is the content reviewed?", "parts"),
        ("SRE path vs DevOps path", "compare"),
        ("Name all the providers", "list"),
        ("Which track is last in the recommended order?", "table"),
    ],
)
def test_each_shape_gets_its_plan(
    answerer: Answerer, found: Callable[[str], Attempt], lookup: Parts, question: str, plan: str
) -> None:
    assert answerer.planner.compose(found(question), lookup).plan == plan


def test_a_plan_that_cannot_answer_falls_through_to_the_passage(
    answerer: Answerer, found: Callable[[str], Attempt], lookup: Parts
) -> None:
    # listing shape, but no group of that kind: the best passage answers
    composition = answerer.planner.compose(found("list the benefits of the alumni network"), lookup)
    assert composition.plan in ("passage", "name") and composition.picked


def test_when_retrieval_is_unsure_only_piecewise_or_structural_plans_answer(
    answerer: Answerer, found: Callable[[str], Attempt], lookup: Parts
) -> None:
    planner = answerer.planner
    assert planner.compose(found("Is the exam proctored?"), lookup, covered=False).blocks == ()
    assert planner.compose(found("SRE path vs DevOps path"), lookup, covered=False).plan == "compare"
    # the question names the table's order column: the table answers it
    assert (
        planner.compose(found("what's last in the recommended order?"), lookup, covered=False).plan == "table"
    )
