"""Numbers in answers: the same time said another way agrees, another number or unit contradicts."""

from __future__ import annotations

import pytest

from bot.practice.features import terms
from bot.practice.quantities import agreement, conflicts, misattributed, quantities


@pytest.mark.parametrize(
    ("answer", "reference", "contradicts"),
    [
        ("every 6 months", "every six months", False),
        ("1-2 weeks", "7-14 Days", False),
        ("2-3 yrs", "every two to three years", False),
        ("at least 3 yrs", "at least 3 years of industry experience", False),
        ("70 percent or more", "a score of 70% or higher", False),
        ("half a year", "6 months", False),
        ("60%", "a score of 70% or higher", True),
        ("75%", "a score of 70% or higher", True),  # percentages are exact, only times have slack
        ("4-6 months", "4-6 weeks, while the manager track may take 6 months", True),
        ("every year", "every six months", True),
        ("any one tool will do", "platform-agnostic principles", False),  # "one" as a word is no number
    ],
)
def test_conflicts(answer: str, reference: str, contradicts: bool) -> None:
    assert conflicts(quantities(answer), quantities(reference)) is contradicts


def test_agreement_counts_the_reference_quantities_stated() -> None:
    reference = quantities("7-14 Days: a. 30 Days: b. 60 Days: c.")
    assert agreement(quantities("7-14d then 30d"), reference) == pytest.approx(2 / 3)
    assert agreement([], reference) == 0.0


def test_a_number_said_of_the_wrong_thing_is_misattributed() -> None:
    reference = "Most professionals complete the foundation level in 4-6 weeks, while the full manager track may take 6 months."
    assert misattributed("The foundation level takes about six months", reference, terms)
    assert not misattributed("foundation in 4-6 wks, manager track ~6 months", reference, terms)
    steps = "- 7-14 Days: Deep dive into Kubernetes.\n- 30 Days: Labs with feature stores.\n- 60 Days: Case studies of failures."
    assert misattributed("7-14 days: case studies of failures; 60 days: Kubernetes", steps, terms)
    assert not misattributed("weeks 1-2 Kubernetes deep dive, 30 days feature store labs", steps, terms)
