"""Where one ask of a message ends and the next begins, and what is only context."""

from __future__ import annotations

import pytest

from bot.answer.asks import (
    asks_indirectly,
    lead_in,
    named_description,
    split_parts,
    starts_ask,
    without_opener,
    without_restated_ask,
)


@pytest.mark.parametrize(
    ("message", "asks"),
    [
        ("Is the exam proctored?", ("Is the exam proctored?",)),
        (
            "What is a feature store and why does it matter?",
            ("What is a feature store", "why does it matter?"),
        ),
        ("Is it online? Is it proctored?", ("Is it online?", "Is it proctored?")),
        # the same ask of another thing of the kind, by "one"
        (
            "who is the foundation level for, and the top one?",
            ("who is the foundation level for", "the top one?"),
        ),
        ("how long is it; also who is it for", ("how long is it", "who is it for")),
        ("pass mark + renewal period?", ("pass mark", "renewal period?")),
        ("1) pass mark 2) renewal period 3) labs", ("pass mark", "renewal period", "labs")),
        ("Can I skip it, and if I fail can I retake it?", ("Can I skip it", "if I fail can I retake it?")),
        (
            "Which skills at the first level, and also at the second level?",
            ("Which skills at the first level", "at the second level?"),
        ),
        (
            "Which skills at the first level, and then after the second level?",
            ("Which skills at the first level", "then after the second level?"),
        ),
        # an adverb may come before the question word of the next ask
        (
            "which level for them and roughly how long will it take?",
            ("which level for them", "roughly how long will it take?"),
        ),
        (
            "could my employer pay, and realistically what's in it for me?",
            ("could my employer pay", "realistically what's in it for me?"),
        ),
        # a topic's short name before a dash leads into the asks about it; a sentence does not
        (
            "foundation - what projects do they expect, and what is the cross-track cert after it?",
            ("foundation - what projects do they expect", "what is the cross-track cert after it?"),
        ),
        (
            "I'm new to all this — how is the course run, and what does the final assessment measure?",
            ("I'm new to all this — how is the course run, and what does the final assessment measure?",),
        ),
        # a sentence adverb set off by a comma says how the learner asks, not what
        (
            "Who teaches it? And separately, is BestDevOps any good?",
            ("Who teaches it?", "is BestDevOps any good?"),
        ),
        # the topic may follow a preposition
        (
            "for the top level — what does it teach, and how long does it take?",
            ("for the top level — what does it teach", "how long does it take?"),
        ),
        # no question mark, but asks joined all the same
        (
            "finops for ai, whats the path about and which scool teaches it",
            ("finops for ai, whats the path about", "which scool teaches it"),
        ),
        ("I work as an SRE, which is stressful", ("I work as an SRE, which is stressful",)),
        # a phrase fronted before the question word belongs to that ask, not to the next one…
        (
            "After the managerial level what's the next cert, and what mistakes do managers make?",
            ("After the managerial level what's the next cert", "what mistakes do managers make?"),
        ),
        # …but a relative clause after a noun is no ask: the phrase leads into the ask after it
        (
            "for someone who carries the pager, what's the suggested cert",
            ("for someone who carries the pager, what's the suggested cert",),
        ),
        # a lead-in ended by a colon stays with the first ask it leads into
        (
            "About the top level: what does it teach, and how long does it take?",
            ("About the top level: what does it teach", "how long does it take?"),
        ),
        # …an ask that opens with an adverb as well
        (
            "Foundation level: roughly how many weeks, and do I need anything beforehand?",
            ("Foundation level: roughly how many weeks", "do I need anything beforehand?"),
        ),
    ],
)
def test_asks_are_split_on_the_questions_own_structure(message: str, asks: tuple[str, ...]) -> None:
    assert split_parts(message)[0] == asks


@pytest.mark.parametrize(
    "message",
    [
        "Which skills and projects does the foundation level have?",  # "and" joins two nouns
        "What do SREs and platform engineers take?",
        "compare the paths for data and for security",
        "If I study every evening, when could I finish?",  # a lead-in, not an ask of its own
        "Quick question: what is the pass mark?",
    ],
)
def test_and_between_nouns_or_a_lead_in_does_not_split(message: str) -> None:
    assert split_parts(message)[0] == (message,)


def test_a_condition_that_leads_to_an_ask_asks_without_its_question_mark() -> None:
    asks, context = split_parts(
        "I dont want to sit the intro exam. can I skip it? and if i go straight to the pro level, what do i need"
    )
    assert asks == ("can I skip it?", "if i go straight to the pro level, what do i need")
    assert context == "I dont want to sit the intro exam."
    # A condition that leads to no ask is told.
    assert split_parts("If I pass, my boss pays. Is it proctored?")[1] == "If I pass, my boss pays."


def test_a_sentence_saying_what_the_learner_wants_to_know_asks() -> None:
    asks, context = split_parts(
        "I have a month. What does the plan say for week 4? Also I'd love to know the classic mistakes."
    )
    assert asks == ("What does the plan say for week 4?", "Also I'd love to know the classic mistakes.")
    assert context == "I have a month."


@pytest.mark.parametrize(
    ("sentence", "asks"),
    [
        ("Also I'd love to know the classic mistakes people make", True),
        ("I also worry it goes stale; not sure how often they revise it", True),
        ("I can't tell which path fits me", True),
        ("I'm not sure whether the exam is timed", True),
        # a claim the learner doubts asks whether it holds
        ("my friend said it is refreshed once a year, which I doubt", True),
        # a goal, a thing known, or not knowing a subject asks nothing
        ("I want to learn MLOps", False),
        ("I know which path I want", False),
        ("I don't know much about ML", False),
    ],
)
def test_asks_indirectly(sentence: str, asks: bool) -> None:
    assert asks_indirectly(sentence) is asks


