"""The shape of a question: its asks, compared subjects, listing, "which" and order."""

from __future__ import annotations

import pytest

from bot.answer.order import Order
from bot.answer.shape import read_shape


def test_one_plain_question_has_one_ask_and_nothing_else() -> None:
    shape = read_shape("What is the passing score for the exams?")
    assert shape.parts == ("What is the passing score for the exams?",)
    assert not (shape.several or shape.compares or shape.listing or shape.which or shape.order)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("What learning paths are there?", "learning paths"),
        ("list the levels", "levels"),
        ("give me the providers that run corporate training", "providers"),
        ("Can you name all the providers?", "providers"),
        ("how many specialist tracks?", "specialist tracks"),
        ("What are the common mistakes for each level?", "level"),
        ("List the next-certification options after the foundation level", "next-certification options"),
        ("Which support providers does the curriculum list?", "support providers"),
        ("what tracks does it have?", "tracks"),
    ],
)
def test_listing_asks_for_every_thing_of_a_kind(question: str, kind: str) -> None:
    shape = read_shape(question)
    assert shape.listing and shape.kind == kind


@pytest.mark.parametrize(
    "question",
    [
        "What does the tracks table list as the prerequisites?",
        "Is there a name for this?",
        "name?",
        # "all this", "all that", "each one" point back; they name no kind
        "I'm completely new to all this, is the exam online?",
        "After all that reading, how long is the foundation level?",
        "The SRE path or the DevOps path: what does each one teach?",
        # one thing, picked out by a clause
        "give me the learning path that deals with cloud bills",
        "name the provider which hosts the program",
        # "not all" asks for some of them
        "Which levels have their exam watched online? not all of them i think",
        # a count whose noun was said before: it counts no kind of its own
        "and how many for the foundation level?",
        # "are there" after a clause of its own: no kind is asked for
        "what should she know before starting the entry level — are there any hard requirements at all?",
    ],
)
def test_list_or_name_inside_a_question_is_not_a_request_to_list(question: str) -> None:
    assert not read_shape(question).listing


def test_a_verb_of_having_that_narrows_nothing_lists_but_a_narrowing_picks() -> None:
    assert not read_shape("Which providers does the curriculum list for beginners?").listing
    assert read_shape("Which providers does the curriculum list for beginners?").which


def test_which_names_the_kind_to_pick_from() -> None:
    assert read_shape("Which tracks are Specialist level?").kind == "tracks"
    assert read_shape("What roles does the table cover?").which
    assert not read_shape("Which is better for me?").which
    # A hyphenated compound before a noun describes it: this picks certifications, not tracks.
    assert read_shape("Which cross-track certification does the guide suggest?").kind == "certification"
    # "what" before a singular noun and a verb of being or placing picks too
    assert read_shape("what track is the foundation level under?").kind == "track"
    assert read_shape("what level sits just before the manager one?").which
    assert not read_shape("what it is about?").which and not read_shape("what is MLOps?").which
    # a thing described, then asked to be named, is picked from things of its kind
    described = read_shape("the specialist track for cloud cost people — what's it named?")
    assert described.which and described.kind == "specialist track"
    # "what is the N … called?", said directly or inside a request, picks an N
    for asked in (
        "what is the track for junior engineers called?",
        "tell me what the path about cost is called",
    ):
        assert read_shape(asked).which and read_shape(asked).kind in ("track", "path")
    assert not read_shape("what is the track about?").which
    # "is there a path about…?" asks which thing of that kind there is
    exists = read_shape("is there a path about using ML to run regular IT ops, like auto incident response?")
    assert exists.which and exists.kind == "path"
    assert not read_shape("are there labs in the training?").which  # no kind picked: a plain yes/no
    # the kind is the noun phrase up to its first preposition, as a listed kind is
    assert read_shape("which cert for platform engineers").kind == "cert"
    vendor = read_shape("which vendor grades you on projects and not only on an exam").kind
    assert vendor.startswith("vendor") and "projects" not in vendor


@pytest.mark.parametrize(
    ("question", "order"),
    [
        ("Which track is last in the recommended order?", Order("last")),
        ("what comes after Leadership?", Order("after", "leadership")),
        ("in the tracks table, what's after operations?", Order("after", "operations")),
        ("Which track comes right before Finance?", Order("before", "finance")),
        (
            "what do you need for the row just before Finance?",
            Order("before", "finance"),
        ),  # a row, not a verb
        (
            "is the one right after operations harder?",
            Order("after", "operations harder"),
        ),  # anchor: its first words
        ("which track do I do first?", Order("first")),
        ("which level should I start with?", Order("first")),
        ("which one comes 3rd?", Order("nth", n=3)),
        ("what's the 5th role listed?", Order("nth", n=5)),  # an ordinal before a noun of no level
        ("List the levels in order", Order("all")),
        # Relative to the row the conversation is on: no anchor of its own (a follow-up fills it).
        ("and which one comes next?", Order("after")),
        ("what comes after that?", Order("after")),
        # the anchor said before the ask: "after X, what's next?"
        ("after Finance, what's next?", Order("after", "finance")),
        ("after that, which one is next?", Order("after")),
        ("and the one before that?", Order("before")),
        # a participle of putting in order between the verb and "before"/"after"
        ("which level is ordered just before the Professional one?", Order("before", "professional one")),
        ("which track is listed after Security?", Order("after", "security")),
        # a comparative picks the first or the last of the rows asked about
        ("of the two specialist tracks, which one is meant to be taken earlier?", Order("first")),
        ("which of those two should I do later?", Order("last")),
    ],
)
def test_order_and_position(question: str, order: Order) -> None:
    assert read_shape(question).order == order


