"""The joiner check: two FAQ questions in one message, joined every way; both are answered."""

from __future__ import annotations

from bot.answer.answerer import Answerer
from evals.joiners import JOINERS, failures, main, pairs
from tests.evals.conftest import Printed


def test_every_joiner_keeps_both_asks_on_a_sample(answerer: Answerer) -> None:
    drawn = pairs(answerer, 8)
    assert len(drawn) == 8 and all(a.question and b.question and a.id != b.id for a, b in drawn)
    assert failures(answerer, drawn) == {name: [] for name in JOINERS}


def test_pairs_are_drawn_the_same_way_every_run(answerer: Answerer) -> None:
    assert pairs(answerer, 5) == pairs(answerer, 5)
    assert pairs(answerer, 5) != pairs(answerer, 5, seed=8)


def test_the_command_prints_a_line_per_joiner(printed: Printed) -> None:
    out = printed(main, ["2"])
    assert out.splitlines() == [f"{name!r}: 0 of 2 lose an ask" for name in JOINERS]
