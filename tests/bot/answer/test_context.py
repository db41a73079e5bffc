"""A long message's question, told apart from the learner's context."""

from __future__ import annotations

from bot.answer.answerer import Answerer
from bot.answer.context import Separated, colon_labels, sentences, separate


def test_the_questions_are_the_ask_and_the_rest_is_context() -> None:
    message = (
        "I've been an SRE for six years. Our team runs Kubernetes. Which level should I start with? Thanks!"
    )
    assert separate(message) == Separated(
        "Which level should I start with?",
        "I've been an SRE for six years. Our team runs Kubernetes. Thanks!",
    )


def test_a_message_that_only_asks_or_only_tells_is_all_ask() -> None:
    assert separate("Is the exam proctored? Is it multiple choice?").context == ""
    assert separate("Tell me about the SRE path.").ask == "Tell me about the SRE path."


def test_names_and_numbers_with_dots_stay_whole() -> None:
    assert sentences("What does devsecopsschool.com teach? I have 3.5 years.") == [
        "What does devsecopsschool.com teach?",
        "I have 3.5 years.",
    ]


def test_a_last_ask_added_with_and_asks_without_its_question_mark() -> None:
    message = "any prereqs for foundation? and what score do i need to pass"
    assert separate(message) == Separated(message)
    # …and so does one that opens with a question word
    message = "how many rows are in the tracks table? whats the highest order number"
    assert separate(message) == Separated(message)
    # Otherwise a last sentence without "?" is still told: here it asks for the form.
    assert separate("Who are the instructors? can you name a couple") == Separated(
        "Who are the instructors?", "can you name a couple"
    )


def test_a_condition_leading_to_an_ask_asks_without_its_question_mark() -> None:
    message = "I have six years. Can I skip the foundation? And if I skip it, what should I know first"
    assert separate(message) == Separated(
        "Can I skip the foundation? And if I skip it, what should I know first", "I have six years."
    )
    assert separate("If I fail, I retake. Is it proctored?").context == "If I fail, I retake."


def test_a_sentence_saying_what_the_learner_wants_to_know_asks_without_its_question_mark() -> None:
    message = "I have a month. What does the plan say for week 4? I'd also like to know the classic mistakes."
    assert separate(message) == Separated(
        "What does the plan say for week 4? I'd also like to know the classic mistakes.", "I have a month."
    )


def test_a_question_a_semicolon_joins_to_the_next_asks() -> None:
    message = "I have a month. What is the pass mark; is the exam proctored?"
    assert separate(message) == Separated("What is the pass mark; is the exam proctored?", "I have a month.")
    # a told clause before a semicolon stays told
    assert separate("I have a month; is the exam proctored?") == Separated(
        "is the exam proctored?", "I have a month;"
    )


def test_a_label_before_a_colon_is_part_of_the_ask_it_labels() -> None:
    message = "cloud engineer and platform engineer: same level or no?"
    assert separate(message) == Separated(message)
    # …but a first-person one tells of the learner
    assert separate("I'm an SRE with 5 years: which level?") == Separated(
        "which level?", "I'm an SRE with 5 years:"
    )


def test_an_added_ask_is_answered_as_a_part_of_its_own(answerer: Answerer) -> None:
    answer, _ = answerer.answer("any prereqs for foundation? and what score do i need to pass")
    cited = " ".join(c.id for c in answer.citations)
    assert "prerequisites-for-the-foundation-level" in cited and "passing-score" in cited


def test_colon_labels_are_the_told_sentences_that_end_in_a_colon() -> None:
    assert colon_labels("Terraform Associate: is it multiple choice?") == "Terraform Associate:"
    assert (
        colon_labels("I hold a CKA. Which level first?") == ""
    )  # a sentence the learner tells of themselves


def test_a_first_person_clause_that_ends_the_message_is_told() -> None:
    assert separate("tell me about the SRE path, my team is on call a lot.") == Separated(
        "tell me about the SRE path", "my team is on call a lot."
    )
    assert separate("which level should I take, I have 3 years") == Separated(
        "which level should I take", "I have 3 years"
    )
    # a clause that asks, or a condition before the ask, stays in it
    assert separate("how long does it take, I mean the foundation?").context == ""
    assert separate("if I fail, can I retake it?").context == ""


def test_a_first_person_clause_that_opens_the_message_before_a_comma_is_told() -> None:
    assert separate(
        "I already have the AWS ML Specialty, do I still need the foundation level?"
    ) == Separated(
        "do I still need the foundation level?",
        "I already have the AWS ML Specialty.",
        "I already have the AWS ML Specialty",
    )
    # …as a sentence of its own would be ("I'm an SRE. Which level…?")
    assert separate("I'm an SRE, which level should I take?").context == "I'm an SRE."
    assert (
        separate("As a CKA holder, what does the professional level validate?").context == "As a CKA holder."
    )
    # …one clause of the first sentence, never the sentence after it
    told = separate("I'm preparing for the CKAD. For the professional level, what should I build?")
    assert told == Separated(
        "For the professional level, what should I build?", "I'm preparing for the CKAD."
    )
    # a condition or an aside by a dash belongs to the ask
    assert separate("I'm new to this — if I go deeper, what should I take?").context == ""
    assert separate("I wonder if it is hard, what do people say?").context == ""
