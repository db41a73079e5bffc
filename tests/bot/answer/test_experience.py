"""Years of experience: what a learner states, and the ranges passages ask for."""

from __future__ import annotations

import math

import pytest

from bot.answer.experience import asked_spans, fits, stated_years


@pytest.mark.parametrize(
    ("message", "years"),
    [
        ("I've been in IT support for about a year. what level is realistic for me?", 1.0),
        ("3 yrs as a platform engineer. which level?", 3.0),
        ("Senior DevOps, 5 years in. Which level fits me?", 5.0),
        ("I have 2 years experience on docker", 2.0),
        ("six months as a junior cloud person", 0.5),
        ("i have 10+ years of ops", 10.0),
    ],
)
def test_the_years_a_learner_says_they_have(message: str, years: float) -> None:
    assert stated_years(message) == years


@pytest.mark.parametrize(
    "message",
    [
        "in two years i want to manage a team, where do I start?",  # ahead, not had
        "does it take a year?",  # a duration asked about
        "Is half a year a fair estimate for getting through everything?",
        "the content is reviewed twice a year?",
        "2 years in support and 5 years in devops, which level?",  # two numbers: not one
        "I'm a senior engineer, which level?",  # words, not a number
    ],
)
def test_no_years_are_read_from_what_is_not_experience(message: str) -> None:
    assert stated_years(message) is None


def test_the_ranges_a_passage_asks_for() -> None:
    assert asked_spans("It is suitable for those with 0-2 years of experience in technical roles.") == (
        (0, 2),
    )
    assert asked_spans("SREs who have at least 3 years of industry experience.") == ((3, math.inf),)
    assert asked_spans("Engineers with 5+ years of experience, or up to 1 year of practice") == (
        (5, math.inf),
        (0, 1),
    )
    assert asked_spans("Most complete the foundation level in 4-6 weeks.") == ()


def test_years_fit_a_range_with_half_a_year_either_way() -> None:
    assert fits(1.0, ((0, 2),)) and fits(2.5, ((0, 2),)) and not fits(3.0, ((0, 2),))
    assert fits(3.0, ((3, math.inf),)) and not fits(1.0, ((3, math.inf),))
    assert fits(1.0, ()) is None
