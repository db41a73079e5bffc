"""Grading on the real index with the real encoder and the committed model: exact for choices and
orders, and free text judged against the passage. The answers here are this file's own, not the
eval set's."""

from __future__ import annotations

import pytest

from bot.practice.grading import Grader, InvalidAnswer
from index.practice import Item


def item(grader: Grader, kind: str, chunk_part: str) -> Item:
    return next(i for i in grader.artifact.practice.items if i.kind == kind and chunk_part in i.chunk_id)


def test_a_choice_is_graded_exactly(grader: Grader) -> None:
    choice = item(grader, "choice", "role-recommended")
    assert grader.grade(choice, choice.answer).grade == "correct"
    wrong = next(c for c in choice.choices if c != choice.answer)
    graded = grader.grade(choice, wrong.upper())  # case does not matter
    assert graded.grade == "not yet" and graded.missing == (choice.answer,)
    with pytest.raises(InvalidAnswer, match="not one of the item's choices"):
        grader.grade(choice, "Chief Wizard")


def test_an_order_is_graded_exactly(grader: Grader) -> None:
    order = item(grader, "order", "preparation-plan")
    assert grader.grade(order, list(order.order)).grade == "correct"
    assert grader.grade(order, list(reversed(order.order))).grade == "not yet"
    with pytest.raises(InvalidAnswer, match="each of the item's entries once"):
        grader.grade(order, list(order.order)[:2])


def test_the_passage_in_its_own_words_is_correct_and_quoted(grader: Grader) -> None:
    faq = item(grader, "short", "is-the-exam-proctored")
    graded = grader.grade(faq, faq.answer)
    assert graded.grade == "correct" and graded.quote.startswith("Is the exam proctored?")
    assert graded.passage_id == faq.chunk_id and graded.expected in graded.quote


def test_a_wrong_number_is_never_correct(grader: Grader) -> None:
    faq = item(grader, "short", "what-is-the-passing-score")
    graded = grader.grade(faq, "Generally you need a score of 80% or higher to pass the exams.")
    assert graded.grade == "not yet"
    assert "70%" in graded.feedback  # the passage's key point is named


def test_another_levels_mistakes_are_not_yet(grader: Grader) -> None:
    mistakes = item(
        grader, "short", "level-foundation/certified-mlops-manager-foundation-level/common-mistakes"
    )
    other = item(grader, "short", "level-managerial/certified-mlops-manager-managerial-level/common-mistakes")
    assert grader.grade(mistakes, other.answer).grade == "not yet"


def test_half_an_answer_is_partly_right_and_names_what_is_missing(grader: Grader) -> None:
    mistakes = item(
        grader, "short", "level-professional/certified-mlops-manager-professional-level/common-mistakes"
    )
    graded = grader.grade(mistakes, "Over-engineering things when the datasets are small.")
    assert graded.grade == "partly"
    assert graded.missing == (
        "Failing to account for the cost implications of high-frequency model monitoring.",
    )
    assert "You did not cover" in graded.feedback


def test_a_cloze_takes_the_term_or_a_spelling_of_it(grader: Grader) -> None:
    cloze = next(i for i in grader.artifact.practice.items if i.kind == "cloze" and i.answer == "DataOps")
    assert grader.grade(cloze, "DataOps").grade == "correct"
    assert grader.grade(cloze, "dataops").grade == "correct"
    wrong = next(c for c in cloze.choices if c != cloze.answer)
    assert grader.grade(cloze, wrong).grade == "not yet"


def test_empty_and_long_answers_are_refused(grader: Grader) -> None:
    faq = item(grader, "short", "is-the-exam-proctored")
    with pytest.raises(InvalidAnswer, match="empty"):
        grader.grade(faq, "  ")
    with pytest.raises(InvalidAnswer, match="longer than"):
        grader.grade(faq, "x" * 5000)


def test_a_grade_does_not_depend_on_what_was_graded_before(grader: Grader) -> None:
    faq = item(grader, "short", "how-often-is-the-curriculum-updated")
    first = grader.grade(faq, "It is looked at twice a year to stay current.")
    grader.grade(faq, "something else entirely about pipelines and Kubernetes")
    assert grader.grade(faq, "It is looked at twice a year to stay current.").features == first.features
