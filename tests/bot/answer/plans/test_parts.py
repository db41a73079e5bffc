"""The parts plan: each ask of a message answered from its own passage, in the order asked."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.answer.answerer import Answerer, Attempt, Parts
from bot.answer.plans.pronouns import named_again
from tests.bot.answer.plans.conftest import cited

PASS_MARK = "faq-general/frequently-asked-questions-general/what-is-the-passing-score-for-the-exams#0"
PROCTORED = "faq-general/frequently-asked-questions-general/is-the-exam-proctored#0"
MANAGER = "level-managerial/certified-mlops-manager-managerial-level/"
FOUNDATION = "level-foundation/certified-mlops-manager-foundation-level/"
PROFESSIONAL = "level-professional/certified-mlops-manager-professional-level/"


def test_two_asks_get_two_labelled_blocks_in_the_order_asked(
    answerer: Answerer, found: Callable[[str], Attempt], lookup: Parts
) -> None:
    composition = answerer.planner.compose(found("Is the exam proctored, and what is the pass mark?"), lookup)
    assert composition.plan == "parts"
    assert cited(composition) == [PROCTORED, PASS_MARK]
    assert all(b.label and b.source == "heading" for b in composition.blocks)


def test_a_part_the_curriculum_does_not_cover_is_kept_in_the_learners_words(
    answerer: Answerer, found: Callable[[str], Attempt], lookup: Parts
) -> None:
    question = "How much does the exam cost in euros, and is the exam proctored?"
    composition = answerer.planner.compose(found(question), lookup, covered=False)
    first, second = composition.blocks
    assert (
        not first.covered
        and first.source == "asked"
        and first.label == "How much does the exam cost in euros"
    )
    assert cited(composition) == [PROCTORED] and second.covered


def test_an_elliptical_part_is_read_as_a_follow_up_of_the_one_before(
    answerer: Answerer, found: Callable[[str], Attempt], lookup: Parts
) -> None:
    question = "What are the common mistakes at the foundation level, and also at the managerial level?"
    composition = answerer.planner.compose(found(question), lookup)
    ids = cited(composition)
    assert len(ids) == 2 and ids[0].startswith(FOUNDATION) and ids[1].startswith(MANAGER)
    assert ids[0].endswith("common-mistakes#0") and ids[1].endswith("common-mistakes#0")


PATHS = "learning-paths/choose-your-learning-path/"
PROVIDERS = "providers/training-certification-support-providers-for-certified-mlops-manager/"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # a count that leaves its noun unsaid counts what the part before counted, of its own subject
        (
            "How many years of experience is the professional level aimed at, and how many for the foundation level?",
            [PROFESSIONAL + "who-should-take-it#0", FOUNDATION + "who-should-take-it#0"],
        ),
        # "one" after a modifier stands for the noun the part before said for its passage's kind
        (
            "What does the SRE path focus on, and what does the security one cover?",
            [PATHS + "sre-path#0", PATHS + "devsecops-path#0"],
        ),
        (
            "Which provider is the primary host, and what does the cost one teach?",
            [PROVIDERS + "aiopsschool-com#0", PROVIDERS + "finopsschool-com#0"],
        ),
        (
            "who is the foundation level for, and the top one?",
            [FOUNDATION + "who-should-take-it#0", MANAGER + "who-should-take-it#0"],
        ),
    ],
)
def test_a_part_takes_what_it_leaves_unsaid_from_the_part_before(
    answerer: Answerer, found: Callable[[str], Attempt], lookup: Parts, question: str, expected: list[str]
) -> None:
    assert cited(answerer.planner.compose(found(question), lookup)) == expected


def test_a_part_pointing_back_with_its_is_answered_by_what_was_quoted(
    answerer: Answerer, found: Callable[[str], Attempt], lookup: Parts
) -> None:
    question = "Is there a Finance specialist track, and what are its prerequisites?"
    composition = answerer.planner.compose(found(question), lookup)
    (row,) = cited(composition)  # the row says both: no second passage
    assert "Basic Finance" in composition.picked[0].text and row.endswith("#row-5")


def test_the_same_sentences_are_quoted_once(
    answerer: Answerer, found: Callable[[str], Attempt], lookup: Parts
) -> None:
    composition = answerer.planner.compose(found("Is the exam proctored? Is it proctored online?"), lookup)
    texts = [p.text for p in composition.picked]
    assert len(texts) == len(set(texts))


def test_a_part_naming_only_an_aspect_asks_it_of_what_was_just_named(
    answerer: Answerer, found: Callable[[str], Attempt], lookup: Parts
) -> None:
    question = "Which provider teaches cloud cost optimization, and what do they teach?"
    composition = answerer.planner.compose(found(question), lookup)
    (block,) = composition.blocks  # the second part adds to the passage the first one named
    chunk = block.picked[0].candidate.chunk
    assert (
        chunk.breadcrumb[-1] == block.label
        and len(block.picked) > answerer.config.tuning.plans.list_sentences
    )
    positions = [chunk.sentences.index(p.text) for p in block.picked]
    assert positions == sorted(positions)  # in the passage's own order


def test_a_part_pointing_back_asks_its_own_aspect_of_what_the_part_before_named(
    answerer: Answerer, found: Callable[[str], Attempt], lookup: Parts
) -> None:
    """ "…, and who should go for it?" asks the audience of the level just named, not of the
    certification (the overview) nor the first part's aspect ("What it is") again."""
    composition = answerer.planner.compose(
        found("what is the foundation level, and who should go for it?"), lookup
    )
    assert cited(composition) == [f"{FOUNDATION}what-it-is#0", f"{FOUNDATION}who-should-take-it#0"]


