"""What a part's pronoun or "one" stands for, in the words of the part before and its passage."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.answer.answerer import Answerer, Attempt
from bot.answer.plans.pronouns import named_again, one_as_said


def test_a_word_only_spelled_like_a_heading_does_not_name_it(
    answerer: Answerer, found: Callable[[str], Attempt]
) -> None:
    """ "manage" in the part before is not the "Manager" of a heading; a part with no pronoun
    is not rewritten."""
    before = found("What real-world projects should I manage after the managerial level")
    quoted, catalog = before.candidates[0].chunk, answerer.planner.catalog
    assert quoted.breadcrumb[0] == "Certified MLOps Manager – Managerial Level"
    named = named_again("what comes after it?", before, quoted.id, catalog)
    assert named == "what comes after managerial level?"
    assert named_again("what comes next?", before, quoted.id, catalog) is None


@pytest.mark.parametrize(
    ("said", "heading", "part", "as_said"),
    [
        # after a modifier: the noun the part before used for its passage's kind
        ("what does the SRE path cover", "SRE Path", "and the security one?", "and the security path?"),
        ("what does the SRE path cover", "SRE Path", "and who teaches it?", "and who teaches it?"),
        # "which one": the kind the part before picked from
        (
            "which school is the main host",
            "aiopsschool.com",
            "which one is for data?",
            "which school is for data?",
        ),
    ],
)
def test_one_is_a_noun_the_part_before_said(
    answerer: Answerer, found: Callable[[str], Attempt], said: str, heading: str, part: str, as_said: str
) -> None:
    before = found(said)
    quoted = before.candidates[0].chunk
    assert quoted.breadcrumb[-1] == heading
    assert one_as_said(part, said, before, quoted.id, answerer.planner.catalog) == as_said
