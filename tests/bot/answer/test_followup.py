"""Follow-ups: a question that leans on the topic before it is made self-contained."""

from __future__ import annotations

import pytest

from bot.answer.answerer import Answerer
from bot.answer.entities import Entities
from bot.answer.followup import Topic, is_follow_up, resolve, topic_hint
from bot.answer.language import LanguageGuard
from bot.answer.query import QueryReader
from bot.answer.spelling import Speller
from bot.answer.tuning import Tuning
from bot.schemas import Answer
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
    return QueryReader(Speller([], set(), tuning.spelling), LanguageGuard(tuning.language, frozenset()), 500)


def test_a_topic_round_trips_through_its_stored_form() -> None:
    assert Topic.from_dict(PROVIDERS.as_dict()) == PROVIDERS
    on_a_row = Topic(hint="Complete Certified MLOps Manager Certification Table", row="Engineering")
    assert Topic.from_dict(on_a_row.as_dict()) == on_a_row
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
    faqs = Topic(hint="Does the certification expire?", siblings=("How often is the curriculum updated?",))
    assert faqs.names_a_sibling(reader.read("is the curriculum updated?"))
    assert not faqs.names_a_sibling(reader.read("how often then?"))  # a degree of the same topic


def test_only_elliptical_questions_are_read_as_follow_ups(reader: QueryReader) -> None:
    cue = reader.read("and the foundation level?")
    assert not is_follow_up(cue, None)  # nothing to follow
    assert is_follow_up(cue, PROFESSIONAL_MISTAKES)
    assert is_follow_up(reader.read("pass mark?"), PROFESSIONAL_MISTAKES)  # an aspect alone
    full = reader.read("What are the common mistakes at the foundation level of the certification?")
    assert not is_follow_up(full, PROFESSIONAL_MISTAKES)
    # A complete question on a new topic is not bent back to the old one.
    assert not is_follow_up(reader.read("is there an alumni community?"), PROFESSIONAL_MISTAKES)


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


def test_a_question_asking_a_kind_of_fact_keeps_the_subject_and_drops_the_aspect(reader: QueryReader) -> None:
    resolved = resolve(reader.read("how long does that take?"), PROFESSIONAL_MISTAKES, reader)
    assert resolved.entities.as_dict() == {"level": ["professional"]}  # the subject, not its mistakes
    assert "mistakes" not in resolved.asked and resolved.asked.endswith(" professional")


def test_a_question_naming_a_sibling_drops_the_hint(reader: QueryReader) -> None:
    resolved = resolve(reader.read("what about sreschool.com?"), PROVIDERS, reader)
    assert "devopsschool" not in resolved.asked.lower()


def test_a_heading_that_names_the_subject_stays_when_a_new_aspect_is_asked(reader: QueryReader) -> None:
    """A provider's heading is what the passage is about, not an aspect of it: "who is it for?" after
    Cotocus asks Cotocus's audience. A section's heading, an FAQ's question or a heading that asks is
    an aspect, dropped as before."""
    cotocus = Topic(Entities(), "Cotocus", ("BestDevOps", "DevOpsSchool"))
    assert cotocus.hint_is_subject
    assert resolve(reader.read("who is it best for?"), cotocus, reader).asked.endswith("cotocus")
    assert not PROFESSIONAL_MISTAKES.hint_is_subject  # "Common mistakes" of the professional level
    assert not Topic(Entities(), "Is the exam proctored?").hint_is_subject
    assert not Topic(Entities(), "Why Certified MLOps Manager Is Valuable In And Beyond").hint_is_subject
    assert cotocus.subject_only().hint == "Cotocus"
    assert PROFESSIONAL_MISTAKES.subject_only() == Topic(Entities({"level": {"professional"}}))


def test_the_subject_of_a_row_is_its_value_and_a_pointer_picks_a_kind() -> None:
    """After the roles table's row, the subject is the level it recommends (its value), not the role
    (its key); "that level" keeps the level alone."""
    row = Topic(Entities({"role": frozenset({"sre"}), "level": frozenset({"professional"})}), row="SRE")
    assert row.subject_only() == Topic(Entities({"level": frozenset({"professional"})}))
    assert row.subject_only("level") == Topic(Entities({"level": frozenset({"professional"})}))
    # a row whose only subject is its key keeps it, and the row: "…, and what are its prerequisites?"
    finance = Topic(Entities({"track": frozenset({"finance"})}), row="Finance")
    assert finance.subject_only() == finance


