"""The concise plan: a question about one property of a long passage is answered by the sentence
that says it (and at most the one it leans on), not by the whole passage."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.answer.answerer import Answerer, Attempt
from bot.answer.plans.concise import ConcisePlan, leans_on_the_statement, without_the_subject
from bot.answer.tuning import Tuning
from index.chunk import Chunk

PROVIDERS = "providers/training-certification-support-providers-for-certified-mlops-manager/"
DEVOPSSCHOOL = PROVIDERS + "devopsschool#0"
BESTDEVOPS = PROVIDERS + "bestdevops#0"


def texts(plan: ConcisePlan, found: Attempt) -> list[str]:
    composition = plan(found)
    assert composition is not None and composition.plan == "concise"
    return [p.text for p in composition.picked]


def test_a_yes_no_question_about_one_property_gets_the_sentence_that_says_it(
    answerer: Answerer, found: Callable[[str], Attempt], chunks: dict[str, Chunk]
) -> None:
    attempt = found("Does DevOpsSchool have labs?")
    assert attempt.candidates[0].chunk.id == DEVOPSSCHOOL
    composition = answerer.planner.concise(attempt)
    assert composition is not None
    (block,) = composition.blocks
    (sentence,) = [p.text for p in block.picked]
    assert "lab environments" in sentence and sentence in chunks[DEVOPSSCHOOL].sentences
    # "They provide…" does not say whom: the provider's heading names it
    assert block.label == "DevOpsSchool" and block.source == "heading"


def test_the_sentence_is_chosen_by_the_property_not_by_the_subject(
    answerer: Answerer, found: Callable[[str], Attempt], chunks: dict[str, Chunk]
) -> None:
    # Against the whole question, the sentence that names DevOpsSchool is the closest one.
    assert without_the_subject("Does DevOpsSchool have labs?", chunks[DEVOPSSCHOOL]) == "Does have labs?"
    assert texts(answerer.planner.concise, found("Is Scmgalaxy free?")) == [
        next(s for s in chunks[PROVIDERS + "scmgalaxy#0"].sentences if "free resources" in s)
    ]


def test_a_sentence_that_the_next_one_completes_brings_it(
    answerer: Answerer, found: Callable[[str], Attempt], chunks: dict[str, Chunk]
) -> None:
    sentences = list(chunks[BESTDEVOPS].sentences)
    picked = texts(answerer.planner.concise, found("Does BestDevOps use project-based assessments?"))
    assert len(picked) == 2 and "project-based assessments" in picked[0]
    assert (
        picked[1].startswith("This ensures") and sentences.index(picked[1]) == sentences.index(picked[0]) + 1
    )


def test_a_sentence_that_leans_on_the_one_before_brings_it(
    answerer: Answerer, found: Callable[[str], Attempt]
) -> None:
    picked = texts(
        answerer.planner.concise, found("Does the program provide blueprints for the infrastructure?")
    )
    assert len(picked) == 2 and picked[1].startswith("That is exactly what")


def test_a_denial_brings_the_sentence_that_says_what_it_is_instead(
    answerer: Answerer, found: Callable[[str], Attempt]
) -> None:
    question = "is it a way to get rich fast or just a shiny thing for my linkedin profile?"
    picked = texts(answerer.planner.concise, found(question))
    assert (
        len(picked) == 2 and "isn’t it" in picked[0] and picked[1].startswith("This certification requires")
    )


@pytest.mark.parametrize(
    ("sentence", "leans"),
    [
        ("This ensures that candidates are ready.", True),
        ("That is exactly what the program provides.", True),
        ("However, an engine is useless without a transmission.", True),
        ("But if you want to lead, this path is for you.", True),
        ("This path is perfect for those who automate.", False),  # names a thing: the heading's
        ("These professionals apply SRE principles.", False),
        ("They provide extensive lab environments.", False),
    ],
)
def test_what_leans_on_the_statement_before(sentence: str, leans: bool) -> None:
    assert leans_on_the_statement(sentence) is leans


@pytest.mark.parametrize(
    "question",
    [
        "Is DevOpsSchool any good?",  # the property is spread over the paragraph
        "What does DevOpsSchool offer?",  # asks for what the passage says at large
        "What is the SRE path about?",
        "Is the exam proctored?",  # an FAQ answer is an answer as a whole
        "Does the foundation level teach containerization?",  # a list is given as a list
        "Which provider has extensive labs?",  # the naming plan's
        "is there a path about using ML to run regular IT ops, like auto incident response?",  # which path: named
    ],
)
def test_questions_that_do_not_ask_one_property_of_a_long_passage(
    answerer: Answerer, found: Callable[[str], Attempt], question: str
) -> None:
    assert answerer.planner.concise(found(question)) is None


def test_the_plan_follows_its_tuning(
    answerer: Answerer, found: Callable[[str], Attempt], tuning: Tuning
) -> None:
    planner = answerer.planner

    def plan(**update: float) -> ConcisePlan:
        plans = tuning.plans.model_copy(update=update)
        return ConcisePlan(
            answerer.retriever.artifact, answerer.retriever.embed, planner.name, tuning.passage, plans
        )

    question = found("Does BestDevOps use project-based assessments?")
    assert len(texts(plan(concise_sentences=1), question)) == 1
    assert plan(concise_margin=10.0)(question) is None  # no sentence stands out that far


@pytest.mark.parametrize(
    ("question", "told"),
    [
        (
            "Our app must stay responsive when traffic spikes. Is the SRE path a good fit for me?",
            "extreme traffic",
        ),
        (
            "We want to treat models like any other software build. Is the DevOps path a good fit?",
            "software artifact",
        ),
    ],
)
def test_what_the_learner_told_is_what_a_fit_is_asked_against(
    answerer: Answerer, found: Callable[[str], Attempt], question: str, told: str
) -> None:
    # "a good fit" names no property of the path: the learner's situation says which sentence answers.
    assert any(told in text for text in texts(answerer.planner.concise, found(question)))
