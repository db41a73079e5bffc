"""The tutor's own replies: decided before retrieval, citing nothing, leaving the topic alone."""

from __future__ import annotations

import pytest

from bot.answer.answerer import Answerer
from bot.answer.followup import Topic
from bot.answer.replies import REPLY_KINDS, Replies
from bot.schemas import Answer
from tests.tripwire import Tripwire

MESSAGES = {
    "hello!": "greeting",
    "thanks a lot": "thanks",
    "help": "help",
    "what can you do?": "help",
    "bye": "goodbye",
    "¿Cuánto tiempo se tarda en terminar el nivel básico?": "language",
    "Is the PMP exam multiple choice?": "other_certification",
}


@pytest.fixture(scope="module")
def guarded(answerer: Answerer) -> Answerer:
    return Answerer(Tripwire(answerer.retriever), answerer.config)


@pytest.mark.parametrize(("message", "kind"), MESSAGES.items())
def test_replies_are_decided_before_retrieval(guarded: Answerer, message: str, kind: str) -> None:
    topic = Topic(hint="Common mistakes")
    answer, after = guarded.answer(message, topic=topic)
    assert answer.kind == kind
    assert answer.citations == [] and answer.sentences == []
    assert after is topic  # small talk does not move the conversation's topic


def test_the_tripwire_does_trip(guarded: Answerer) -> None:
    with pytest.raises(AssertionError, match="reached"):
        guarded.answer("What is the passing score for the exams?")


def test_declined_questions_count_as_abstentions_and_small_talk_does_not(answerer: Answerer) -> None:
    assert answerer.answer("Est-ce que la formation inclut des travaux pratiques ?")[0].abstained
    assert answerer.answer("How long is the CKA certification valid?")[0].abstained
    assert not answerer.answer("hi")[0].abstained


def test_help_says_what_the_tutor_covers_and_offers_starters(answerer: Answerer) -> None:
    answer, _ = answerer.answer("/tutor help")
    assert "Certified MLOps Manager curriculum" in answer.answer
    assert answer.suggestions == list(answerer.replies.starters)


@pytest.mark.parametrize("starter", Replies().starters)
def test_every_starter_question_is_answered(answerer: Answerer, starter: str) -> None:
    answer, _ = answerer.answer(starter)
    assert answer.kind == "answer" and answer.citations, answer.answer


def test_a_question_after_a_greeting_is_answered_without_it(answerer: Answerer) -> None:
    answer, _ = answerer.answer("Hi! What is the passing score for the exams?")
    assert answer.kind == "answer"
    assert answer.citations[0].id.endswith("what-is-the-passing-score-for-the-exams#0")


def test_every_reply_kind_is_an_answer_kind() -> None:
    replies = Replies()
    for kind in REPLY_KINDS:
        assert Answer(answer=replies.texts[kind], kind=kind, abstained=False, confidence=0.0).kind == kind


def test_a_replies_file_missing_a_reply_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "replies.yaml"
    path.write_text("greeting: hi\nstarters: [x]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="needs a text for each of"):
        Replies(path)


def test_other_certifications_quote_nothing_but_a_vendor_as_a_tool_is_answered(answerer: Answerer) -> None:
    assert answerer.answer("What's the passing score for the CKAD?")[0].citations == []
    answer, _ = answerer.answer("Does this certification cover specific tools like AWS or Azure?")
    assert answer.kind == "answer" and answer.citations