def test_starting_with_a_thing_named_is_no_position() -> None:
    assert read_shape("Which roles are told to start with the entry-level cert?").order is None


@pytest.mark.parametrize(
    ("question", "order"),
    [
        ("chart row two prereqs", Order("nth", n=2)),
        ("what does row 4 of the grid say?", Order("nth", n=4)),
        ("in the matrix, row one is about what?", Order("first")),
        ("the fourth one in the chart, what is it?", Order("nth", n=4)),
        ("in the summary table, what does the very first entry cover?", Order("first")),
        ("chart last row what is it", Order("last")),
        ("whats number 4 in the order and which track is it", Order("nth", n=4)),  # a number in an order
        ("which one is #2 in the sequence?", Order("nth", n=2)),
        ("what's in the bottom row of the table?", Order("last")),
    ],
)
def test_a_row_of_a_table_named_by_its_position(question: str, order: Order) -> None:
    shape = read_shape(question)
    assert shape.order == order and shape.names_table


@pytest.mark.parametrize(
    "question",
    [
        "what is the entry tier about?",  # "entry" before a level noun is a level
        "would the entry one help?",  # …and so is "the entry one"
        "I have been an engineer for 2 years, which level?",
        "what skills does the professional level cover?",
    ],
)
def test_no_table_is_named_without_a_noun_for_one(question: str) -> None:
    assert not read_shape(question).names_table


def test_the_word_a_table_is_called_by() -> None:
    assert read_shape("data engineer line in the roles table, which track").table_name == "roles"
    assert read_shape("what's in the bottom row of the table?").table_name == ""


def test_a_count_after_a_row_noun_is_no_row_number() -> None:
    assert read_shape("I led a line two years ago, which level fits me?").order is None
    assert read_shape("what number of years do I need for the professional level?").order is None
    assert read_shape("I scored number 2 overall, which level next?").order is None


@pytest.mark.parametrize(
    "question",
    [
        "How should I spend the first two weeks?",  # "first" names a thing here
        "what do I do in the second week?",  # a span of time
        "what is the second level about?",  # the professional level, by its place
        "What should I do after the foundation level?",  # "after" without a sequence verb
        "What's the final stretch of the preparation plan?",
        "Any must-haves before signing up for the first step?",  # the first step is a level
    ],
)
def test_an_ordinal_word_that_names_a_thing_asks_no_position(question: str) -> None:
    assert read_shape(question).order is None


def test_a_comparison_is_one_ask_even_when_a_clause_points_back() -> None:
    shape = read_shape("SRE path vs AIOps path, which one is about incident response?")
    assert shape.parts == ("SRE path vs AIOps path, which one is about incident response?",)
    assert shape.subjects == ("sre path", "aiops path")


def test_an_ask_of_each_in_the_next_sentence_joins_the_comparison() -> None:
    shape = read_shape("Foundation or Managerial for a new team lead? who is each one aimed at")
    assert shape.parts == ("Foundation or Managerial for a new team lead? who is each one aimed at",)
    assert shape.subjects == ("foundation", "managerial")


def test_several_asks_are_never_compared_as_one() -> None:
    shape = read_shape("How does the SRE path differ from the AIOps path, and how long does it take?")
    assert shape.several and not shape.compares


def test_a_reading_that_is_not_the_learners_words_is_one_ask() -> None:
    resolved = "and the professional level? Who should take it"
    assert read_shape(resolved).several
    assert read_shape(resolved, whole=False).parts == (resolved,)


def test_yes_no() -> None:
    assert read_shape("Is the exam proctored?").yes_no
    assert not read_shape("Who is it for?").yes_no


def test_a_request_for_all_of_them_in_the_context_lists_the_kind_asked() -> None:
    shape = read_shape(
        "Which support providers does the curriculum list?", told="Please give me all of them."
    )
    assert shape.listing and shape.kind == "support providers"
    narrowed = "Which support providers does the curriculum list for security?"
    assert read_shape(narrowed, told="Please give me all of them.").listing
    assert not read_shape(narrowed, told="I like lists.").listing
