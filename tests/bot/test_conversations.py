"""The front door (bot.conversations): what asking writes to the store."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.conversations import Conversations, InvalidQuestion
from bot.runtime import IndexHolder
from bot.store import SQLiteStore


def test_asking_stores_each_turn_and_a_refusal_nothing(holder: IndexHolder, tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "tutor.sqlite3")
    try:
        conversations = Conversations(holder, store)
        with pytest.raises(InvalidQuestion):
            conversations.ask("   ", source="slack")
        assert store.stats().conversations == 0  # a refused first question starts no conversation
        first = conversations.ask("Are labs included?", source="slack")
        follow = conversations.ask("and the professional level?", first.conversation_id, source="http")
        assert (first.turn, follow.turn, follow.conversation_id) == (1, 2, first.conversation_id)
        with pytest.raises(InvalidQuestion):
            conversations.ask("x" * 100_000, first.conversation_id)
        record = store.get_conversation(first.conversation_id)
        assert record is not None and record.source == "slack"  # the first question's surface
        assert [turn.question for turn in record.turns] == [
            "Are labs included?",
            "and the professional level?",
        ]
        assert store.stats().conversations == 1
    finally:
        store.close()


def test_a_follow_up_reads_only_the_latest_turns(
    holder: IndexHolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A follow-up reads the last `followup_turns` turns, never the whole conversation."""
    store = SQLiteStore(tmp_path / "tutor.sqlite3")
    try:
        conversations = Conversations(holder, store, followup_turns=2)
        first = conversations.ask("What skills will I gain at the foundation level?", source="http")
        for question in ("labs?", "is the exam proctored?", "retakes?"):
            conversations.ask(question, first.conversation_id)
        latest = store.latest_turns(first.conversation_id, 2)
        assert latest is not None and [t.n for t in latest.turns] == [3, 4]

        def whole(*args: object, **kwargs: object) -> None:
            raise AssertionError("a follow-up read the whole conversation")

        monkeypatch.setattr(store, "get_conversation", whole)
        assert conversations.ask("and the professional level?", first.conversation_id).turn == 5
        assert conversations.recent(["a", "b", "c", "d"]) == ["c", "d"]
        assert list(conversations.recent(["a"])) == ["a"]
    finally:
        store.close()
