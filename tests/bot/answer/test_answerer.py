"""The answering core on the real index: grounded answers, abstention, follow-ups, bad questions."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.answer.answerer import Answerer
from bot.answer.entities import detect
from bot.answer.query import InvalidQuestion
from tests.bot.answer.grounded import assert_grounded

# Learner phrasings, one or more per part of the curriculum, with the passage that answers them.
QUESTIONS = {
    "what percentage counts as a pass?": "faq-general/frequently-asked-questions-general/what-is-the-passing-score-for-the-exams#0",
    "will someone supervise me during the test": "faq-general/frequently-asked-questions-general/is-the-exam-proctored#0",
    "does my certificate stay valid forever or do I renew it": "faq-general/frequently-asked-questions-general/does-the-certification-expire#0",
    "Is there hands-on lab work in the training?": "faq-program/faqs-on-certified-mlops-manager/are-labs-included-in-the-training#0",
    "how is this different from a normal devops cert": "faq-program/faqs-on-certified-mlops-manager/how-does-this-differ-from-a-standard-devops-certification#0",
    "what mistakes do people make at the professional level": "level-professional/certified-mlops-manager-professional-level/common-mistakes#0",
    "which skills does the foundation level give me": "level-foundation/certified-mlops-manager-foundation-level/skills-youll-gain#0",
    "how should I prepare for the managerial level": "level-managerial/certified-mlops-manager-managerial-level/preparation-plan#0",
    "what projects will I do at the managerial level": "level-managerial/certified-mlops-manager-managerial-level/real-world-projects-you-should-be-able-to-do#0",
    "I'm a platform engineer, which certification fits me?": "roles/role-recommended-certified-mlops-manager-certifications#row-3",
    "which certification is recommended for a finops practitioner": "roles/role-recommended-certified-mlops-manager-certifications#row-7",
    "what are the prerequisites of the security track": "tracks-and-levels/certified-mlops-manager-certification-tracks-levels/complete-certified-mlops-manager-certification-table#row-4",
    "what is the DataOps learning path about": "learning-paths/choose-your-learning-path/dataops-path#0",
    "tell me about the SRE path": "learning-paths/choose-your-learning-path/sre-path#0",
    "which training provider is known for open-source tools and free resources": "providers/training-certification-support-providers-for-certified-mlops-manager/scmgalaxy#0",
    "tell me about finopsschool.com": "providers/training-certification-support-providers-for-certified-mlops-manager/finopsschool-com#0",
}
OUT_OF_SCOPE = [
    "How much does the professional exam cost in dollars?",
    "Which cities have exam centres?",
    "Can I sit the exam in French?",
    "What are the names of the DevOpsSchool instructors?",
    "How do I make sourdough bread?",
    "Who won the football world cup in 2018?",
    "Explain how to write a Go generic function",
]


@pytest.mark.parametrize(("question", "expected"), QUESTIONS.items())
def test_realistic_questions_cite_the_right_passage(answerer: Answerer, question: str, expected: str) -> None:
    answer, _ = answerer.answer(question)
    assert not answer.abstained, answer.answer
    assert answer.citations[0].id == expected
    assert 1 <= len(answer.sentences) <= answerer.config.tuning.passage.whole_section_sentences
    assert_grounded(answer, answerer)
    citation = answer.citations[0]
    assert citation.source.startswith("corpus/") and citation.lines[0] <= citation.lines[1]


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        ("Briefly, what's the main focus of the program?", "What's the main focus of the program?"),
        ("List all the providers", "What are all the providers?"),
        ("Please tell me exactly: does the certification expire?", "does the certification expire?"),
    ],
)
def test_words_that_say_how_to_answer_do_not_turn_an_answer_into_an_abstention(
    answerer: Answerer, question: str, plain: str
) -> None:
    expected, _ = answerer.answer(plain)
    answer, _ = answerer.answer(question)
    assert not expected.abstained, expected.answer
    assert not answer.abstained, answer.answer
    assert [c.id for c in answer.citations] == [c.id for c in expected.citations]


# Ways learners frame a question that ask nothing themselves, and questions (from the tuning set)
# whose answer they used to change.
FRAMES = (
    "Quick question: {q}",
    "Just curious - {q}",
    "I was wondering, {q}",
    "Hi! {q}? Thanks!",
    "Hmm, ok so {q}?? 🤔",
)
FRAMED = (
    "what does the managerial level cover",
    "who is the foundation cert aimed at",
    "is the curriculum vendor neutral",
    "how are the levels structured",
)


@pytest.mark.parametrize("frame", FRAMES)
def test_framing_a_question_does_not_change_its_answer(answerer: Answerer, frame: str) -> None:
    for question in FRAMED:
        # A frame that ends the question with a question mark is compared with the question asked
        # with one: the mark is part of what the model embeds, not of the frame.
        expected, _ = answerer.answer(question + "?" if "{q}?" in frame else question)
        answer, _ = answerer.answer(frame.format(q=question))
        assert not expected.abstained and not answer.abstained, (frame, question)
        assert answer.citations[0].id == expected.citations[0].id, (frame, question)


def test_table_rows_answer_with_a_sentence_built_from_their_cells(answerer: Answerer) -> None:
    answer, _ = answerer.answer("I'm an SRE, what should I take?")
    assert (
        answer.answer == "For an SRE, the curriculum recommends: Certified MLOps Manager – Professional. [1]"
    )


def test_faq_answers_quote_the_faq_answer(answerer: Answerer) -> None:
    answer, _ = answerer.answer("Is the exam proctored?")
    assert answer.sentences[0].text.startswith("Yes, all professional and managerial level exams")
    assert answer.confidence >= answerer.config.abstain_threshold


@pytest.mark.parametrize("question", OUT_OF_SCOPE)
def test_out_of_scope_questions_abstain_with_nearby_topics(answerer: Answerer, question: str) -> None:
    answer, _ = answerer.answer(question)
    assert answer.abstained
    assert answer.citations == [] and answer.sentences == []
    assert answer.answer.startswith("The curriculum does not cover this question")
    assert 2 <= len(answer.suggestions) <= 3
    assert answer.confidence < answerer.config.abstain_threshold
    # The nearby topics are offered once, as questions (buttons), not listed again in the text.
    assert all(s.endswith("?") and s not in answer.answer for s in answer.suggestions)


def test_the_nearby_topics_offered_are_questions_the_tutor_answers(answerer: Answerer) -> None:
    offered = {s for q in OUT_OF_SCOPE for s in answerer.answer(q)[0].suggestions}
    unanswered = [s for s in sorted(offered) if answerer.answer(s)[0].abstained]
    assert len(offered) >= 5 and unanswered == []


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        (
            ["What skills will I gain at the foundation level?", "and the professional level?"],
            "level-professional/certified-mlops-manager-professional-level/skills-youll-gain#0",
        ),
        (
            ["What skills will I gain at the professional level?", "what about for managers?"],
            "level-managerial/certified-mlops-manager-managerial-level/skills-youll-gain#0",
        ),
        (
            ["Tell me about the professional level", "what are the common mistakes there?"],
            "level-professional/certified-mlops-manager-professional-level/common-mistakes#0",
        ),
        (
            ["Which certification should a data engineer take?", "and a cloud engineer?"],
            "roles/role-recommended-certified-mlops-manager-certifications#row-4",
        ),
    ],
)
def test_follow_ups_resolve_to_the_earlier_topic(answerer: Answerer, turns: list[str], expected: str) -> None:
    topic = None
    answer = None
    for turn in turns:
        answer, topic = answerer.answer(turn, topic=topic)
    assert answer is not None and not answer.abstained
    assert answer.citations[0].id == expected
    assert answer.resolved_query != turns[-1]


def test_an_ask_that_names_its_subject_is_answered_when_the_story_around_it_outweighs_it(
    answerer: Answerer,
) -> None:
    # (A credential being worked towards stays in the story; one held would be left out of it.)
    story = "working towards the CKA and have run k8s clusters for years. "
    ask = "what's the first two weeks of prep for the professional level?"
    told, alone = answerer.reader.read(story + ask), answerer.reader.read(ask)
    assert told.context and answerer.abstains(answerer.attempt(told))  # the story pulls it away
    answer = answerer.answer(story + ask)[0]
    assert not answer.abstained
    assert answer.citations[0].id == answerer.attempt(alone).candidates[0].chunk.id
    assert (
        answer.citations[0].id.startswith("level-professional/")
        and "preparation-plan" in answer.citations[0].id
    )


def test_an_ask_that_points_back_at_the_story_is_answered_when_alone_it_finds_the_same_passage(
    answerer: Answerer,
) -> None:
    message = "My AWS training was all SageMaker and Bedrock. Is this one tied to a single cloud like that?"
    query = answerer.reader.read(message)
    assert not query.context  # the ask points back ("like that"): read with its story…
    whole = answerer.attempt(query)
    assert answerer.abstains(whole)  # …which blurs it
    answer = answerer.answer(message)[0]
    assert not answer.abstained and answer.citations[0].id == whole.candidates[0].chunk.id


def test_an_ask_whose_story_blurs_it_is_answered_when_alone_it_finds_the_same_passage(
    answerer: Answerer,
) -> None:
    message = "walk me through the exam format, I hate surprises on test day"
    query = answerer.reader.read(message)
    assert query.context and not detect(query.text)  # told apart, and naming no level, track or role
    told = answerer.attempt(query)
    assert answerer.abstains(told)
    answer = answerer.answer(message)[0]
    assert not answer.abstained and answer.citations[0].id == told.candidates[0].chunk.id


def test_an_ask_that_names_nothing_is_not_answered_without_its_story(answerer: Answerer) -> None:
    # "Is there a level that would help?" alone is about anything: it keeps the story's reading.
    message = "I'm a PMP-certified project manager and I don't follow half their jargon. Is there a level that would help?"
    query = answerer.reader.read(message)
    assert query.context
    told = answerer.attempt(query)
    answer = answerer.answer(message)[0]
    assert answer.abstained == answerer.abstains(told)
    assert answer.abstained or answer.citations[0].id == told.candidates[0].chunk.id


def test_a_standalone_question_ignores_the_earlier_topic(answerer: Answerer) -> None:
    _, topic = answerer.answer("What are the common mistakes at the foundation level?")
    answer, _ = answerer.answer("What is the passing score for the exams?", topic=topic)
    assert answer.citations[0].id.endswith("what-is-the-passing-score-for-the-exams#0")


def test_a_claim_to_check_is_a_question_of_its_own(answerer: Answerer) -> None:
    # The tag's "that" is the claim before it, so the proctoring topic is not carried over.
    _, topic = answerer.answer("Is the exam proctored?")
    claim = "my manager says the foundation level has no prerequisites. Is that correct?"
    inside, _ = answerer.answer(claim, topic=topic)
    alone, _ = answerer.answer(claim)
    assert inside.citations[0].id == alone.citations[0].id
    assert alone.citations[0].id.endswith("are-there-any-prerequisites-for-the-foundation-level#0")


@pytest.mark.parametrize("question", ["", "   \n\t ", "x" * 10_000])
def test_empty_blank_and_huge_questions_get_a_typed_error(answerer: Answerer, question: str) -> None:
    with pytest.raises(InvalidQuestion):
        answerer.answer(question)


@pytest.mark.parametrize(
    "question",
    ["¿Cuál es la capital de Francia?", "这个考试多少钱", "🚀🔥💯", "pass\x00ing\x07 score\x1b[31m?", "a"],
)
def test_odd_questions_never_crash(answerer: Answerer, question: str) -> None:
    answer, _ = answerer.answer(question)
    assert answer.abstained or answer.citations
    assert "\x00" not in (answer.resolved_query or "")


PHRASES = st.sampled_from(
    [
        *QUESTIONS,
        *OUT_OF_SCOPE,
        "common mistakes",
        "foundation",
        "labs?",
        "which path for security people",
        "how long",
        "renewal",
        "ROI",
        "providers",
        "what next after professional",
        "DataOps",
        "cost",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=PHRASES, second=PHRASES, noise=st.text(max_size=20))
def test_every_answer_sentence_stands_verbatim_in_a_cited_chunk(
    answerer: Answerer, first: str, second: str, noise: str
) -> None:
    question = f"{first} {noise} {second}".strip()
    try:
        answer, _ = answerer.answer(question)
    except InvalidQuestion:
        return
    if not answer.abstained:
        assert answer.sentences
        assert_grounded(answer, answerer, question)


def test_a_question_about_a_section_as_a_whole_is_answered_with_all_of_it(
    answerer: Answerer, cutting: Answerer
) -> None:
    # (a section longer than the plan quotes whole, so that only the question makes it whole)
    provider_cut = cutting
    answer, _ = provider_cut.answer("tell me about finopsschool.com")
    chunk = next(c for c in answerer.retriever.artifact.chunks if c.id == answer.citations[0].id)
    passage = provider_cut.config.tuning.passage
    assert passage.max_sentences < len(chunk.sentences) <= passage.whole_section_sentences
    assert [s.text for s in answer.sentences] == list(chunk.sentences)


def test_a_specific_question_about_that_section_gets_its_closest_sentence(cutting: Answerer) -> None:
    answer, _ = cutting.answer("How does finopsschool.com help me explain AI value to stakeholders?")
    assert answer.citations[0].id.endswith("/finopsschool-com#0")
    assert [s.text for s in answer.sentences] == [
        "Students learn how to communicate the value of AI initiatives to stakeholders in financial terms."
    ]
