"""The question key that groups rephrasings in the unanswered-questions report."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.store.sql import normalize_question, render


@pytest.mark.parametrize(
    ("question", "key"),
    [
        ("What is MLOps?", "what is mlops"),
        ("  what\tIS\n\n mlops ?!…  ", "what is mlops"),
        ("Is v2.0 required?", "is v2.0 required"),
        ("Who owns model risk 🤔", "who owns model risk 🤔"),  # a trailing emoji is not punctuation
        ("¿Qué es MLOps?", "¿qué es mlops"),  # only trailing punctuation goes
        ("ＭＬＯｐｓ？", "mlops"),  # full-width forms fold to ASCII
        ("???", ""),
        ("", ""),
    ],
)
def test_examples(question: str, key: str) -> None:
    assert normalize_question(question) == key


@given(st.text())
def test_idempotent(question: str) -> None:
    key = normalize_question(question)
    assert normalize_question(key) == key


@given(st.text(), st.sampled_from(["", " ", "?", " ?", "!?", "...", "\n"]))
def test_ignores_case_spacing_and_trailing_punctuation(question: str, tail: str) -> None:
    variant = "  " + " \t ".join(question.upper().split()) + tail
    assert normalize_question(variant) == normalize_question(question.upper())


def test_render_switches_placeholders_and_refuses_percent() -> None:
    assert render("SELECT ? + ?", "%s") == "SELECT %s + %s"
    assert render("SELECT ?", "?") == "SELECT ?"
    with pytest.raises(ValueError):
        render("SELECT '100%' WHERE x = ?", "%s")
