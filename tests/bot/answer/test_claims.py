"""Claims a learner asks to have checked: each is an ask of its own."""

from __future__ import annotations

import pytest

from bot.answer.answerer import Answerer
from bot.answer.asks import split_parts
from bot.answer.claims import checks, claimed, claims, is_tag, read_claim
from bot.answer.context import separate


def _said(sentence: str) -> list[str]:
    return [sentence[a:b] for a, b in claims(sentence)]


@pytest.mark.parametrize(
    ("sentence", "said"),
    [
        (
            "the cert never expires and the content only gets refreshed once a year",
            ["the cert never expires", "the content only gets refreshed once a year"],
        ),
        # the tag is not part of the last claim
        (
            "my company can pay for this, and it isn't tied to AWS, right?",
            ["my company can pay for this", "it isn't tied to AWS"],
        ),
        # "and" inside a subject joins no claims: the clause's verb is further on
        (
            "the pass mark is 70 percent, and the pro and manager exams are proctored?",
            ["the pass mark is 70 percent", "the pro and manager exams are proctored?"],
        ),
        # nor does "and" between two nouns
        (
            "the managerial level covers ethics and compliance, and its skills include budgeting",
            ["the managerial level covers ethics and compliance", "its skills include budgeting"],
        ),
        ("the foundation level covers versioning and monitoring", []),
        ("the foundation level takes four weeks", []),
    ],
)
def test_a_sentence_states_one_claim_per_clause(sentence: str, said: list[str]) -> None:
    assert _said(sentence) == said


@pytest.mark.parametrize(
    "sentence",
    ["right?", "both right?", "Is that correct?", "still accurate?", "correct me", "can u confirm both"],
)
def test_a_tag_asks_only_whether_what_was_said_holds(sentence: str) -> None:
    assert is_tag(sentence)


@pytest.mark.parametrize("sentence", ["is it right for me?", "what is correct?", "confirm the pass mark"])
def test_an_ask_of_its_own_is_no_tag(sentence: str) -> None:
    assert not is_tag(sentence)


def test_a_check_closes_with_a_tag_is_followed_by_one_or_opens_as_one() -> None:
    assert checks("labs are included, right?", followed_by_tag=False)
    assert checks("labs are included", followed_by_tag=True)
    assert checks("I heard labs are included?", followed_by_tag=False)
    assert not checks("labs are included", followed_by_tag=False)
    # an opener alone tells: "so my team is on AWS and we have 5 engineers. Which path?"
    assert not checks("so my team is on AWS and we have 5 engineers.", followed_by_tag=False)


@pytest.mark.parametrize(
    ("message", "asks"),
    [
        (
            "So the exam is purely multiple choice, and nobody can skip foundation. right?",
            ("So the exam is purely multiple choice", "nobody can skip foundation."),
        ),
        (
            "labs are included in the training and there's an alumni community after you pass, right?",
            ("labs are included in the training", "there's an alumni community after you pass"),
        ),
        # a question's own "and" between clauses is not a check's
        (
            "Which path suits me if I work with data and the company is moving to the cloud?",
            ("Which path suits me if I work with data and the company is moving to the cloud?",),
        ),
    ],
)
def test_each_claim_of_a_check_is_an_ask(message: str, asks: tuple[str, ...]) -> None:
    assert split_parts(message)[0] == asks


def test_claims_that_the_next_sentence_asks_to_check_are_asked_not_told() -> None:
    message = "my understanding is foundation takes two weeks and there are no prereqs. both right?"
    assert separate(message).ask == message
    # one claim stays the context of the ask after it, as any sentence that tells does
    assert separate("foundation takes two weeks. right?").context == "foundation takes two weeks."


@pytest.mark.parametrize(
    ("text", "subject", "said"),
    [
        (
            "so the level that needs Docker is the foundation one, right?",
            "the level that needs Docker",
            "the foundation one, right?",
        ),
        # the opener says how the claim is put, not what it is about
        (
            "correct me if I'm wrong: the track for data engineers is FinOps?",
            "the track for data engineers",
            "FinOps?",
        ),
        ("my understanding is foundation takes two weeks. right?", None, None),
        # the claim is the last sentence before the tag
        ("I have 10 years. I heard the pro level is for SREs. true?", "the pro level", "for SREs. true?"),
        ("the track for data engineers is FinOps", None, None),  # a statement checks nothing
    ],
)
def test_a_checked_claim_is_its_subject_and_what_it_says_of_it(
    text: str, subject: str | None, said: str | None
) -> None:
    assert claimed(text) == (None if subject is None else (subject, said))


