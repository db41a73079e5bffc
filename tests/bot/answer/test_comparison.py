"""Compared subjects and what a comparison asks of each."""

from __future__ import annotations

import pytest

from bot.answer.comparison import compared, is_comparison


@pytest.mark.parametrize(
    ("question", "subjects"),
    [
        (
            "How does the Foundation level differ from the Professional level?",
            ("foundation level", "professional level"),
        ),
        ("DevSecOps path vs FinOps path", ("devsecops path", "finops path")),
        ("What's the difference between Cotocus and Scmgalaxy?", ("cotocus", "scmgalaxy")),
        ("compare the foundation and managerial levels", ("foundation level", "managerial level")),
        ("Cotocus or BestDevOps, which one suits a corporate team?", ("cotocus", "bestdevops")),
        ("DevSecOps path or FinOps path, what does each one cover?", ("devsecops path", "finops path")),
        (
            "devsecopsschool.com or sreschool.com - what do both teach?",
            ("devsecopsschool.com", "sreschool.com"),
        ),
        ("which schools focus on data versus cost?", ("data", "cost")),
        (
            "are the common mistakes at professional level similar to the ones at managerial level?",
            ("professional level", "managerial level"),
        ),
        ("is aiopsschool.com different from DevOpsSchool?", ("aiopsschool.com", "devopsschool")),
        ("Is the AIOps route the same thing as MLOps?", ("aiops route", "mlops")),
        (
            "the skills at the foundation level compared to those at the managerial level",
            ("foundation level", "managerial level"),
        ),
        # a comma before the connective, and a preposition left at the first subject's end
        (
            "How long is prep at the foundation level, compared to the managerial level?",
            ("foundation level", "managerial level"),
        ),
        (
            "what do people get wrong at the foundation level and at the managerial level?",
            ("foundation level", "managerial level"),
        ),
        ("what do the DataOps path and the FinOps path each cover?", ("dataops path", "finops path")),
        (
            "aiopsschool.com and sreschool.com - what does each one teach?",
            ("aiopsschool.com", "sreschool.com"),
        ),
        ("scmgalaxy or cotocus, how do their styles differ", ("scmgalaxy", "cotocus")),
        # a subject ends at a sentence's end; a question's modal is not part of it
        ("the DataOps path vs the FinOps path. pros of each?", ("dataops path", "finops path")),
        (
            "who should take the foundation exam versus the managerial one",
            ("take the foundation exam", "managerial one"),
        ),
        ("I'm torn between cotocus and scmgalaxy", ("cotocus", "scmgalaxy")),
        (
            "what is the difference in focus between the sre path and the devops path?",
            ("sre path", "devops path"),
        ),
        # a linking verb ends the second subject, and says nothing asked of each
        ("the SRE path and the DevOps path look alike, how do they differ?", ("sre path", "devops path")),
        (
            "AIOps path and MLOps path sound the same to me. how are they different?",
            ("aiops path", "mlops path"),
        ),
        # the first subject after its determiner, like the second, not the clause before it
        (
            "team lead here: I have one finops person and one data guy. which providers should I send them to?",
            ("finops person", "data guy"),
        ),
        # a subject inside a longer clause, beside a second one with its own article
        (
            "I always confuse the SRE path and the DevOps path. how are they different?",
            ("sre path", "devops path"),
        ),
    ],
)
def test_the_subjects_are_the_phrases_around_the_connective(question: str, subjects: tuple[str, ...]) -> None:
    assert compared(question)[0] == subjects


@pytest.mark.parametrize(
    ("question", "subjects"),
    [
        (
            "compare the sre path, the devops path and the finops path",
            ("sre path", "devops path", "finops path"),
        ),
        ("cotocus, scmgalaxy or bestdevops, which suits a beginner?", ("cotocus", "scmgalaxy", "bestdevops")),
        # a list's items share the head noun said once at its end
        (
            "between the foundation, professional and managerial levels, which is longest?",
            ("foundation level", "professional level", "managerial level"),
        ),
        # an item said inside a clause, and one that says who it is in brackets
        (
            "On my team there's a platform engineer, a security engineer and me (engineering manager)."
            " What does the curriculum recommend for each of us?",
            ("platform engineer", "security engineer", "engineering manager"),
        ),
    ],
)
def test_a_list_of_three_subjects_is_compared_in_full(question: str, subjects: tuple[str, ...]) -> None:
    assert compared(question)[0] == subjects


def test_a_clause_before_the_subjects_is_not_a_subject_of_its_own() -> None:
    """A role and a path are not a list of like things: the role is who asks."""
    assert len(compared("i'm a data engineer, sre path or dataops path, which one?")[0]) == 2


def test_what_is_asked_of_each_is_kept_apart() -> None:
    subjects, aspect = compared(
        "Compare the preparation plans at the foundation level with those at the professional level"
    )
    assert subjects == ("foundation level", "professional level")
    assert aspect == "preparation plans"
    assert compared("SRE path vs AIOps path")[1] == ""  # nothing asked but the difference
    assert compared("the SRE path and the DevOps path look alike, how do they differ?")[1] == ""
    assert compared("are the mistakes at professional level similar to the ones at managerial level?")[1] == (
        "mistakes"
    )


@pytest.mark.parametrize(
    "question",
    [
        "What is the passing score?",
        "Is the exam online or in person?",  # "or" between answers, not subjects named for comparison
        "Is the exam online or in person, and are both timed?",
        "How does this differ from a standard DevOps certification?",  # "this" names nothing
        "Is this different from a normal DevOps cert?",
        "I make sure nobody tampers with the models or leaks the training data, which path fits?",
        "What does the exam cover and how is it graded? I want both answers",  # "and" between asks
        # "between" of place or of sharing, not of difference or choice
        "Which one is for people sitting between data scientists and devs?",
        "how do i split the hosting spend between departments and teams?",
        # a subject does not reach back into the sentence before
        "I pitch this on Friday. What makes it valuable compared to certs tied to specific tools?",
    ],
)
def test_no_comparison(question: str) -> None:
    assert compared(question) == ((), "")


def test_a_heading_that_compares() -> None:
    assert is_comparison("How does this differ from a standard DevOps certification?")
    assert not is_comparison("Who should take it")


@pytest.mark.parametrize(
    ("question", "subjects", "aspect"),
    [
        (
            "sreschool or devopsschool if I get paged at night?",
            ("sreschool", "devopsschool"),
            "if i get paged night",
        ),
        ("Foundation or Managerial for me?", ("foundation", "managerial"), ""),
        (
            "the SRE path or the FinOps path, I care about latency",
            ("sre path", "finops path"),
            "i care latency",
        ),
    ],
)
def test_a_choice_between_two_named_things_compares_them(
    question: str, subjects: tuple[str, ...], aspect: str
) -> None:
    assert compared(question) == (subjects, aspect)


@pytest.mark.parametrize(
    "question",
    [
        "are there labs or is it all theory?",
        "is it online or in person?",  # no names: a clause on each side
        "is the course for ops people or also for their bosses?",
        "do I need Docker or Kubernetes first?",  # "do I need docker" is a clause, not a name
        "the foundation level or the foundation exam?",  # one thing, said twice
    ],
)
def test_or_between_other_things_is_no_choice(question: str) -> None:
    assert compared(question) == ((), "")
