"""Practice, the front door, on the real index and a SQLite store with a clock the test moves: which
item comes next, when it comes back, and what progress says."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.practice import InvalidLearner, InvalidLevel, Item, Practice
from bot.practice.schedule import Schedule
from bot.runtime import IndexHolder
from bot.store import SQLiteStore

LEARNER = "web:front-door"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def practice(holder: IndexHolder, tmp_path: Path, clock: Clock) -> Iterator[Practice]:
    store = SQLiteStore(tmp_path / "practice.sqlite3")
    yield Practice(holder, store, schedule=Schedule(fuzz=False), clock=clock)
    store.close()


def right(item: Item) -> str | list[str]:
    return list(item.order) if item.kind == "order" else item.answer


def test_kinds_take_turns_and_an_answered_item_waits_for_its_review(practice: Practice, clock: Clock) -> None:
    kinds = []
    for _ in range(4):
        served = practice.next_item(LEARNER, level="foundation")
        assert served is not None and served.status == "new" and served.item.level == "foundation"
        kinds.append(served.item.kind)
        practice.answer(LEARNER, served.item.id, right(served.item))
    assert kinds == ["choice", "short", "cloze", "order"]
    first = practice.next_item(LEARNER)
    assert first is not None and first.status == "new"  # nothing is due within the first minute
    clock.now += timedelta(minutes=11)
    due = practice.next_item(LEARNER)
    assert due is not None and due.status == "due"


def test_a_wrong_answer_comes_back_sooner_than_a_right_one(practice: Practice) -> None:
    served = practice.next_item(LEARNER, level="professional")
    assert served is not None
    wrong = practice.answer(
        "web:wrong", served.item.id, next(c for c in served.item.choices if c != served.item.answer)
    )
    good = practice.answer(LEARNER, served.item.id, served.item.answer)
    assert wrong.graded.grade == "not yet" and good.graded.grade == "correct"
    again = practice.answer(LEARNER, served.item.id, served.item.answer)
    assert again.due > good.due  # graduating to review: days, not minutes


def test_progress_counts_seen_retained_and_due(practice: Practice, clock: Clock) -> None:
    served = practice.next_item(LEARNER, level="manager")
    assert served is not None
    practice.answer(LEARNER, served.item.id, served.item.answer)
    other = practice.next_item(LEARNER)
    assert other is not None
    practice.answer(LEARNER, other.item.id, "I really do not know")
    progress = practice.progress(LEARNER)
    manager = next(level for level in progress.levels if level.level == "manager")
    assert (manager.tally.seen, manager.tally.retained, manager.tally.due) == (2, 1, 0)
    assert manager.tally.total == sum(t.total for t in manager.sections.values())
    clock.now += timedelta(minutes=30)
    later = practice.progress(LEARNER)
    assert later.total.due == 2 and len(later.due_items) == 2


def test_when_every_item_is_seen_the_soonest_comes_ahead_of_time(practice: Practice) -> None:
    level = "foundation"
    count = sum(1 for i in practice.source.artifact.practice.items if i.level == level)
    for _ in range(count):
        served = practice.next_item(LEARNER, level=level)
        assert served is not None and served.status == "new"
        practice.answer(LEARNER, served.item.id, right(served.item))
    ahead = practice.next_item(LEARNER)
    assert ahead is not None and ahead.status == "ahead"


def test_a_plan_sets_the_level_practised(practice: Practice) -> None:
    plan = practice.plan("Senior platform engineer, 6 years.", LEARNER)
    assert plan.level == "professional"
    served = practice.next_item(LEARNER)
    assert served is not None and served.item.level == "professional"


def test_levels_by_key_or_name_and_refusals(practice: Practice) -> None:
    assert practice.resolve_level("Managerial") == "manager" == practice.resolve_level("manager level")
    with pytest.raises(InvalidLevel, match="choose from Foundation, Professional, Managerial"):
        practice.resolve_level("expert")
    with pytest.raises(InvalidLearner):
        practice.next_item("has space")
