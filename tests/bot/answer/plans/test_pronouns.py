"""What a part's pronoun or "one" stands for, in the words of the part before and its passage."""

from __future__ import annotations

from collections.abc import Callable

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


def test_one_after_a_modifier_is_the_noun_the_part_before_used_for_its_passages_kind(
    answerer: Answerer, found: Callable[[str], Attempt]
) -> None:
    said = "what does the SRE path cover"
    before = found(said)
    quoted, catalog = before.candidates[0].chunk, answerer.planner.catalog
    assert quoted.breadcrumb[-1] == "SRE Path"
    assert one_as_said("and the security one?", said, before, quoted.id, catalog) == "and the security path?"
    assert one_as_said("and who teaches it?", said, before, quoted.id, catalog) == "and who teaches it?"


def test_which_one_is_the_kind_the_part_before_picked_from(
    answerer: Answerer, found: Callable[[str], Attempt]
) -> None:
    said = "which school is the main host"
    before = found(said)
    quoted, catalog = before.candidates[0].chunk, answerer.planner.catalog
    assert (
        one_as_said("which one is for data?", said, before, quoted.id, catalog) == "which school is for data?"
    )
