"""Practice's tables (learners, cards, reviews, Slack practice threads) against both databases."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests.bot.store.conftest import START, FakeClock, StoreFactory, query

CARD = {"card_id": 1, "state": 1, "step": 0, "stability": None, "difficulty": None, "due": START.isoformat(),
        "last_review": None}  # fmt: skip


def test_a_learner_is_created_once_and_keeps_a_chosen_level(make_store: StoreFactory) -> None:
    store = make_store(FakeClock())
    first = store.save_learner("web:abc", "web")
    assert (first.id, first.source, first.level, first.track) == ("web:abc", "web", None, None)
    chosen = store.save_learner("web:abc", "slack", level="professional")
    assert chosen.level == "professional" and chosen.source == "web"  # the first source stays
    assert store.save_learner("web:abc", "web").level == "professional"  # no level given: kept
    assert store.learner("web:nobody") is None


def test_reviews_update_the_card_and_are_all_kept(make_store: StoreFactory) -> None:
    clock = FakeClock()
    store = make_store(clock)
    store.record_review("cli:ana", "cli", "short-1", card=CARD, due=START + timedelta(minutes=10),
                        grade="not yet", answer="no idea")  # fmt: skip
    clock.advance(minutes=11)
    store.record_review("cli:ana", "cli", "short-1", card={**CARD, "step": 1}, due=START + timedelta(days=2),
                        grade="correct", answer="the answer")  # fmt: skip
    store.record_review("cli:ana", "cli", "choice-2", card=CARD, due=START + timedelta(minutes=1),
                        grade="correct", answer="SRE")  # fmt: skip
    [soonest, later] = store.cards("cli:ana")
    assert (soonest.item_id, later.item_id) == ("choice-2", "short-1")  # soonest due first
    assert later.reviews == 2 and later.last_grade == "correct" and later.card["step"] == 1
    assert later.due == START + timedelta(days=2)
    assert store.card("cli:ana", "short-1") == later and store.card("cli:ana", "nope") is None
    assert store.learner("cli:ana") is not None  # a review creates its learner
    rows = query(store, "SELECT item_id, grade, answer FROM practice_reviews ORDER BY id")
    assert rows == [
        ("short-1", "not yet", "no idea"),
        ("short-1", "correct", "the answer"),
        ("choice-2", "correct", "SRE"),
    ]


def test_a_review_that_cannot_be_stored_leaves_nothing(make_store: StoreFactory) -> None:
    store = make_store(FakeClock())
    with pytest.raises((ValueError, TypeError, sa.exc.StatementError)):
        store.record_review(
            "cli:ana", "cli", "x", card={"bad": float("nan")}, due=START, grade="correct", answer="a"
        )
    assert store.cards("cli:ana") == [] and query(store, "SELECT count(*) FROM practice_reviews") == [(0,)]


def test_a_slack_thread_holds_the_last_item_posted_in_it(make_store: StoreFactory) -> None:
    store = make_store(FakeClock())
    assert store.prompt("C1", "1.0") is None
    store.link_prompt("C1", "1.0", "slack:U1", "choice-1")
    store.link_prompt("C1", "1.0", "slack:U1", "short-2")
    prompt = store.prompt("C1", "1.0")
    assert prompt is not None and (prompt.learner_id, prompt.item_id) == ("slack:U1", "short-2")
    assert store.learner("slack:U1") is not None


def test_deleting_a_learner_deletes_their_cards_reviews_and_threads(make_store: StoreFactory) -> None:
    store = make_store(FakeClock())
    store.record_review("web:x", "web", "i", card=CARD, due=START, grade="correct", answer="a")
    store.link_prompt("C1", "2.0", "web:x", "i")
    with store.engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM learners WHERE id = 'web:x'"))
    assert store.cards("web:x") == [] and store.prompt("C1", "2.0") is None
    assert query(store, "SELECT count(*) FROM practice_reviews") == [(0,)]
