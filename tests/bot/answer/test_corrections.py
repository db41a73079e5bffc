"""A learner's repair of their own words replaces what it repairs."""

from __future__ import annotations

import pytest

from bot.answer.corrections import corrected


@pytest.mark.parametrize(
    ("message", "read"),
    [
        # the determiner before a number or position is the one repaired, not "the order"
        (
            "the second row in the order, sorry, I mean the third — who's it for?",
            "the third row in the order — who's it for?",
        ),
        ("after the second level, sorry, I mean the third?", "after the third level?"),
        ("is the pro exam proctored, I mean the managerial exam?", "is the managerial exam proctored?"),
        ("tell me about the DataOps path, no wait, I mean the FinOps path", "tell me about the FinOps path"),
        (
            "what does the foundation level teach? sorry i meant the professional level",
            "what does the professional level teach?",
        ),
    ],
)
def test_a_repair_replaces_the_words_from_its_determiner_on(message: str, read: str) -> None:
    assert corrected(message) == read


@pytest.mark.parametrize(
    "message",
    [
        "I mean, is it worth it?",  # "I mean" as a filler repairs nothing
        "which level is for SREs, or rather for platform engineers?",  # no determiner to repair from
        "is it hard? I mean the exam",  # nothing said before with "the"
        # a gloss that says more than the words before it restates them
        "what is the middle one about, i mean the one between beginner and boss",
    ],
)
def test_a_marker_that_says_no_words_to_replace_leaves_the_message(message: str) -> None:
    assert corrected(message) == message
