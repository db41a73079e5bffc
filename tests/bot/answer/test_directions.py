"""Requests and adverbials of answering come out of what retrieval and confidence read."""

from __future__ import annotations

import pytest

from bot.answer.directions import asks_nothing, without_directions


@pytest.mark.parametrize(
    ("question", "read"),
    [
        ("Briefly, what's the main focus of the program?", "what's the main focus of the program?"),
        ("List all the providers", "all the providers"),
        ("Can you please explain the SRE path in one sentence?", "the SRE path ?"),
        ("What exactly is the pass mark?", "What is the pass mark?"),
        ("I am an SRE. Tell me which track fits.", "I am an SRE. which track fits."),
        ("Quick question: is the exam proctored?", "is the exam proctored?"),
        ("Just curious - does the certification expire?", "does the certification expire?"),
        ("I'm wondering if labs are included", "if labs are included"),
        ("Ok so, also: is the exam proctored?", "is the exam proctored?"),
        ("hmm is it hard?? 🤔", "is it hard?"),
        ("is the exam proctored asap bro", "is the exam proctored"),
    ],
)
def test_requests_and_adverbials_come_out(question: str, read: str) -> None:
    assert without_directions(question) == read


def test_a_context_of_directions_alone_leaves_nothing() -> None:
    assert without_directions("Please tell me exactly:", whole=False) == ""
    assert without_directions("Please tell me exactly:") == "Please tell me exactly:"


@pytest.mark.parametrize(
    "question",
    [
        "How does finopsschool.com help me explain AI value to stakeholders?",  # a verb inside the ask
        "What's the name of the path for GPU spend?",  # a noun
        "Which providers does the curriculum list?",
        "explain?",  # nothing would be left
        "Well-known providers?",  # a word of a hyphenated compound
    ],
)
def test_the_same_words_inside_an_ask_stay(question: str) -> None:
    assert without_directions(question) == question


@pytest.mark.parametrize(
    ("text", "nothing"),
    [("Do you know?", True), ("Any idea?", True), ("Can you tell me?", True), ("Is it proctored?", False)],
)
def test_an_ask_that_says_only_how_to_ask_asks_nothing(text: str, nothing: bool) -> None:
    assert asks_nothing(text) is nothing
