"""The abstention: no guess, and the covered topics nearest the question as questions to ask."""

from __future__ import annotations

from bot.answer.abstention import NOT_COVERED, not_covered, suggestion_label, suggestions
from bot.answer.answerer import Answerer


def test_the_nearby_topics_follow_the_retrievals_order(answerer: Answerer) -> None:
    candidates = answerer.attempt(answerer.reader.read("Is there a supervisor on camera?")).candidates
    turned = candidates[::-1]  # another order than the cosine's
    labels = list(dict.fromkeys(suggestion_label(c.chunk) for c in turned))
    count = answerer.config.tuning.answer.suggestions
    assert suggestions(turned, count) == labels[:count]


def test_a_table_row_is_suggested_by_its_table_and_first_cell(answerer: Answerer) -> None:
    row = answerer.passage("roles/role-recommended-certified-mlops-manager-certifications#row-2")
    assert row is not None
    assert suggestion_label(row) == f"What does “{row.breadcrumb[-1]}” say about SRE?"


def test_the_abstention_says_it_will_not_guess_and_carries_the_suggestions() -> None:
    answer = not_covered(0.2, ["Is the exam proctored?"], "is there a webcam", None)
    assert answer.abstained and answer.answer == NOT_COVERED and answer.kind == "not_covered"
    assert answer.suggestions == ["Is the exam proctored?"] and answer.resolved_query == "is there a webcam"
