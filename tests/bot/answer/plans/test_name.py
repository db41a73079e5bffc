"""The naming plan: a passage that does not say what it is about is named by its own heading."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.answer.answerer import Answerer, Attempt, Parts
from tests.bot.answer.plans.conftest import cited


def test_a_which_question_is_answered_by_a_passage_of_that_kind_and_named(
    answerer: Answerer, found: Callable[[str], Attempt]
) -> None:
    composition = answerer.planner.name(found("Which provider teaches error budgets for ML models?"))
    (block,) = composition.blocks
    assert composition.plan == "name" and block.label == "sreschool.com" and block.source == "heading"
    assert cited(composition) == [
        "providers/training-certification-support-providers-for-certified-mlops-manager/sreschool-com#0"
    ]


def test_a_passage_that_names_its_subject_needs_no_label(
    answerer: Answerer, found: Callable[[str], Attempt]
) -> None:
    composition = answerer.planner.name(found("Is the exam proctored?"))
    assert composition.plan == "passage" and composition.blocks[0].label is None


def test_an_answer_opening_with_a_pronoun_is_named(
    answerer: Answerer, found: Callable[[str], Attempt]
) -> None:
    composition = answerer.planner.name(found("What is the primary focus of the program?"))
    block = composition.blocks[0]
    assert block.picked[0].text.startswith("It ")
    assert block.label == block.picked[0].candidate.chunk.question  # what "it" is, in the FAQ's words


def test_which_prefers_the_kind_asked_for_over_the_best_match(
    answerer: Answerer, found: Callable[[str], Attempt]
) -> None:
    question = "Which path is for people who keep ML services responsive under heavy traffic?"
    composition = answerer.planner.name(found(question))
    assert cited(composition)[0].startswith("learning-paths/")


def test_a_passage_named_as_the_kind_asked_for_opens_with_what_it_is(
    answerer: Answerer, found: Callable[[str], Attempt]
) -> None:
    composition = answerer.planner.name(found("Which provider is about reliability engineering?"))
    (block,) = composition.blocks
    chunk = block.picked[0].candidate.chunk
    per = answerer.config.tuning.plans.list_sentences
    assert [p.text for p in block.picked[:per]] == list(chunk.sentences[:per])  # its own summary first


def test_is_there_a_thing_of_a_kind_is_answered_by_naming_it_with_what_it_is(
    answerer: Answerer, found: Callable[[str], Attempt]
) -> None:
    question = "is there a path about using ML to run regular IT ops, like auto incident response?"
    composition = answerer.planner.single(found(question), Parts(answerer, None, None))
    assert composition.plan == "name"
    (block,) = composition.blocks
    chunk = block.picked[0].candidate.chunk
    assert chunk.id.startswith("learning-paths/") and block.label == chunk.breadcrumb[-1]
    assert block.picked[0].text == chunk.sentences[0]  # what the path is, before what was asked of it


def test_a_passage_that_names_a_thing_of_the_kind_asked_keeps_a_which_question(
    answerer: Answerer, found: Callable[[str], Attempt]
) -> None:
    # The FAQ names the DataOps track as the bridge: it answers "which path…", no path displaces it.
    attempt = found("data engineer here, want to move into mlops. which path bridges that?")
    faq = "faq-program/faqs-on-certified-mlops-manager/can-i-move-from-data-engineering-to-mlops-using-this-guide#0"
    assert attempt.candidates[0].chunk.id == faq
    assert cited(answerer.planner.name(attempt)) == [faq]
    # …but a passage that names no path gives way to one ("Which provider…" answered by a provider)
    assert cited(answerer.planner.name(found("Which provider is about reliability engineering?")))[
        0
    ].startswith("providers/")


@pytest.mark.parametrize(
    ("question", "first"),
    [
        # The roles table's platform engineer row names the level in its cells, so "which level"
        # does not move the answer to a level guide that merely mentions platform engineers.
        (
            "which level would you give a platform engineer?",
            "roles/role-recommended-certified-mlops-manager-certifications#row-3",
        ),
        # Parallel sections ("Best next certification after this" in each level guide) are told
        # apart by their guide's level, not by their shared heading: the FAQ that names two levels
        # answers "which levels…" and is not displaced by one guide's section.
        (
            "which levels are proctored?",
            "faq-general/frequently-asked-questions-general/is-the-exam-proctored#0",
        ),
        # The FAQ's "the DataOps track" is a track, though not one of the next-step tracks' group.
        (
            "I'm a data engineer looking to switch into MLOps. Which track is meant as the bridge for someone like me?",
            "faq-program/faqs-on-certified-mlops-manager/can-i-move-from-data-engineering-to-mlops-using-this-guide#0",
        ),
    ],
)
def test_a_first_passage_that_names_a_thing_of_the_kind_keeps_a_which_question(
    answerer: Answerer, found: Callable[[str], Attempt], question: str, first: str
) -> None:
    attempt = found(question)
    assert attempt.query.shape.which and attempt.candidates[0].chunk.id == first
    assert cited(answerer.planner.name(attempt)) == [first]


def test_a_table_row_that_names_nothing_of_the_kind_asked_for_gives_way(
    answerer: Answerer, found: Callable[[str], Attempt]
) -> None:
    """The roles table's SRE row ranks first for "I'm an SRE", but it names a level, not a learning
    path: "which learning path" is answered by the path of that kind."""
    attempt = found("I'm an SRE. which learning path would suit me?")
    assert attempt.query.shape.which and attempt.candidates[0].chunk.kind == "row"
    assert cited(answerer.planner.name(attempt)) == ["learning-paths/choose-your-learning-path/sre-path#0"]


def test_the_summary_never_crowds_out_the_sentence_that_answers(cutting: Answerer) -> None:
    """The school's third sentence answers: it is quoted, though the summary that opens a named
    passage comes before it (with a passage plan that cuts the school's paragraph)."""
    question = (
        "Which training provider would you recommend for moving from data warehousing to real-time data?"
    )
    (block,) = cutting.planner.name(cutting.attempt(cutting.reader.read(question))).blocks
    sentences = block.picked[0].candidate.chunk.sentences
    quoted = [p.text for p in block.picked]
    assert "real-time data streaming" in sentences[2] and sentences[2] in quoted
    assert len(quoted) == cutting.config.tuning.plans.list_sentences
