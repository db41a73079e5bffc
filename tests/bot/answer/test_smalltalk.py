"""Small talk is recognised whole, and stripped from the front of a real question."""

from __future__ import annotations

import pytest

from bot.answer.smalltalk import small_talk, without_closing, without_opening


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("hi", "greeting"),
        ("Hello there!", "greeting"),
        ("good morning :)", "greeting"),
        ("thanks!", "thanks"),
        ("thank you so much, bot", "thanks"),
        ("ok, got it", "thanks"),
        ("help", "help"),
        ("/tutor help", "help"),
        ("What can you do?", "help"),
        ("who are you?", "help"),
        ("?", "help"),
        ("quit", "goodbye"),
        ("exit", "goodbye"),
        ("thanks, bye!", "goodbye"),  # ending the session wins over thanking
        ("hi, what can I ask you?", "help"),
    ],
)
def test_small_talk_kinds(message: str, kind: str) -> None:
    assert small_talk(message) == kind


@pytest.mark.parametrize(
    "message",
    [
        "help me choose a level",
        "What can you tell me about the foundation level?",
        "Is the exam proctored?",
        "good projects for the foundation level",
        "🍕🍕🍕",
        "क्या यह सर्टिफिकेशन भारत में मान्य है?",  # another language, not a request for help
    ],
)
def test_questions_are_not_small_talk(message: str) -> None:
    assert small_talk(message) is None


def test_a_small_talk_opening_is_dropped() -> None:
    assert without_opening("hi, what is the pass mark?") == "what is the pass mark?"
    assert without_opening("ok thanks. Now, which provider is free?") == "which provider is free?"
    assert without_opening("Thanks! And the professional level?") == "And the professional level?"
    assert without_opening("help me choose a level") == "help me choose a level"
    assert without_opening("thanks, bye") == "thanks, bye"  # all small talk: nothing to answer
    assert without_opening("how are you? what is the pass mark?") == "what is the pass mark?"


def test_a_small_talk_closing_is_dropped() -> None:
    assert without_closing("What is the pass mark? Thanks!") == "What is the pass mark?"
    assert without_closing("Is the exam proctored? thanks a lot, bot") == "Is the exam proctored?"
    assert without_closing("Which level suits me, the top one?") == "Which level suits me, the top one?"
    assert without_closing("thanks, bye") == "thanks, bye"  # all small talk: nothing to answer
