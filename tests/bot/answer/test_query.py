"""One Query per reading of a question: cleaned, repaired, expanded, tokenised and understood once."""

from __future__ import annotations

import dataclasses

import pytest

from bot.answer.answerer import Answerer
from bot.answer.entities import Entities
from bot.answer.language import LanguageGuard
from bot.answer.query import InvalidQuestion, QueryReader, clean_question, reworded
from bot.answer.spelling import Speller
from bot.answer.tuning import Tuning
from index.keywords import tokenize


@pytest.fixture
def reader(tuning: Tuning) -> QueryReader:
    speller = Speller(["Certification exam pass mark for the professional level."], set(), tuning.spelling)
    return QueryReader(speller, LanguageGuard(tuning.language, frozenset(speller.words)), max_chars=80)


def test_cleaning_strips_control_characters_and_extra_whitespace() -> None:
    assert clean_question("  what\u200b is\tthe \x00 pass mark?\n", 100) == "what is the pass mark?"
    assert clean_question("cafe\u0301", 100) == "caf\u00e9"  # NFC


@pytest.mark.parametrize(("text", "message"), [(" \n\t", "empty"), ("x" * 101, "101 characters long")])
def test_empty_and_over_long_questions_are_refused(text: str, message: str) -> None:
    with pytest.raises(InvalidQuestion, match=message):
        clean_question(text, 100)


def test_a_query_holds_every_reading_of_the_question(reader: QueryReader) -> None:
    query = reader.read("  What is the certifcation  pass mark in the UK?")
    assert query.asked == "What is the certifcation pass mark in the UK?"
    assert query.text == "What is the certification pass mark in the UK?"  # typo repaired
    assert query.asked_tokens == tuple(tokenize(query.asked))
    assert query.tokens == tuple(tokenize(query.text))
    assert "passing score" in query.expanded  # learners' words spelled the curriculum's way
    assert [t.name for t in query.steering] == ["score"]
    assert query.wanted == ()
    assert query.places == {"uk"}
    assert not query.elliptical
    assert query.reply is None and query.context == ""


def test_words_that_say_how_to_answer_are_not_content_words(reader: QueryReader) -> None:
    plain = reader.read("What is the pass mark for the professional level?")
    for asked in (
        "Briefly, what is the pass mark for the professional level?",
        "Please tell me exactly: what is the pass mark for the professional level?",
    ):
        query = reader.read(asked)
        assert query.tokens == plain.tokens  # what coverage and the unknown-word share count
        assert query.keywords == plain.keywords  # what BM25 searches
        assert query.expanded == plain.expanded  # what the model embeds
        assert query.text != plain.text  # the question itself is kept as asked
    assert reader.read("List all the levels").tokens == tuple(tokenize("levels"))
    assert "explain" in reader.read("How do I explain the pass mark to my team?").expanded


def test_entities_are_read_from_the_repaired_question(reader: QueryReader) -> None:
    query = reader.read("and the profesional level?")
    assert query.entities.as_dict() == {"level": ["professional"]}
    assert query.elliptical


def test_a_resolved_reading_keeps_the_entities_it_is_given(reader: QueryReader) -> None:
    merged = Entities({"level": frozenset({"foundation"}), "section": frozenset({"skills"})})
    query = reader.reading("pass mark? foundational", merged)
    assert query.entities == merged
    assert query.asked == "pass mark? foundational"


def test_a_resolved_reading_is_not_cleaned_again(reader: QueryReader) -> None:
    long = "x " * 60  # over max_chars once a hint is added; only the learner's own text is limited
    assert reader.reading(long.strip()).asked == long.strip()
    with pytest.raises(InvalidQuestion):
        reader.read(long)


def test_a_query_is_frozen(reader: QueryReader) -> None:
    query = reader.read("pass mark?")
    with pytest.raises(dataclasses.FrozenInstanceError):
        query.text = "other"  # type: ignore[misc]


def test_a_long_message_is_read_as_its_question_with_the_context_apart(reader: QueryReader) -> None:
    query = reader.read("I have run SRE teams for years. Is the professional exam proctored?")
    assert query.asked == "Is the professional exam proctored?"
    assert query.context == "I have run SRE teams for years."
    assert query.entities.get("role") == {"sre"}  # the context's role steers
    assert "sre" in query.keywords  # both retrievers read the context too
    assert "sre" not in query.tokens  # confidence and composition read the question


