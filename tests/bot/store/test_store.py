"""The ConversationStore contract, run against both databases (fixture `store`: sqlite and postgres)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from bot.store import (
    ConversationFull,
    ConversationNotFound,
    ConversationStore,
    SQLStore,
    StoreError,
    TurnNotFound,
)
from bot.store.base import Turn
from bot.store.schema import feedback
from bot.store.slack import slack_events
from tests.bot.store.conftest import HEAD, START, FakeClock, StoreFactory, query


def ask(
    store: ConversationStore, conversation_id: str | None, question: str = "What is MLOps?", **kw: Any
) -> Turn:
    """add_turn with defaults for the fields a test does not care about."""
    fields: dict[str, Any] = {
        "question": question,
        "resolved_query": question.lower(),
        "answer": {"text": "An answer.", "citations": [{"doc": "a.md", "line": 3}]},
        "abstained": False,
        "confidence": 0.8,
        "topic": {"level": "foundation"},
    }
    fields.update(kw)
    return store.add_turn(conversation_id, **fields)


def feedback_rows(store: SQLStore) -> list[tuple[Any, ...]]:
    """What the feedback table holds; the interface has no reader for it."""
    return query(store, "SELECT conversation_id, turn, rating, reason, source FROM feedback ORDER BY turn")


def utc(moment: datetime) -> bool:
    return moment.tzinfo is not None and moment.utcoffset() == timedelta(0)


# --- conversations and turns ---


def test_store_satisfies_the_protocol(store: SQLStore) -> None:
    conversation_store: ConversationStore = store  # checked by mypy when the tests are type-checked
    assert conversation_store is store


def test_create_conversation_returns_new_url_safe_ids(store: SQLStore) -> None:
    ids = {store.create_conversation("http") for _ in range(20)}
    assert len(ids) == 20
    assert all(i.isalnum() and len(i) >= 32 for i in ids)


def test_new_conversation_is_empty_with_utc_times(make_store: StoreFactory) -> None:
    store = make_store(FakeClock())
    conversation_id = store.create_conversation("slack")
    conversation = store.get_conversation(conversation_id)
    assert conversation is not None
    assert (conversation.id, conversation.source, conversation.turns) == (conversation_id, "slack", [])
    assert conversation.created_at == conversation.updated_at == START
    assert utc(conversation.created_at) and utc(conversation.updated_at)


def test_unknown_conversation_is_none(store: SQLStore) -> None:
    assert store.get_conversation("no-such-id") is None


def test_turns_are_numbered_and_read_back_exactly(make_store: StoreFactory) -> None:
    clock = FakeClock()
    store = make_store(clock)
    conversation_id = store.create_conversation("http")
    clock.advance(minutes=1)
    answer = {"text": "Ünïcödé — “quotes”", "nested": {"list": [1, 2.5, None, True]}, "empty": {}}
    first = ask(store, conversation_id, answer=answer, abstained=True, confidence=0.25, topic={"a": [1]})
    clock.advance(minutes=1)
    second = ask(store, conversation_id, "And the second?", topic={})

    assert (first.n, second.n) == (1, 2)
    assert first.answer == answer and first.answer is not answer
    assert first.abstained is True and second.abstained is False
    assert isinstance(first.confidence, float) and first.confidence == 0.25
    assert first.created_at == START + timedelta(minutes=1) and utc(first.created_at)

    conversation = store.get_conversation(conversation_id)
    assert conversation is not None
    assert conversation.turns == [first, second]
    assert conversation.updated_at == START + timedelta(minutes=2)
    assert conversation.created_at == START


def test_add_turn_to_unknown_conversation(store: SQLStore) -> None:
    with pytest.raises(ConversationNotFound):
        ask(store, "no-such-id")
    assert store.stats().questions == 0


def test_a_first_turn_starts_its_conversation(make_store: StoreFactory) -> None:
    clock = FakeClock()
    store = make_store(clock)
    first = ask(store, None, source="slack")
    assert first.n == 1 and first.conversation_id.isalnum() and len(first.conversation_id) >= 32
    clock.advance(minutes=1)
    second = ask(store, first.conversation_id, source="ignored when continuing")
    conversation = store.get_conversation(first.conversation_id)
    assert conversation is not None
    assert (conversation.source, conversation.created_at, conversation.turns) == (
        "slack",
        START,
        [first, second],
    )
    assert conversation.updated_at == START + timedelta(minutes=1)
    with pytest.raises(ValueError, match="source"):
        ask(store, None)
    assert store.stats().conversations == 1


def test_turn_numbers_are_per_conversation(store: SQLStore) -> None:
    a, b = store.create_conversation("http"), store.create_conversation("http")
    assert [ask(store, a).n, ask(store, b).n, ask(store, a).n, ask(store, b).n] == [1, 1, 2, 2]


def test_non_json_answer_is_rejected_before_writing(store: SQLStore) -> None:
    conversation_id = store.create_conversation("http")
    with pytest.raises(ValueError):
        ask(store, conversation_id, answer={"score": float("nan")})
    with pytest.raises(TypeError):
        ask(store, conversation_id, topic={"when": datetime.now(UTC)})
    assert ask(store, conversation_id).n == 1


# --- feedback ---


def test_feedback_errors(store: SQLStore) -> None:
    conversation_id = store.create_conversation("http")
    ask(store, conversation_id)
    with pytest.raises(ConversationNotFound):
        store.add_feedback("no-such-id", 1, "up", None, "http")
    for turn in (0, 2, -1):
        with pytest.raises(TurnNotFound):
            store.add_feedback(conversation_id, turn, "up", None, "http")
    with pytest.raises(ValueError):
        store.add_feedback(conversation_id, 1, "meh", None, "http")  # type: ignore[arg-type]
    assert feedback_rows(store) == []


def test_new_rating_replaces_the_old(make_store: StoreFactory) -> None:
    clock = FakeClock()
    store = make_store(clock)
    conversation_id = store.create_conversation("http")
    ask(store, conversation_id)
    ask(store, conversation_id)
    first = store.add_feedback(conversation_id, 1, "down", "wrong section", "slack")
    assert (first.rating, first.reason, first.created_at) == ("down", "wrong section", START)
    clock.advance(seconds=5)
    second = store.add_feedback(conversation_id, 1, "up", None, "http")
    assert second.created_at == START + timedelta(seconds=5) and utc(second.created_at)
    store.add_feedback(conversation_id, 2, "down", "too long", "http")

    assert feedback_rows(store) == [
        (conversation_id, 1, "up", None, "http"),
        (conversation_id, 2, "down", "too long", "http"),
    ]
    stats = store.stats()
    assert (stats.feedback_up, stats.feedback_down) == (1, 1)


def test_concurrent_ratings_of_one_turn_leave_one_row(store: SQLStore) -> None:
    conversation_id = store.create_conversation("http")
    ask(store, conversation_id)
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: store.add_feedback(conversation_id, 1, "up", f"r{i}", "http"), range(40)))
    rows = feedback_rows(store)
    assert len(rows) == 1 and rows[0][2] == "up"


# --- concurrency ---


def test_concurrent_add_turn_numbers_without_gaps_or_duplicates(store: SQLStore) -> None:
    conversation_id = store.create_conversation("http")
    start = threading.Barrier(8)

    def worker(w: int) -> list[int]:
        start.wait()
        return [ask(store, conversation_id, f"q{w}-{i}").n for i in range(25)]

    with ThreadPoolExecutor(8) as pool:
        per_worker = list(pool.map(worker, range(8)))
    assert sorted(n for numbers in per_worker for n in numbers) == list(range(1, 201))
    assert all(numbers == sorted(numbers) for numbers in per_worker)
    conversation = store.get_conversation(conversation_id)
    assert conversation is not None
    assert [turn.n for turn in conversation.turns] == list(range(1, 201))
    # Each number went to the question that got it back.
    assert {turn.question for turn in conversation.turns} == {
        f"q{w}-{i}" for w in range(8) for i in range(25)
    }


def test_two_stores_on_one_database_share_numbering(make_store: StoreFactory) -> None:
    first, second = make_store(), make_store()  # as two processes would
    conversation_id = first.create_conversation("http")
    with ThreadPoolExecutor(8) as pool:
        numbers = list(pool.map(lambda i: ask((first, second)[i % 2], conversation_id).n, range(80)))
    assert sorted(numbers) == list(range(1, 81))


# --- stats ---


def test_stats_of_an_empty_store(store: SQLStore) -> None:
    stats = store.stats()
    assert (stats.conversations, stats.questions, stats.abstained) == (0, 0, 0)
    assert stats.abstention_rate == 0.0
    assert (stats.feedback_up, stats.feedback_down, stats.unanswered) == (0, 0, [])


def test_stats_groups_unanswered_questions(make_store: StoreFactory) -> None:
    clock = FakeClock()
    store = make_store(clock)
    a, b = store.create_conversation("http"), store.create_conversation("slack")

    def turn(conversation_id: str, question: str, *, abstained: bool = False) -> int:
        clock.advance(minutes=1)
        return ask(store, conversation_id, question, abstained=abstained).n

    turn(a, "What is MLOps?", abstained=True)
    turn(b, "  what IS   mlops ", abstained=True)
    down = turn(a, "WHAT is MLOps?!")  # answered, but rated down
    store.add_feedback(a, down, "down", "off topic", "http")
    turn(a, "How do I deploy?", abstained=True)
    both = turn(b, "How do I deploy", abstained=True)
    store.add_feedback(b, both, "down", None, "slack")
    up = turn(a, "Who audits models?", abstained=True)
    store.add_feedback(a, up, "up", None, "http")  # abstained still counts, the up does not cancel it
    turn(b, "What is drift?")  # answered, not rated: not unanswered
    liked = turn(b, "Define lineage")
    store.add_feedback(b, liked, "up", None, "http")

    stats = store.stats()
    assert (stats.conversations, stats.questions, stats.abstained) == (2, 8, 5)
    assert stats.abstention_rate == pytest.approx(5 / 8)
    assert (stats.feedback_up, stats.feedback_down) == (2, 2)
    summary = [(q.question, q.count, q.abstained, q.rated_down) for q in stats.unanswered]
    assert summary == [
        ("WHAT is MLOps?!", 3, 2, 1),  # most frequent first, shown in its latest wording
        ("How do I deploy", 2, 2, 1),  # one turn both abstained and rated down counts once
        ("Who audits models?", 1, 1, 0),  # abstained counts even when rated up
    ]
    assert stats.unanswered[0].last_asked == START + timedelta(minutes=3)
    assert stats.unanswered[1].last_asked == START + timedelta(minutes=5)
    assert stats.unanswered[2].last_asked == START + timedelta(minutes=6)
    assert all(utc(q.last_asked) for q in stats.unanswered)
    assert [q.question for q in store.stats(limit=1).unanswered] == ["WHAT is MLOps?!"]
    assert store.stats(limit=0).unanswered == []
    with pytest.raises(ValueError):
        store.stats(limit=-1)


def test_unanswered_ties_go_to_the_most_recent(make_store: StoreFactory) -> None:
    clock = FakeClock()
    store = make_store(clock)
    conversation_id = store.create_conversation("http")
    for question in ("first?", "second?", "third?"):
        clock.advance(minutes=1)
        ask(store, conversation_id, question, abstained=True)
    assert [q.question for q in store.stats().unanswered] == ["third?", "second?", "first?"]


# --- retention ---


def test_purge_deletes_idle_conversations_with_everything_attached(make_store: StoreFactory) -> None:
    clock = FakeClock()
    store = make_store(clock)
    old = store.create_conversation("slack")
    ask(store, old, abstained=True)
    store.add_feedback(old, 1, "down", "no", "slack")
    store.link_thread("C1", "1.1", old)
    revived = store.create_conversation("http")  # created long ago, but asked again recently
    clock.advance(days=60)
    ask(store, revived)
    recent = store.create_conversation("http")
    clock.advance(days=31)

    assert store.purge_expired(retention_days=90) == 1
    assert store.get_conversation(old) is None
    assert store.thread_conversation("C1", "1.1") is None
    assert store.get_conversation(revived) is not None and store.get_conversation(recent) is not None
    stats = store.stats()
    assert (stats.conversations, stats.questions, stats.feedback_down, stats.unanswered) == (2, 1, 0, [])
    assert feedback_rows(store) == []
    with pytest.raises(ConversationNotFound):
        ask(store, old)
    assert store.purge_expired(retention_days=90) == 0


def test_purge_keeps_a_conversation_exactly_at_the_limit(make_store: StoreFactory) -> None:
    clock = FakeClock()
    store = make_store(clock)
    conversation_id = store.create_conversation("http")
    clock.advance(days=7)
    assert store.purge_expired(7) == 0
    clock.advance(microseconds=1)
    assert store.purge_expired(7) == 1
    assert store.get_conversation(conversation_id) is None
    with pytest.raises(ValueError):
        store.purge_expired(-1)


# --- atomicity: a failed write leaves nothing behind ---


@contextmanager
def failing_at(store: SQLStore, needle: str, *, database_error: bool) -> Iterator[type[Exception]]:
    """Make the store's statements containing `needle` fail, after the earlier ones have run.

    With database_error the database itself fails (an unknown table), so its error path is exercised too.
    Yields the exception type to expect.
    """

    def execute(*args: Any) -> tuple[str, Any]:
        statement, parameters = args[2], args[3]
        if needle not in statement:
            return statement, parameters
        if database_error:
            return "SELECT * FROM no_such_table", {} if isinstance(parameters, dict) else ()
        raise RuntimeError("injected failure")

    sa.event.listen(store.engine, "before_cursor_execute", execute, retval=True)
    try:
        yield sa.exc.DBAPIError if database_error else RuntimeError
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", execute)


@pytest.mark.parametrize("database_error", [False, True], ids=["python-error", "database-error"])
def test_failed_add_turn_writes_nothing(make_store: StoreFactory, database_error: bool) -> None:
    clock = FakeClock()
    store = make_store(clock)
    conversation_id = store.create_conversation("http")
    ask(store, conversation_id)
    clock.advance(hours=1)
    with (
        failing_at(store, "INSERT INTO turns", database_error=database_error) as expected,
        pytest.raises(expected),
    ):
        ask(store, conversation_id, "lost?")
    conversation = store.get_conversation(conversation_id)
    assert conversation is not None
    assert conversation.updated_at == START  # the touch that ran before the failure was rolled back
    assert [turn.n for turn in conversation.turns] == [1]
    assert ask(store, conversation_id).n == 2  # and the store is still usable


@pytest.mark.parametrize("database_error", [False, True], ids=["python-error", "database-error"])
def test_failed_first_turn_leaves_no_conversation(store: SQLStore, database_error: bool) -> None:
    with (
        failing_at(store, "INSERT INTO turns", database_error=database_error) as expected,
        pytest.raises(expected),
    ):
        ask(store, None, source="http")
    assert store.stats().conversations == 0  # the conversation and its first turn are one transaction
    assert ask(store, None, source="http").n == 1


@pytest.mark.parametrize("database_error", [False, True], ids=["python-error", "database-error"])
def test_failed_purge_deletes_nothing(make_store: StoreFactory, database_error: bool) -> None:
    clock = FakeClock()
    store = make_store(clock)
    conversation_id = store.create_conversation("http")
    store.claim_event("Ev1")
    clock.advance(days=100)
    with (
        failing_at(store, "DELETE FROM slack_events", database_error=database_error) as expected,
        pytest.raises(expected),
    ):
        store.purge_expired(90)
    assert store.get_conversation(conversation_id) is not None
    assert store.purge_expired(90) == 1


def test_failed_feedback_keeps_the_old_rating(store: SQLStore) -> None:
    conversation_id = store.create_conversation("http")
    ask(store, conversation_id)
    store.add_feedback(conversation_id, 1, "up", "clear", "http")
    with failing_at(store, "INSERT INTO feedback", database_error=True) as expected, pytest.raises(expected):
        store.add_feedback(conversation_id, 1, "down", "changed my mind", "http")
    assert feedback_rows(store) == [(conversation_id, 1, "up", "clear", "http")]


def test_constraint_violation_rolls_back_and_store_stays_usable(store: SQLStore) -> None:
    conversation_id = store.create_conversation("http")
    now = datetime.now(UTC)
    with pytest.raises(sa.exc.IntegrityError), store._transaction(write=True) as connection:
        connection.execute(slack_events.insert(), {"event_id": "Ev1", "claimed_at": now})
        # CHECK (rating IN ...) and the foreign key to turns both refuse this row.
        row = {
            "conversation_id": conversation_id,
            "turn": 1,
            "rating": "meh",
            "source": "http",
            "created_at": now,
        }
        connection.execute(feedback.insert(), row)
    assert store.claim_event("Ev1") is True  # the event inserted before the violation was rolled back
    assert ask(store, conversation_id).n == 1


# --- lifecycle ---


def test_reopening_keeps_data_and_schema(make_store: StoreFactory) -> None:
    first = make_store()
    conversation_id = first.create_conversation("cli")
    ask(first, conversation_id)
    first.close()
    second = make_store()
    conversation = second.get_conversation(conversation_id)
    assert conversation is not None and len(conversation.turns) == 1
    assert query(second, "SELECT version_num FROM alembic_version") == [(HEAD,)]


def test_refuses_a_schema_newer_than_the_code(make_store: StoreFactory) -> None:
    store = make_store()
    with store.engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = 'from_the_future'"))
    store.close()
    with pytest.raises(StoreError, match="newer"):
        make_store()


def test_closed_store_refuses_calls(store: SQLStore) -> None:
    store.close()
    with pytest.raises(StoreError):
        store.create_conversation("http")
    store.close()  # closing twice is harmless


def test_turns_are_read_a_page_or_the_latest_few_at_a_time(store: SQLStore) -> None:
    conversation_id = ask(store, None, "q1", source="http").conversation_id
    for n in range(2, 8):
        ask(store, conversation_id, f"q{n}")
    page = store.get_conversation(conversation_id, after=2, limit=3)
    assert page is not None and [t.n for t in page.turns] == [3, 4, 5]
    latest = store.latest_turns(conversation_id, 2)
    assert latest is not None and [t.question for t in latest.turns] == ["q6", "q7"]
    assert store.latest_turns("no-such-id", 2) is None


def test_a_full_conversation_takes_no_more_turns(store: SQLStore) -> None:
    conversation_id = ask(store, None, "q1", source="http").conversation_id
    store.add_turn(conversation_id, question="q2", resolved_query="q2", answer={}, abstained=False,
                   confidence=0.5, topic={}, max_turns=2)  # fmt: skip
    with pytest.raises(ConversationFull):
        store.add_turn(conversation_id, question="q3", resolved_query="q3", answer={}, abstained=False,
                       confidence=0.5, topic={}, max_turns=2)  # fmt: skip
    found = store.get_conversation(conversation_id)
    assert found is not None and len(found.turns) == 2


def test_a_conversation_keeps_its_owner(store: SQLStore) -> None:
    turn = store.add_turn(None, question="q", resolved_query="q", answer={}, abstained=False, confidence=0.5,
                          topic={}, source="http", owner="digest-of-a-cookie")  # fmt: skip
    found = store.get_conversation(turn.conversation_id)
    assert found is not None and found.owner == "digest-of-a-cookie"
    assert store.get_conversation(store.create_conversation("slack")).owner is None  # type: ignore[union-attr]