def test_a_part_pointing_back_at_the_passage_just_quoted_is_answered_from_it(
    answerer: Answerer, found: Callable[[str], Attempt], lookup: Parts
) -> None:
    composition = answerer.planner.compose(found("what does Cotocus offer, and who is it best for?"), lookup)
    assert cited(composition) == [
        "providers/training-certification-support-providers-for-certified-mlops-manager/cotocus#0"
    ]


def test_a_part_after_a_recommendation_asks_about_what_was_recommended(
    answerer: Answerer, found: Callable[[str], Attempt], lookup: Parts
) -> None:
    """The roles table's row answers the first part; "that level" and "it" are the level it
    recommends, not the learner's role, and a roles row holds no skills to quote again."""
    level = answerer.planner.compose(
        found("I'm an SRE, which level should I go for, and what experience does that level expect?"), lookup
    )
    assert cited(level) == [
        "roles/role-recommended-certified-mlops-manager-certifications#row-2",
        "level-professional/certified-mlops-manager-professional-level/who-should-take-it#0",
    ]
    skills = answerer.planner.compose(
        found("DevOps engineer here. Which cert should I take, and what skills will I gain from it?"), lookup
    )
    assert cited(skills) == [
        "roles/role-recommended-certified-mlops-manager-certifications#row-1",
        f"{FOUNDATION}skills-youll-gain#0",
    ]


def test_a_part_picking_another_kind_of_thing_is_not_answered_by_the_passage_just_quoted(
    answerer: Answerer, found: Callable[[str], Attempt], lookup: Parts
) -> None:
    """ "which provider teaches it?" after a learning path asks for a school, not for the path again."""
    question = "Which learning path deals with security, and which provider teaches it?"
    assert cited(answerer.planner.compose(found(question), lookup)) == [
        "learning-paths/choose-your-learning-path/devsecops-path#0",
        "providers/training-certification-support-providers-for-certified-mlops-manager/devsecopsschool-com#0",
    ]


def test_a_part_about_the_asker_is_asked_of_the_situation_they_gave(
    answerer: Answerer, found: Callable[[str], Attempt], lookup: Parts
) -> None:
    """ "…which learning path would suit me?" after "I'm an SRE." asks of the SRE, not of the level
    the first part recommended."""
    question = "I'm an SRE. Which certification level is recommended for my role, and which learning path would suit me?"
    assert cited(answerer.planner.compose(found(question), lookup)) == [
        "roles/role-recommended-certified-mlops-manager-certifications#row-2",
        "learning-paths/choose-your-learning-path/sre-path#0",
    ]


