"""The order a question asks about, read from its ordinal and positional words alone."""

from __future__ import annotations

import pytest

from bot.answer.order import ROW_NUMBER, Order, read_order


@pytest.mark.parametrize(
    ("norm", "order"),
    [
        ("what comes after engineering?", Order("after", "engineering")),
        ("which one comes next?", Order("after")),
        ("and the one before that?", Order("before")),
        ("what is row two?", Order("nth", n=2)),
        ("which track is last?", Order("last")),
        ("list them in order", Order("all")),
        ("what is the pass mark?", None),
    ],
)
def test_read_order(norm: str, order: Order | None) -> None:
    assert read_order(norm) == order


def test_a_row_number_needs_a_row_noun_and_no_unit_of_time() -> None:
    assert ROW_NUMBER.search("entry 3 of the chart") and not ROW_NUMBER.search("entry 2 years ago")
