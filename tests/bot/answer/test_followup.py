"""Follow-ups: a question that leans on the topic before it is made self-contained."""

from __future__ import annotations

import pytest

from bot.answer.entities import Entities
from bot.answer.followup import Topic, is_follow_up_candidate, resolve, topic_hint
from bot.answer.query import QueryReader
from bot.answer.spelling import Speller
from bot.answer.tuning import Tuning
from index.chunk import Chunk

PROFESSIONAL_MISTAKES = Topic(
    Entities({"level": frozenset({"professional"}), "section": frozenset({"mistakes"})}),
    hint="Common mistakes",
)
PROVIDERS = Topic(
    Entities({"part": frozenset({"providers"})}),
    hint="DevOpsSchool",
    siblings=("sreschool.com", "finopsschool.com", "Cotocus"),
)


@pytest.fixture
def reader(tuning: Tuning) -> QueryReader:
    return QueryReader(Speller([], set(), tuning.spelling), max_chars=500)


def test_a_topic_round_trips_through_its_stored_form() -> None:
    assert Topic.from_dict(PROVIDERS.as_dict()) == PROVIDERS
    assert Topic.from_dict(None) is None and Topic.from_dict({}) is None


def test_the_hint_is_a_faqs_question_or_a_sections_heading(chunks: dict[str, Chunk]) -> None:
    faq = next(c for c in chunks.values() if c.kind == "faq")
    section = next(c for c in chunks.values() if c.kind == "section" and c.breadcrumb)
    assert topic_hint(faq) == faq.question
    assert topic_hint(section) == section.breadcrumb[-1]


def test_naming_a_sibling_by_a_word_only_it_has(reader: QueryReader) -> None:
    assert PROVIDERS.names_a_sibling(reader.read("what about sreschool?"))
    assert not PROVIDERS.names_a_sibling(reader.read("what about the school?"))  # they all have it
    assert not PROVIDERS.names_a_sibling(reader.read("what about com?"))


def test_which_questions_are_worth_reading_as_follow_ups(reader: QueryReader, tuning: Tuning) -> None:
    limits = tuning.followup
    cue = reader.read("and the foundation level?")
    assert is_follow_up_candidate(cue, None, limits) == (False, False)  # nothing to follow
    assert is_follow_up_candidate(cue, PROFESSIONAL_MISTAKES, limits) == (True, True)
    bare = reader.read("pass mark?")
    assert is_follow_up_candidate(bare, PROFESSIONAL_MISTAKES, limits) == (True, False)
    full = reader.read("What are the common mistakes at the foundation level of the certification?")
    assert is_follow_up_candidate(full, PROFESSIONAL_MISTAKES, limits) == (False, False)


def test_a_new_subject_replaces_the_old_and_the_aspect_carries_over(reader: QueryReader) -> None:
    resolved = resolve(reader.read("and the foundation level?"), PROFESSIONAL_MISTAKES, reader)
    assert resolved.entities.as_dict() == {"level": ["foundation"], "section": ["mistakes"]}
    assert resolved.asked.startswith("and the foundation level? common mistakes")  # the hint, normalised
    assert "professional" not in resolved.asked.lower()


def test_inherited_entities_are_named_in_the_text(reader: QueryReader) -> None:
    resolved = resolve(reader.read("what should I prepare?"), PROFESSIONAL_MISTAKES, reader)
    assert resolved.entities.get("level") == {"professional"}
    assert resolved.asked.endswith(" professional")


def test_a_question_naming_its_own_section_drops_the_hint(reader: QueryReader) -> None:
    resolved = resolve(reader.read("and the skills?"), PROFESSIONAL_MISTAKES, reader)
    assert "mistakes" not in resolved.asked
    assert resolved.entities.as_dict() == {"level": ["professional"], "section": ["skills"]}


def test_a_question_naming_a_sibling_drops_the_hint(reader: QueryReader) -> None:
    resolved = resolve(reader.read("what about sreschool.com?"), PROVIDERS, reader)
    assert "devopsschool" not in resolved.asked.lower()
