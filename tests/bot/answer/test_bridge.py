"""Everyday words read as the curriculum word nearest in meaning, on the real model and index."""

from __future__ import annotations

import pytest

from bot.answer.answerer import Answerer
from bot.answer.bridge import Bridge
from bot.answer.retrieve import Retriever
from index.keywords import tokenize
from tests.encoders import CountingEncoder


@pytest.fixture(scope="module")
def bridge(answerer: Answerer) -> Bridge:
    assert answerer.reader.bridge is not None
    return answerer.reader.bridge


@pytest.mark.parametrize(("word", "read"), [("pick", "choose"), ("owns", "ownership")])
def test_an_everyday_word_is_read_as_the_nearest_curriculum_word(
    bridge: Bridge, word: str, read: str
) -> None:
    assert word not in bridge.vocabulary.words
    assert bridge.read(word) == read


@pytest.mark.parametrize(
    "word",
    [
        "proctored",  # the curriculum's own word
        "kubeflow",  # not an ordinary English word: a product is the learner's subject
        "four",  # a number is a fact ("three" is nearest)
        "someone",  # an indefinite pronoun stands for no content
        "weather",  # nothing in the curriculum is near enough
        "python",
    ],
)
def test_other_words_stay_as_written(bridge: Bridge, word: str) -> None:
    assert bridge.read(word) == word


def test_a_text_keeps_its_punctuation_and_compounds(bridge: Bridge) -> None:
    assert (
        bridge.text("should I pick? hands-on labs, what's more")
        == "should I choose? hands-on labs, what's more"
    )


def test_the_ask_is_bridged_and_the_context_and_the_embedded_text_are_not(answerer: Answerer) -> None:
    query = answerer.reader.read("My manager told me to pick one. Which level should I pick?")
    assert query.context and "pick" in query.context
    assert "choos" in query.tokens and "pick" not in query.tokens  # what coverage counts, BM25 searches
    assert "pick" in query.keywords[: len(tokenize(query.context))]  # the context as told
    assert "pick" in query.expanded  # the model reads the question as written


def test_answering_embeds_the_question_and_never_a_word_alone(answerer: Answerer) -> None:
    # Each everyday word was a model run of its own while the question waited; the table answers now.
    counting = CountingEncoder(answerer.retriever.encoder)
    fresh = Answerer(
        Retriever(answerer.retriever.artifact, counting, answerer.retriever.tuning),
        answerer.config,  # type: ignore[arg-type]
    )
    assert fresh.reader.bridge is not None
    question = "Which track should I pick if I tinker with clusters?"
    answer, _ = fresh.answer(question)
    assert not answer.abstained
    assert fresh.reader.bridge.read("pick") == "choose"
    assert "pick" not in counting.texts and "tinker" not in counting.texts
    assert all(len(text.split()) > 1 for text in counting.texts), counting.texts
