"""Slack's half of the store (bot.store.slack): thread links and claimed events, on both databases."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.slack.store import SlackStore
from bot.store import ConversationNotFound, SQLStore
from bot.store.slack import EVENT_RETENTION
from tests.bot.store.conftest import FakeClock, StoreFactory


def test_store_satisfies_the_slack_protocol(store: SQLStore) -> None:
    slack_store: SlackStore = store  # checked by mypy when the tests are type-checked
    assert slack_store is store


def test_thread_links(store: SQLStore) -> None:
    a, b = store.create_conversation("slack"), store.create_conversation("slack")
    assert store.thread_conversation("C1", "171.1") is None
    store.link_thread("C1", "171.1", a)
    store.link_thread("C2", "171.1", b)
    assert store.thread_conversation("C1", "171.1") == a
    assert store.thread_conversation("C2", "171.1") == b
    store.link_thread("C1", "171.1", b)  # relinking replaces
    assert store.thread_conversation("C1", "171.1") == b
    with pytest.raises(ConversationNotFound):
        store.link_thread("C3", "1.0", "no-such-id")
    assert store.thread_conversation("C3", "1.0") is None


def test_claim_event_once(store: SQLStore) -> None:
    assert store.claim_event("Ev1") is True
    assert store.claim_event("Ev1") is False
    assert store.claim_event("Ev2") is True


def test_claim_event_is_atomic_under_concurrency(store: SQLStore) -> None:
    start = threading.Barrier(16)

    def claim(event_id: str) -> bool:
        start.wait()
        return store.claim_event(event_id)

    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(claim, ["EvSame"] * 16))
    assert results.count(True) == 1
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(store.claim_event, [f"Ev{i % 50}" for i in range(200)]))
    assert results.count(True) == 50


def test_purge_forgets_old_event_ids(make_store: StoreFactory) -> None:
    clock = FakeClock()
    store = make_store(clock)
    assert store.claim_event("Ev1")
    clock.advance(seconds=EVENT_RETENTION.total_seconds() - 1)
    store.purge_expired(90)
    assert not store.claim_event("Ev1")  # still remembered within the retention
    clock.advance(seconds=2)
    store.purge_expired(90)
    assert store.claim_event("Ev1")
