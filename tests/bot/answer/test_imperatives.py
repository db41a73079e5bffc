"""Requests in the imperative: a request for two things is two asks."""

from __future__ import annotations

import pytest

from bot.answer.asks import split_parts
from bot.answer.imperatives import object_joins


@pytest.mark.parametrize(
    ("message", "asks"),
    [
        (
            "Can you list the skills for the professional level, then the common mistakes people make there?",
            # (a "then" stays: it reads the ask as a continuation of the one before)
            (
                "Can you list the skills for the professional level",
                "then the common mistakes people make there?",
            ),
        ),
        (
            "spell out what the professional level is and the projects you should be able to do at it",
            ("spell out what the professional level is", "the projects you should be able to do at it"),
        ),
        (
            "walk me through the preparation plan for foundation as well as the typical mistakes there",
            ("walk me through the preparation plan for foundation", "the typical mistakes there"),
        ),
    ],
)
def test_each_thing_a_request_asks_for_is_an_ask(message: str, asks: tuple[str, ...]) -> None:
    assert split_parts(message)[0] == asks


@pytest.mark.parametrize(
    "folded",
    [
        "list the skills and the tools",  # the first thing is a bare noun
        "explain the difference between the sre path and the dataops path",  # what is compared
    ],
)
def test_one_thing_asked_for_has_no_joins(folded: str) -> None:
    assert object_joins(folded, folded.index("the ") + 4) == []