@pytest.mark.parametrize(
    ("text", "ask"),
    [
        ("also, what are the mistakes?", "what are the mistakes?"),
        ("And also how long", "how long"),
        ("what about it?", "what about it?"),
        # a discourse marker first
        ("oh and what is the focus?", "what is the focus?"),
        ("btw, is it proctored?", "is it proctored?"),
        ("ohio or remote?", "ohio or remote?"),  # a word, not the marker
    ],
)
def test_without_opener_is_the_ask_without_the_word_joining_it(text: str, ask: str) -> None:
    assert without_opener(text) == ask


def test_a_last_sentence_added_with_plus_asks_without_its_question_mark() -> None:
    asks, _ = split_parts("Pro level needs how many years? plus what are the typical mistakes there")
    assert asks == ("Pro level needs how many years?", "what are the typical mistakes there")


def test_asks_with_their_question_word_left_in_place_are_split() -> None:
    asks, _ = split_parts("the data school focuses on what, plus the cost school teaches what")
    assert asks == ("the data school focuses on what", "the cost school teaches what")
    # one clause, no join: one ask
    assert split_parts("the data school focuses on what?")[0] == ("the data school focuses on what?",)


def test_a_dash_after_a_whole_question_starts_the_next() -> None:
    asks, _ = split_parts("What is the pass mark - are there any prerequisites?")
    assert asks == ("What is the pass mark", "are there any prerequisites?")
    # after a lead-in, the dash leads into the only ask
    assert split_parts("I'm new to all this - how is the exam graded?")[0] == (
        "I'm new to all this - how is the exam graded?",
    )


def test_sentences_that_ask_nothing_are_the_context() -> None:
    asks, context = split_parts("I'm an SRE with five years. I travel a lot. Which level fits me?")
    assert asks == ("Which level fits me?",)
    assert context == "I'm an SRE with five years. I travel a lot."


def test_a_message_with_no_ask_is_one_ask() -> None:
    assert split_parts("tell me more") == (("tell me more",), "")
    assert split_parts("  renewal period  ") == (("renewal period",), "")


@pytest.mark.parametrize(
    ("text", "asks"), [("what is it", True), ("Also, can I", True), ("at the top level?", False)]
)
def test_starts_ask(text: str, asks: bool) -> None:
    assert starts_ask(text) is asks


@pytest.mark.parametrize(
    ("part", "lead"),
    [
        ("im an sre, which path", "im an sre"),
        ("For the managerial level: what will I learn there", "For the managerial level"),
        ("foundation - what projects do they expect", "foundation"),
        ("what is the SRE path", ""),
        ("proctored?", ""),
    ],
)
def test_the_lead_in_is_what_a_part_says_before_its_ask(part: str, lead: str) -> None:
    assert lead_in(part) == lead


@pytest.mark.parametrize(
    ("message", "kept"),
    [
        (
            "Which provider does corporate training? What is it called?",
            "Which provider does corporate training?",
        ),
        ("Which leadership cert comes after it, what is the name?", "Which leadership cert comes after it?"),
        ("Is there a leadership cert - what's it called", "Is there a leadership cert"),
        # an ask with words of its own beside the name, or with no ask before it, stays
        (
            "what is the name of the provider, and is it online?",
            "what is the name of the provider, and is it online?",
        ),
        (
            "One provider is the best at DevOps. What was it called?",
            "One provider is the best at DevOps. What was it called?",
        ),
        ("whats the name?", "whats the name?"),
    ],
)
def test_a_closing_ask_for_only_a_name_restates_the_ask_before_it(message: str, kept: str) -> None:
    assert without_restated_ask(message) == kept


@pytest.mark.parametrize(
    ("message", "thing"),
    [
        ("the path about cloud bills, what is it called?", "path about cloud bills"),
        ("that provider for corporate teams - whats its name", "provider for corporate teams"),
        ("Which provider does corporate training? What is it called?", ""),  # an ask, not a description
        ("I am an SRE, what is it called?", ""),
        ("the path about cloud bills", ""),
    ],
)
def test_a_thing_described_and_asked_to_be_named(message: str, thing: str) -> None:
    assert named_description(message) == thing


@pytest.mark.parametrize(
    ("message", "asks"),
    [
        # requests beyond "tell me" and "list" join asks as questions do
        (
            "spell out what the DataOps path covers and what dataopsschool.com teaches",
            ("spell out what the DataOps path covers", "what dataopsschool.com teaches"),
        ),
        (
            "summarise what the Certified MLOps Manager is and who it's aimed at",
            ("summarise what the Certified MLOps Manager is", "who it's aimed at"),
        ),
        (
            "tell me how this differs from DevOps, and whether I need to build models",
            ("tell me how this differs from DevOps", "whether I need to build models"),
        ),
        # a request for two things, each with words of its own, is two asks
        (
            "list the skills the foundation level gives you, and the common mistakes at that level",
            ("list the skills the foundation level gives you", "the common mistakes at that level"),
        ),
        (
            "walk me through the real-world projects for the managerial level and the mistakes people make there",
            (
                "walk me through the real-world projects for the managerial level",
                "the mistakes people make there",
            ),
        ),
        # …but not a bare noun (the rest may say what both are of), nor what is compared
        ("name the provider and the path for FinOps", ("name the provider and the path for FinOps",)),
        (
            "tell me the difference between the foundation level and the professional level",
            ("tell me the difference between the foundation level and the professional level",),
        ),
    ],
)
def test_a_request_for_two_things_is_two_asks(message: str, asks: tuple[str, ...]) -> None:
    assert split_parts(message)[0] == asks
