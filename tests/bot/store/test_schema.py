"""The store's tables as the code describes them, and the question key that groups rephrasings."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from hypothesis import given
from hypothesis import strategies as st

from bot.store.schema import metadata, normalize_question
from tests.bot.store.conftest import StoreFactory


def test_the_tables_described_are_the_tables_migrated(make_store: StoreFactory) -> None:
    store = make_store()
    with store.engine.connect() as connection:
        # Column types aside: the migrations keep the old store's SQLite types (INTEGER for booleans…).
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = compare_metadata(context, metadata)
    assert [d for d in differences if d[0] != "remove_table" or d[1].name != "alembic_version"] == []


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