def test_a_closing_ask_that_says_only_how_to_ask_asks_what_the_message_told(reader: QueryReader) -> None:
    # "Do you know?" asks nothing of its own: the sentence before it holds the question
    query = reader.read("My boss asked for the pass mark of the professional level. Do you know?")
    assert query.context == "" and "pass" in query.tokens and query.entities.get("level") == {"professional"}


def test_a_role_in_the_name_of_a_credential_held_is_not_the_learners(reader: QueryReader) -> None:
    query = reader.read("I hold GCP Associate Cloud Engineer. Anything needed before foundation?")
    assert query.context and not query.entities.get("role")
    assert "cloud" not in query.keywords and "cloud" not in query.expanded.lower()
    told = reader.read("I am a cloud engineer. Anything needed before foundation?")
    assert told.entities.get("role") == {"cloud engineer"}


def test_a_question_pointing_back_at_the_context_is_read_with_it(reader: QueryReader) -> None:
    query = reader.read("One provider says it is the best at DevOps. What was it called?")
    assert query.context == "" and query.asked.startswith("One provider")


def test_a_closing_ask_for_only_a_name_is_not_read(reader: QueryReader) -> None:
    query = reader.read("Is there a track that bridges data engineers into MLOps? What's it called?")
    assert query.asked == "Is there a track that bridges data engineers into MLOps?"
    assert "call" not in query.tokens


def test_replies_are_understood_before_anything_else(reader: QueryReader) -> None:
    assert reader.read("thanks!").reply == "thanks"
    assert reader.read("Welche Lernpfade gibt es in diesem Programm?").reply == "language"
    assert reader.read("Is the CKA exam open book?").reply == "other_certification"
    assert reader.read("hi, what is the pass mark?").asked == "what is the pass mark?"
    # A label before a colon names what the ask is about, though the ask alone names nothing.
    assert reader.read("Terraform Associate: how many questions?").reply == "other_certification"
    # A told clause that opens the message may name what the ask is about, unless it is held.
    assert (
        reader.read("I'm studying for CompTIA Security+, what's the pass mark?").reply
        == "other_certification"
    )
    assert reader.read("I already have the CKA, what's the pass mark here?").reply is None


def test_everyday_words_are_read_as_the_curriculums_next_to_punctuation_too() -> None:
    """What the model embeds: "test?" is "exam?", and a word the curriculum uses itself stays."""
    assert reworded("is it a hard test? which tiers...", frozenset()) == "is it a hard exam? which levels..."
    assert reworded("is it a hard test?", frozenset({"test"})) == "is it a hard test?"


def test_which_to_take_after_a_level_asks_for_that_levels_next_step(reader: QueryReader) -> None:
    # "leadership" names the manager level, but here what is asked for, not the subject
    query = reader.read("after the professional level, which leadership cert is suggested?")
    assert query.entities.get("level") == {"professional"} and "next" in query.entities.get("section")
    # an aspect asked of a later level keeps that level
    query = reader.read("After the foundation level, which skills does the professional level teach?")
    assert "professional" in query.entities.get("level")
    # no which-question, no change
    assert reader.read("after the professional level, is the leadership exam proctored?").entities.get(
        "level"
    ) == {
        "professional",
        "manager",
    }


def test_a_level_told_beside_a_question_asking_which_level_is_not_its_subject(answerer: Answerer) -> None:
    reader = answerer.reader
    # the level is what is asked: one the context names is an alternative
    query = reader.read(
        "I'm an SRE. Which level does the role table recommend for me? Friends say the entry level."
    )
    assert query.entities.get("role") == {"sre"} and not query.entities.get("level")
    # …but a level the learner is done with is where they stand
    done = reader.read("I completed the foundation level. Which cert do you recommend for me?")
    assert done.entities.get("level") == {"foundation"}
    # …and a told level steers a question that asks something else
    other = reader.read("I'm preparing for the entry level. Is the exam proctored?")
    assert other.entities.get("level") == {"foundation"}


def test_years_place_the_learner_only_when_the_ask_is_about_them(answerer: Answerer) -> None:
    reader = answerer.reader
    assert reader.read("I have 5 years in ops. Which level fits me?").years == 5
    assert reader.read("I have 5 years in ops. What should I study first?").years == 5
    assert reader.read("I have 5 years in ops. Does the certification expire?").years is None