def test_a_subject_named_only_in_what_a_claim_says_is_the_learners_guess() -> None:
    claim = read_claim("so the level that needs Docker is the foundation one, right?")
    assert claim is not None
    assert not claim.entities.get("level") and "foundation" not in claim.text.lower()
    # a kind the subject names is the claim's own: its value stays the subject's
    claim = read_claim(
        "so the cross-track pick after the managerial level is Cloud Security Professional, right?"
    )
    assert claim is not None
    assert claim.entities.get("level") == {"manager"} and not claim.entities.get("track")
    # nothing guessed: the claim is read as written
    claim = read_claim("so the professional level is about orchestration, right?")
    assert claim is not None and claim.text == "so the professional level is about orchestration, right?"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # the learner's wrong guess (the foundation level) neither steers retrieval nor picks a row
        (
            "correct me if wrong: the level with Docker/K8s as its prerequisite is Foundation?",
            "tracks-and-levels/certified-mlops-manager-certification-tracks-levels/complete-certified-mlops-manager-certification-table#row-2",
        ),
        (
            "correct me if I'm wrong: the track recommended for data engineers is the FinOps Track?",
            "roles/role-recommended-certified-mlops-manager-certifications#row-6",
        ),
        # the guessed position is not the row asked for
        (
            "so Security is the second track in the recommended order, right?",
            "tracks-and-levels/certified-mlops-manager-certification-tracks-levels/complete-certified-mlops-manager-certification-table#row-4",
        ),
    ],
)
def test_a_wrong_guess_is_answered_with_what_the_curriculum_says(
    answerer: Answerer, question: str, expected: str
) -> None:
    answer, _ = answerer.answer(question)
    assert [c.id for c in answer.citations][:1] == [expected]


def test_a_lone_tag_checks_the_claim_told_before_it(answerer: Answerer) -> None:
    query = answerer.reader.read("my friend says platform engineers are sent to the FinOps Track. true?")
    assert query.entities.get("role") == {"platform engineer"} and not query.entities.get("track")


def test_a_claim_of_whom_a_level_is_for_asks_who_it_is_for() -> None:
    claim = read_claim("so foundation is for beginners with little experience, right?")
    assert claim is not None and "who" in claim.entities.get("section")
    claim = read_claim("so the professional level is about orchestration, right?")
    assert claim is not None and not claim.entities.get("section")


def test_a_tag_after_claims_stays_with_them_when_the_message_is_read() -> None:
    message = "I heard the cert never expires and the content only gets refreshed yearly. correct me"
    assert separate(message).ask == message
    assert split_parts(separate(message).ask)[0] == (
        "I heard the cert never expires",
        "the content only gets refreshed yearly.",
    )


@pytest.mark.parametrize(
    ("message", "asks"),
    [
        # a message that asks nothing but states claims asks to have them checked
        (
            "My boss claims the full track can be done in 2 months and that 60% is enough to pass.",
            ("My boss claims the full track can be done in 2 months", "60% is enough to pass."),
        ),
        (
            "I think the professional level is about operations, while the foundation level is about budgets.",
            ("I think the professional level is about operations", "the foundation level is about budgets."),
        ),
        # a pronoun and its verb make a clause, whatever the verb; "fix my understanding" is a tag
        (
            "I heard the exam is all multiple choice and nobody supervises it. Fix my understanding pls",
            ("I heard the exam is all multiple choice", "nobody supervises it."),
        ),
        # a message that tells of the learner without two claims stays one ask
        (
            "I am an SRE with 5 years and I like Kubernetes.",
            ("I am an SRE with 5 years and I like Kubernetes.",),
        ),
        # a statement asked with "?" but not as a question checks its claims
        (
            "I assume the foundation skills include versioning and the pro skills include orchestration?",
            ("I assume the foundation skills include versioning", "the pro skills include orchestration?"),
        ),
        # "and that" opens a clause whatever its verb; "it'll" is a pronoun subject
        (
            "my manager says the path is mostly for banks, and that the DataOps path handles GPU costs.",
            ("my manager says the path is mostly for banks", "the DataOps path handles GPU costs."),
        ),
        (
            "i reckon my employer could pay for this, and it'll probably bump my salary",
            ("i reckon my employer could pay for this", "it'll probably bump my salary"),
        ),
        # a question with its own question word is no check
        (
            "My team is on AWS and we have 5 engineers, which path fits?",
            ("which path fits?",),
        ),
    ],
)
def test_statements_checked_are_split_into_their_claims(message: str, asks: tuple[str, ...]) -> None:
    assert split_parts(separate(message).ask)[0] == asks


def test_claims_of_a_message_that_also_requests_stay_its_context() -> None:
    message = (
        "I'm a junior engineer with a year of experience and my teammate is an SRE. Compare the two levels."
    )
    assert split_parts(message)[0] == (message,)