def test_a_pronoun_is_what_the_part_before_named_in_its_passages_headings(
    answerer: Answerer, found: Callable[[str], Attempt], lookup: Parts
) -> None:
    """ "it" is the Certified MLOps Manager that the first part asks about and its passage's
    headings name, not the audience of whichever level a bare "who is it for?" finds."""
    question = "What exactly is the Certified MLOps Manager, and what kind of people is it meant for?"
    overview = "overview/the-mlops-career-roadmap-how-to-transition-from-engineer-to-certified-mlops-manager/"
    assert cited(answerer.planner.compose(found(question), lookup)) == [
        f"{overview}what-is-the-certified-mlops-manager#0",
        f"{overview}who-should-pursue-certified-mlops-manager#0",
    ]


def test_a_passage_named_by_its_own_heading_names_what_it_points_back_at(
    answerer: Answerer, found: Callable[[str], Attempt], lookup: Parts
) -> None:
    """ "it" is the FinOps path that the first ask found, by its own heading "FinOps Path"; and a
    message with no question mark is still cut into its asks."""
    question = "finops for ai, whats the path about and which scool teaches it"
    assert cited(answerer.planner.compose(found(question), lookup)) == [
        "learning-paths/choose-your-learning-path/finops-path#0",
        "providers/training-certification-support-providers-for-certified-mlops-manager/finopsschool-com#0",
    ]


def test_a_pronoun_after_a_which_part_is_the_thing_it_picked(
    answerer: Answerer, found: Callable[[str], Attempt], lookup: Parts
) -> None:
    """ "it" after "which learning path is that" is the path picked (its heading "DataOps Path"),
    not the kind of thing the part asked for."""
    before = found("I want to focus on data quality feeding our models. Which learning path is that?")
    quoted, catalog = before.candidates[0].chunk, answerer.planner.catalog
    assert quoted.breadcrumb[-1] == "DataOps Path"
    assert named_again("which provider teaches it?", before, quoted.id, catalog) == (
        "which provider teaches DataOps Path?"
    )
    question = "I want to focus on data quality feeding our models. Which learning path is that, and which provider teaches it?"
    assert cited(answerer.planner.compose(found(question), lookup)) == [
        "learning-paths/choose-your-learning-path/dataops-path#0",
        "providers/training-certification-support-providers-for-certified-mlops-manager/dataopsschool-com#0",
    ]


def test_a_pronoun_named_only_by_a_kind_word_is_named_by_its_headings_own_words(
    answerer: Answerer, found: Callable[[str], Attempt], lookup: Parts
) -> None:
    """ "level" of "the top level" only says what kind of thing "they" is; the heading's own words
    say which, so the next certification asked after it is the managerial level's."""
    before = found("who is the top level meant for")
    quoted, catalog = before.candidates[0].chunk, answerer.planner.catalog
    assert quoted.breadcrumb[0] == "Certified MLOps Manager – Managerial Level"
    named = named_again("what should they take after it?", before, quoted.id, catalog)
    assert named == "what should Managerial Level take after it?"
    composition = answerer.planner.compose(
        found("who is the top level meant for and what should they take after it?"), lookup
    )
    assert (
        cited(composition)[-1]
        == "level-managerial/certified-mlops-manager-managerial-level/best-next-certification-after-this#0"
    )


def test_a_part_whose_best_passages_are_one_section_of_several_levels_takes_the_level_before(
    answerer: Answerer, found: Callable[[str], Attempt], lookup: Parts
) -> None:
    """Alone, "how should I structure those weeks?" finds each level's preparation plan; the part
    before named the foundation level, so it is the foundation's plan."""
    alone = found("how should I structure those weeks?")
    first, second = (c.chunk for c in alone.candidates[:2])
    assert first.breadcrumb[-1] == second.breadcrumb[-1] and first.source != second.source
    question = "Realistically, how long does foundation take, and how should I structure those weeks?"
    assert cited(answerer.planner.compose(found(question), lookup))[-1] == (
        "level-foundation/certified-mlops-manager-foundation-level/preparation-plan#0"
    )


