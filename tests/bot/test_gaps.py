"""The curriculum-gap report: real SQLite store, real encoder, real clustering."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from bot.config import Settings
from bot.conversations import NotReady
from bot.gaps import GapFinder, as_csv, average_linkage
from bot.runtime import IndexHolder
from bot.store import SQLiteStore
from index.encoder import Encoder

NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
COST = ["How much does the exam cost?", "What is the price of the professional exam?"]
DISCOUNT = "Is there a student discount on the exam fee?"
CENTRES = ["Which cities have exam centres?", "Is there a test centre in Berlin?"]


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


def remember(store: SQLiteStore, question: str, abstained: bool = True) -> tuple[str, int]:
    """A turn as a surface would store it (a new conversation each time)."""
    turn = store.add_turn(
        None,
        question=question,
        resolved_query=question,
        answer={},
        abstained=abstained,
        confidence=0.1 if abstained else 0.9,
        topic={},
        source="http",
    )
    return turn.conversation_id, turn.n


@pytest.fixture
def seeded(tmp_path: Path) -> Iterator[tuple[SQLiteStore, Clock]]:
    """Three days of questions: cost ones (one of them twice, one rated 👎 with a reason), exam centres,
    an answered one rated 👎, an answered one, and one older than the window."""
    clock = Clock()
    store = SQLiteStore(tmp_path / "gaps.sqlite3", clock=clock)
    clock.now = NOW - timedelta(days=40)
    remember(store, "How do I make sourdough bread?")  # outside a 30-day window
    clock.now = NOW - timedelta(days=2)
    remember(store, COST[0])
    remember(store, "What is a feature store?", abstained=False)
    remember(store, "What is a feature store?", abstained=False)
    clock.now = NOW - timedelta(days=1)
    remember(store, COST[0].lower().rstrip("?"))  # the same question, normalised alike
    remember(store, CENTRES[0])
    down = remember(store, "What skills does the foundation level teach?", abstained=False)
    store.add_feedback(*down, "down", "It did not say how long the labs take", "http")
    clock.now = NOW
    priced = remember(store, COST[1])
    store.add_feedback(*priced, "down", "I need the price in euros", "http")
    remember(store, DISCOUNT)
    remember(store, CENTRES[1])
    yield store, clock
    store.close()


def test_flagged_questions_are_grouped_into_topics_by_meaning(
    seeded: tuple[SQLiteStore, Clock], holder: IndexHolder
) -> None:
    store, clock = seeded
    report = GapFinder(store, holder, holder.config.tuning.gaps, clock).report(30)

    first = report.topics[0]
    assert first.label == COST[0].lower().rstrip("?")  # the most asked question, in its latest wording
    assert [q.question for q in first.questions][1:] == sorted([COST[1], DISCOUNT])
    assert (first.asked, first.abstained, first.rated_down) == (4, 4, 1)
    assert first.reasons == ["I need the price in euros"]
    centres = next(t for t in report.topics if CENTRES[0] in [q.question for q in t.questions])
    assert sorted(q.question for q in centres.questions) == sorted(CENTRES)
    assert centres is not first
    skills = next(t for t in report.topics if t.rated_down and t is not first)
    assert skills.abstained == 0 and skills.reasons == ["It did not say how long the labs take"]
    assert all("sourdough" not in q.question for t in report.topics for q in t.questions)


def test_the_abstention_rate_is_counted_per_day_over_the_whole_window(
    seeded: tuple[SQLiteStore, Clock], holder: IndexHolder
) -> None:
    store, clock = seeded
    report = GapFinder(store, holder, holder.config.tuning.gaps, clock).report(7)
    assert len(report.per_day) == 7 and report.per_day[-1].day == NOW.date()
    by_day = {d.day: (d.questions, d.abstained) for d in report.per_day}
    assert by_day[NOW.date()] == (3, 3)
    assert by_day[(NOW - timedelta(days=1)).date()] == (3, 2)
    assert by_day[(NOW - timedelta(days=2)).date()] == (3, 1)
    assert by_day[(NOW - timedelta(days=3)).date()] == (0, 0)
    assert (report.questions, report.abstained) == (9, 6)


def test_the_csv_has_every_question_with_its_topic_and_is_safe_in_a_spreadsheet(
    seeded: tuple[SQLiteStore, Clock], holder: IndexHolder
) -> None:
    store, clock = seeded
    remember(store, '=HYPERLINK("http://evil.example", "exam fee")')
    rows = list(
        csv.DictReader(
            io.StringIO(as_csv(GapFinder(store, holder, holder.config.tuning.gaps, clock).report(30)))
        )
    )
    assert {r["question"] for r in rows} >= {COST[1], DISCOUNT, *CENTRES}
    priced = next(r for r in rows if r["question"] == COST[1])
    assert priced["topic"] == COST[0].lower().rstrip("?") and priced["reasons"] == "I need the price in euros"
    assert priced["rated_down"] == "1" and priced["topic_asked"] == "4"
    assert all(not r[k].startswith("=") for r in rows for k in ("topic", "question"))
    assert any(r["question"].startswith("'=HYPERLINK") for r in rows)


def test_no_report_before_the_encoder_is_in_service(
    tmp_path: Path, base_settings: Settings, encoder: Encoder
) -> None:
    store = SQLiteStore(tmp_path / "gaps.sqlite3")
    loading = IndexHolder(base_settings, encoder=encoder)  # not loaded yet
    try:
        with pytest.raises(NotReady):
            GapFinder(store, loading, loading.config.tuning.gaps).report()
    finally:
        store.close()


@pytest.mark.parametrize(("n", "similarity"), [(2, 0.5), (40, 0.5), (300, 0.3)])
def test_average_linkage_groups_as_scikit_learn_does(n: int, similarity: float) -> None:
    """The grouping written in numpy (to keep scikit-learn and SciPy out of the serving image) makes
    the same partition as scikit-learn's agglomerative clustering, which the eval extra installs."""
    from sklearn.cluster import AgglomerativeClustering

    rng = np.random.default_rng(n)
    centres = rng.normal(size=(max(1, n // 5), 24))
    vectors = (centres[rng.integers(0, len(centres), n)] + 0.6 * rng.normal(size=(n, 24))).astype(np.float32)
    ours = average_linkage(vectors, similarity)
    theirs = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=1 - similarity
    ).fit_predict(vectors)

    def partition(labels: np.ndarray) -> set[frozenset[int]]:
        return {frozenset(np.flatnonzero(labels == label).tolist()) for label in set(labels.tolist())}

    assert partition(ours) == partition(theirs)
    assert 1 < len(set(ours.tolist())) < n or n == 2
