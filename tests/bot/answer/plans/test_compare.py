"""The compare plan: the matching passage of each subject, side by side, each labelled."""

from __future__ import annotations

from collections.abc import Callable

from bot.answer.answerer import Answerer, Attempt, Parts
from tests.bot.answer.plans.conftest import cited


def test_two_levels_are_set_side_by_side_in_like_sections(
    answerer: Answerer, found: Callable[[str], Attempt], lookup: Parts
) -> None:
    composition = answerer.planner.compare(
        found("How does the foundation level differ from the managerial level?"), lookup
    )
    assert composition is not None and composition.plan == "compare"
    first, second = cited(composition)
    assert first.startswith("level-foundation/") and second.startswith("level-managerial/")
    assert first.split("/")[-1] == second.split("/")[-1]  # the same section of each guide
    labels = [b.label for b in composition.blocks]
    assert labels[0] and "Foundation" in labels[0] and labels[1] and "Managerial" in labels[1]


def test_what_is_asked_of_each_picks_the_section(
    answerer: Answerer, found: Callable[[str], Attempt], lookup: Parts
) -> None:
    question = "Compare the preparation plan of the foundation level with that of the professional level"
    composition = answerer.planner.compare(found(question), lookup)
    assert composition is not None
    assert [i.split("/")[-1] for i in cited(composition)] == ["preparation-plan#0", "preparation-plan#0"]


def test_sibling_subjects_are_labelled_by_their_headings(
    answerer: Answerer, found: Callable[[str], Attempt], lookup: Parts
) -> None:
    composition = answerer.planner.compare(found("DevSecOps path vs FinOps path"), lookup)
    assert composition is not None
    assert [b.label for b in composition.blocks] == ["DevSecOps Path", "FinOps Path"]
    tuning = answerer.config.tuning.plans
    assert all(len(b.picked) <= tuning.part_sentences for b in composition.blocks)


def test_a_choice_sets_both_options_side_by_side(answerer: Answerer) -> None:
    answer, _ = answerer.answer("the DevSecOps path or the AIOps path if we run a bank?")
    assert answer.plan == "compare"
    assert [c.id.split("/")[-1] for c in answer.citations] == ["devsecops-path#0", "aiops-path#0"]


def test_a_choice_for_the_learner_sets_whom_each_is_for_side_by_side(answerer: Answerer) -> None:
    for question in (
        "I've been an SRE for 6 years. Professional or Managerial for me?",
        "professional or managerial, which suits me?",
    ):
        answer, _ = answerer.answer(question)
        assert answer.plan == "compare"
        assert [c.id.split("/")[-1] for c in answer.citations] == ["who-should-take-it#0"] * 2, question


def test_a_passage_that_states_the_fact_asked_for_each_subject_answers_alone(answerer: Answerer) -> None:
    # The FAQ gives both durations in one sentence; a level's preparation plan gives neither.
    answer, _ = answerer.answer(
        "how long does the whole manager track take compared to the foundation level?"
    )
    assert answer.plan != "compare"
    assert answer.citations[0].id.endswith("how-long-does-it-take-to-complete-the-certification#0")
    # "professionals" in that FAQ names no Professional level: that comparison is still set side by side
    answer, _ = answerer.answer("how long is foundation compared to professional?")
    assert answer.plan == "compare"


def test_a_short_compared_passage_is_quoted_whole_in_its_own_order(
    answerer: Answerer, found: Callable[[str], Attempt], lookup: Parts
) -> None:
    # What sets two providers apart is often their last sentence (free resources, instructors):
    # a side that fits its room is quoted whole, not cut to its first sentences.
    composition = answerer.planner.compare(found("How do Scmgalaxy and BestDevOps differ?"), lookup)
    assert composition is not None
    room = answerer.config.tuning.plans.part_sentences
    for block in composition.blocks:
        sentences = list(block.picked[0].candidate.chunk.sentences)
        assert len(sentences) <= room
        assert [p.text for p in block.picked] == sentences


def test_a_passage_that_itself_compares_answers_alone(
    answerer: Answerer, found: Callable[[str], Attempt], lookup: Parts
) -> None:
    assert (
        answerer.planner.compare(found("How does MLOps differ from a standard DevOps certification?"), lookup)
        is None
    )


def test_one_subject_the_curriculum_lacks_leaves_nothing_to_compare(
    answerer: Answerer, found: Callable[[str], Attempt], lookup: Parts
) -> None:
    assert answerer.planner.compare(found("Cotocus vs Coursera's blockchain course"), lookup) is None


def test_three_roles_of_a_team_each_get_their_row(
    answerer: Answerer, found: Callable[[str], Attempt], lookup: Parts
) -> None:
    question = (
        "On my team there's a platform engineer, a security engineer and me (engineering manager)."
        " What does the curriculum recommend for each of us?"
    )
    composition = answerer.planner.compare(found(question), lookup)
    assert composition is not None
    rows = "roles/role-recommended-certified-mlops-manager-certifications#row-"
    assert cited(composition) == [f"{rows}3", f"{rows}5", f"{rows}8"]


def test_which_kind_asked_of_each_subject_picks_a_passage_of_that_kind(
    answerer: Answerer, found: Callable[[str], Attempt], lookup: Parts
) -> None:
    """Roles' rows rank first for a FinOps person and a data engineer, but the question asks which
    providers: each gets a provider's passage."""
    question = (
        "I have one finops person and one data engineer. which training providers should I send them to?"
    )
    composition = answerer.planner.compare(found(question), lookup)
    assert composition is not None
    providers = "providers/training-certification-support-providers-for-certified-mlops-manager/"
    assert cited(composition) == [f"{providers}finopsschool-com#0", f"{providers}dataopsschool-com#0"]