def test_what_the_first_ask_was_led_into_with_is_said_of_the_asks_after_it(
    answerer: Answerer, found: Callable[[str], Attempt], lookup: Parts
) -> None:
    """ "im an sre" leads into both asks: the school is the SRE one."""
    question = "im an sre, which path and which school for the ml side?"
    assert cited(answerer.planner.compose(found(question), lookup)) == [
        "learning-paths/choose-your-learning-path/sre-path#0",
        "providers/training-certification-support-providers-for-certified-mlops-manager/sreschool-com#0",
    ]


def test_a_part_joined_by_also_asks_its_own_aspect_of_what_it_points_at(
    answerer: Answerer, found: Callable[[str], Attempt], lookup: Parts
) -> None:
    """ "Also, what are the blunders…at this level?" asks the mistakes of the level, not its plan again."""
    question = (
        "I have two months for the professional exam. What is the plan for the last stretch?"
        " Also, what are the typical blunders people make at this level?"
    )
    assert cited(answerer.planner.compose(found(question), lookup)) == [
        f"{PROFESSIONAL}preparation-plan#0",
        f"{PROFESSIONAL}common-mistakes#0",
    ]


def test_a_part_the_context_steers_back_to_the_passage_quoted_is_read_alone_too(
    answerer: Answerer, found: Callable[[str], Attempt], lookup: Parts
) -> None:
    """The cloud vendors told steer both asks to the tools FAQ; the second, read alone, finds the
    labs ("or is it reading only?" restates the training, pointing at nothing before)."""
    question = (
        "We're an Azure shop and half the team uses GCP. Is the cert tied to one cloud? Also, does the"
        " training include practice environments where you deploy things, or is it reading only?"
    )
    assert cited(answerer.planner.compose(found(question), lookup)) == [
        "faq-general/frequently-asked-questions-general/does-this-certification-cover-specific-tools-like-aws-or-azure#0",
        "faq-program/faqs-on-certified-mlops-manager/are-labs-included-in-the-training#0",
    ]


def test_a_continuation_that_finds_the_passage_just_quoted_is_answered_there(
    answerer: Answerer, found: Callable[[str], Attempt], lookup: Parts
) -> None:
    """The duration FAQ gives the foundation's weeks and the full track's months: "what about the
    full track?" is answered there, not by the same-track passage its words alone find."""
    question = "i remember foundation being 4-6 weeks; is that right, and what about the full track?"
    assert cited(answerer.planner.compose(found(question), lookup)) == [
        "faq-general/frequently-asked-questions-general/how-long-does-it-take-to-complete-the-certification#0"
    ]


def test_which_one_is_the_kind_the_part_before_picked_from(
    answerer: Answerer, found: Callable[[str], Attempt], lookup: Parts
) -> None:
    providers = "providers/training-certification-support-providers-for-certified-mlops-manager/"
    question = "which school is the main host + which one is for data?"
    assert cited(answerer.planner.compose(found(question), lookup)) == [
        f"{providers}aiopsschool-com#0",
        f"{providers}dataopsschool-com#0",
    ]


NEXT = "next-certifications/next-certifications-to-take-after-certified-mlops-manager/"


@pytest.mark.parametrize(
    "question",
    [
        "What does staying on the same track look like after this cert, and what about the leadership route?",
        "after the whole thing, what does 'same track progression' mean, and what does the leadership route involve?",
    ],
)
def test_a_later_ask_stays_in_the_document_the_ask_before_was_answered_from(
    answerer: Answerer, found: Callable[[str], Attempt], lookup: Parts, question: str
) -> None:
    # Alone, "what about the leadership route?" ranks the managerial level's next certification
    # first and the next-certifications document's leadership section a close second.
    assert lookup.read("what does the leadership route involve?").candidates[1].chunk.id.startswith(NEXT)
    assert cited(answerer.planner.compose(found(question), lookup)) == [
        f"{NEXT}same-track-progression#0",
        f"{NEXT}leadership-management-track#0",
    ]


def test_a_later_ask_leaves_the_document_for_a_clearly_better_passage(
    answerer: Answerer, found: Callable[[str], Attempt], lookup: Parts
) -> None:
    ids = cited(
        answerer.planner.compose(
            found("What does the foundation level teach, and is the exam proctored?"), lookup
        )
    )
    assert ids[0].startswith(FOUNDATION) and ids[-1] == PROCTORED
