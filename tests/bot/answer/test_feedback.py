"""Pseudo-relevance feedback: BM25's query widened with the salient words of the passages found by
meaning, as much as the question's own words left BM25 without a match."""

from __future__ import annotations

import numpy as np
import pytest

from bot.answer.answerer import Answerer
from bot.answer.feedback import Feedback
from bot.answer.retrieve import Retriever
from bot.answer.tuning import Tuning


@pytest.fixture(scope="module")
def feedback(answerer: Answerer) -> Feedback:
    return answerer.retriever.feedback


def own_scores(answerer: Answerer, question: str) -> tuple[list[str], np.ndarray, dict[int, float]]:
    """The question's BM25 words and scores, and its passages by meaning (best first)."""
    retriever = answerer.retriever
    query = answerer.reader.read(question)
    (dense,) = retriever.dense_scores([retriever.embed(query.expanded)], 20, None)
    return list(query.keywords), retriever.artifact.keywords.scores(query.keywords), dense


def test_a_question_in_the_curriculums_words_keeps_them(answerer: Answerer, feedback: Feedback) -> None:
    words, scores, dense = own_scores(answerer, "What is the passing score for the exams?")
    assert feedback.strength(words, scores) > 0.95  # one passage has all its words, nearly at their best
    assert feedback.weight(words, scores) < 1e-6
    assert np.array_equal(np.argsort(-feedback(words, scores, dense))[:3], np.argsort(-scores)[:3])


def test_a_question_with_none_of_its_words_leans_on_the_passages_found_by_meaning(
    answerer: Answerer, feedback: Feedback, tuning: Tuning
) -> None:
    words, scores, dense = own_scores(answerer, "zxq blorf wibble?")
    assert not scores.any() and feedback.strength(words, scores) == 0.0
    assert feedback.weight(words, scores) == tuning.retrieval.feedback_weight
    expanded = feedback(words, scores, dense)
    assert int(np.argmax(expanded)) in list(dense)[: tuning.retrieval.feedback_passages]


def test_the_words_of_a_weak_match_are_weighed_down_by_its_weakness(
    answerer: Answerer, feedback: Feedback
) -> None:
    # two words the curriculum uses, never in one passage: the best passage reaches about half
    words, scores, _ = own_scores(answerer, "proctored budgets")
    strength = feedback.strength(words, scores)
    assert 0.2 < strength < 0.8
    assert 0 < feedback.weight(words, scores) < feedback.tuning.feedback_weight


def test_the_feedback_words_are_the_passages_salient_words_not_the_questions(
    answerer: Answerer, feedback: Feedback, tuning: Tuning
) -> None:
    words, _, dense = own_scores(answerer, "is there a camera checking on me during the online test?")
    salient = feedback.salient(words, list(dense.items())[: tuning.retrieval.feedback_passages])
    assert len(salient) == tuning.retrieval.feedback_terms
    assert not {t for t, _ in salient} & set(words)
    assert sum(w for _, w in salient) == pytest.approx(1.0)
    assert "proctor" in {t for t, _ in salient}  # the proctoring FAQ is among the closest by meaning


def test_feedback_off_leaves_bm25_as_it_was(answerer: Answerer) -> None:
    retriever = answerer.retriever
    tuning = retriever.tuning.model_copy(update={"feedback_weight": 0.0})
    off = Retriever(retriever.artifact, retriever.encoder, tuning).feedback
    words, scores, dense = own_scores(answerer, "zxq blorf wibble?")
    assert off(words, scores, dense) is scores
