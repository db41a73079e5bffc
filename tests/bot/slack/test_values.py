"""Button values as pydantic models: what goes on a button comes back the same; anything else is refused."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.slack.values import MessageRef, Suggestion


@given(
    st.text(max_size=40), st.integers(min_value=1, max_value=10**6), st.none() | st.text(max_size=20),
    st.booleans(), st.booleans(), st.sampled_from([None, "up", "down"]), st.none() | st.text(max_size=12),
)  # fmt: skip
def test_message_ref_round_trips(
    cid: str, turn: int, thread: str | None, eph: bool, passages: bool, rating: Any, user: str | None
) -> None:
    ref = MessageRef(
        conversation_id=cid, turn=turn, thread_ts=thread, ephemeral=eph, passages=passages, rating=rating,
        asked_by=user,
    )  # fmt: skip
    assert MessageRef.decode(ref.encode()) == ref


@given(
    st.text(max_size=300), st.none() | st.text(max_size=40), st.none() | st.text(max_size=20), st.booleans()
)
def test_suggestion_round_trips(question: str, cid: str | None, thread: str | None, eph: bool) -> None:
    suggestion = Suggestion(question=question, conversation_id=cid, thread_ts=thread, ephemeral=eph)
    assert Suggestion.decode(suggestion.encode()) == suggestion


def test_values_are_compact_json_under_short_keys() -> None:
    ref = MessageRef(conversation_id="conv-1", turn=3, thread_ts="1600000000.000001", rating="up")
    assert json.loads(ref.encode()) == {
        "c": "conv-1", "t": 3, "th": "1600000000.000001", "e": False, "p": False, "r": "up", "u": None,
    }  # fmt: skip
    assert " " not in ref.encode()
    assert json.loads(Suggestion(question="Q?", conversation_id="conv-1").encode()) == {
        "q": "Q?", "c": "conv-1", "th": None, "e": False,
    }  # fmt: skip


def test_values_written_before_the_models_still_read() -> None:
    # What the hand-made encoder put on buttons of messages that are still in Slack.
    old = '{"c":"conv-1","t":2,"th":null,"e":true,"p":false,"r":null,"u":"U1"}'
    assert MessageRef.decode(old) == MessageRef(
        conversation_id="conv-1", turn=2, ephemeral=True, asked_by="U1"
    )
    assert Suggestion.decode('{"q":"What is MLOps?","c":null,"th":"1.2","e":false}') == Suggestion(
        question="What is MLOps?", thread_ts="1.2"
    )


def test_with_changes_the_state_and_keeps_the_rest() -> None:
    ref = MessageRef(conversation_id="conv-1", turn=3, ephemeral=True)
    changed = ref.with_(passages=True, rating="down")
    assert (changed.passages, changed.rating, changed.ephemeral, changed.turn) == (True, "down", True, 3)
    assert ref.passages is False  # values are frozen


@pytest.mark.parametrize(
    "value",
    [
        "", "nope", "[]", "null", '{"c": "x"}', '{"c": "x", "t": 1, "r": "meh"}', '{"c": "x", "t": 0}',
        '{"c": "x", "t": "three"}', '{"c": ["x"], "t": 1}', '{"c": "x", "t": 1, "extra": 1}',
        '{"q": "What is MLOps?"}',
    ],
)  # fmt: skip
def test_foreign_button_values_are_refused(value: str) -> None:
    with pytest.raises(ValueError):
        MessageRef.decode(value)


@pytest.mark.parametrize("value", ["", "{}", '{"q": null}', '{"q": 1}', '{"c": "x", "t": 1}'])
def test_foreign_suggestion_values_are_refused(value: str) -> None:
    with pytest.raises(ValueError):
        Suggestion.decode(value)


def test_a_changed_state_is_validated_too() -> None:
    with pytest.raises(ValueError):
        MessageRef(conversation_id="conv-1", turn=3).with_(rating="meh")