def ask_in_turn(answerer: Answerer, turns: list[str]) -> Answer:
    topic = None
    answer = None
    for turn in turns:
        answer, topic = answerer.answer(turn, topic=topic)
    assert answer is not None
    return answer


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        (
            ["Who is the foundation level for?", "and the managerial level?"],
            "level-managerial/certified-mlops-manager-managerial-level/who-should-take-it#0",
        ),
        (
            ["Tell me about the DevSecOps path", "is there a school for it?"],
            "providers/training-certification-support-providers-for-certified-mlops-manager/devsecopsschool-com#0",
        ),
        (
            ["Which level teaches feature stores?", "what projects go with it?"],
            "level-professional/certified-mlops-manager-professional-level/real-world-projects-you-should-be-able-to-do#0",
        ),
        (
            [
                "Tell me about the professional level",
                "what are the common mistakes?",
                "and for the foundation one?",
            ],
            "level-foundation/certified-mlops-manager-foundation-level/common-mistakes#0",
        ),
        (  # a count that leaves its noun unsaid counts what the turn before counted
            [
                "How many years of experience is the professional level aimed at?",
                "how many for the foundation level?",
            ],
            "level-foundation/certified-mlops-manager-foundation-level/who-should-take-it#0",
        ),
        (  # an FAQ's neighbours are siblings too: a word only one of them has picks it out…
            ["Is the exam multiple choice?", "is it proctored?"],
            "faq-general/frequently-asked-questions-general/is-the-exam-proctored#0",
        ),
        (  # …but a word after "how" asks a degree of the same topic ("how often" is another FAQ's)
            ["Does the credential expire?", "how often, then?"],
            "faq-general/frequently-asked-questions-general/does-the-certification-expire#0",
        ),
        (  # a provider's heading is its subject: a new aspect keeps it
            ["what does Cotocus offer?", "who is it best for?"],
            "providers/training-certification-support-providers-for-certified-mlops-manager/cotocus#0",
        ),
        (
            ["What does the FinOps path focus on?", "which school teaches it?", "what do they cover?"],
            "providers/training-certification-support-providers-for-certified-mlops-manager/finopsschool-com#0",
        ),
    ],
)
def test_elliptical_turns_resolve_against_the_conversation(
    answerer: Answerer, turns: list[str], expected: str
) -> None:
    answer = ask_in_turn(answerer, turns)
    assert not answer.abstained
    assert answer.citations[0].id == expected


TRACKS_TABLE = "tracks-and-levels/certified-mlops-manager-certification-tracks-levels/complete-certified-mlops-manager-certification-table"


@pytest.mark.parametrize(
    ("turns", "rows"),
    [
        # The next or previous row is counted from the row the last answer ended on…
        (["What comes after Leadership?", "and the one before that?"], ["row-4", "row-3"]),
        # …and "its" is that row, even when the question asks another aspect of it.
        (["Which track is last in the recommended order?", "what are its prerequisites?"], ["row-5"]),
        (["Which track is first in the recommended order?", "and the one after that?"], ["row-1", "row-2"]),
    ],
)
def test_a_follow_up_on_a_table_row_moves_along_the_table(
    answerer: Answerer, turns: list[str], rows: list[str]
) -> None:
    answer = ask_in_turn(answerer, turns)
    assert [c.id for c in answer.citations] == [f"{TRACKS_TABLE}#{row}" for row in rows]


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        (
            ["Which certification should an SRE take?", "is there an alumni community?"],
            "faq-general/frequently-asked-questions-general/is-there-a-community-for-certified-professionals#0",
        ),
        (
            [
                "What's the preparation plan for managers?",
                "Which provider is the primary host of the program?",
            ],
            "providers/training-certification-support-providers-for-certified-mlops-manager/aiopsschool-com#0",
        ),
        (
            ["Tell me about the SRE path", "thanks!", "Does the certification expire?"],
            "faq-general/frequently-asked-questions-general/does-the-certification-expire#0",
        ),
    ],
)
def test_a_complete_question_changes_the_topic(answerer: Answerer, turns: list[str], expected: str) -> None:
    answer = ask_in_turn(answerer, turns)
    assert answer.citations[0].id == expected
    assert answer.resolved_query == turns[-1]  # read on its own, not against the earlier topic


def test_the_topic_takes_the_answers_subject_where_the_question_named_none(answerer: Answerer) -> None:
    _, topic = answerer.answer("Which level teaches feature stores?")
    assert topic is not None and topic.entities.get("level") == {"professional"}
