"""Elliptical questions lean on an earlier turn; complete ones stand on their own."""

from __future__ import annotations

import pytest

from bot.answer.ellipsis import (
    elides_its_noun,
    is_elliptical,
    names_only_an_aspect,
    opens_as_continuation,
    pointed_kind,
    points_back,
)


@pytest.mark.parametrize(
    "question",
    [
        "and for the Professional level?",
        "What about the SRE path?",
        "same question for managers",
        "ok, and the skills?",
    ],
)
def test_continuations(question: str) -> None:
    assert opens_as_continuation(question) and is_elliptical(question)


@pytest.mark.parametrize(
    "question",
    [
        "how long does that take?",
        "who is it for?",
        "what do they teach there?",
        "is that the same for every level?",
        "what does that level cover?",
        "what can I practise in them?",
    ],
)
def test_pointers(question: str) -> None:
    assert points_back(question) and is_elliptical(question)


@pytest.mark.parametrize(
    "question", ["how many for the foundation level?", "and how many does the SRE path need?"]
)
def test_a_count_without_its_noun_leans_on_the_topic(question: str) -> None:
    assert elides_its_noun(question) and is_elliptical(question)


@pytest.mark.parametrize("question", ["prerequisites?", "pass mark?", "how often?", "common mistakes?"])
def test_an_aspect_alone_leans_on_the_topic(question: str) -> None:
    assert names_only_an_aspect(question) and is_elliptical(question)


@pytest.mark.parametrize(
    "question",
    [
        "is there an alumni community?",  # the existential "there" points at nothing
        "there's an alumni community after you pass",  # …and so does "there's"
        "Is the exam proctored?",
        "What is the passing score for the exams?",
        "Which provider offers free resources?",
        "What are the prerequisites for the foundation level?",  # an aspect with its subject
        "alumni?",  # a topic of its own, not an aspect
        "Does this certification expire?",  # "this certification" is the curriculum itself
        "What is the same-track option after the professional level?",  # "same-track": a compound, no pointer
        "How many levels are in the table?",  # a count with its noun
    ],
)
def test_complete_questions_are_not_elliptical(question: str) -> None:
    assert not is_elliptical(question)


@pytest.mark.parametrize(
    "question",
    [
        "a colleague told me SREs should start at the entry tier — is that right?",
        "So the exam is proctored, right?",
        "I heard the certification never expires - is that true?",
        "my manager says the top tier is mostly coding. Is that correct?",
    ],
)
def test_a_tag_question_checks_its_own_statement(question: str) -> None:
    # "that" in the tag points at the statement before it, not at an earlier turn.
    assert not is_elliptical(question)


@pytest.mark.parametrize(
    ("question", "points"),
    [
        # an "it" that stands for what follows ("…does it take to complete…") points at nothing said
        ("how long does it take to complete the certification?", False),
        ("is it possible to skip the foundation level?", False),
        ("how long does it take?", True),
        ("is it possible?", True),
        # the pronoun of an alternative restates the subject of its first half
        ("does the training include labs, or is it reading only?", False),
        ("Does the program cover ethics, or are they left out?", False),
        # …unless the first half points back itself
        ("is it proctored, or is it taken at home?", True),
    ],
)
def test_a_pronoun_for_what_follows_or_for_its_own_subject_points_at_nothing_said(
    question: str, points: bool
) -> None:
    assert points_back(question) is points


@pytest.mark.parametrize(
    "question",
    [
        "is that right?",  # no statement of its own: it checks the last answer
        "it takes six months, is that right?",  # the statement itself points back
        "is that true for the professional level too?",  # not a tag: a question about "that"
    ],
)
def test_a_tag_without_a_statement_of_its_own_still_points_back(question: str) -> None:
    assert is_elliptical(question)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("what does that level validate?", "level"),
        ("and this path, who is it for?", "track"),
        ("is the same role a fit?", "role"),
        ("what does it validate?", None),  # "it" names no kind
    ],
)
def test_a_pointer_may_name_the_kind_of_subject_it_points_at(question: str, kind: str | None) -> None:
    assert pointed_kind(question) == kind
