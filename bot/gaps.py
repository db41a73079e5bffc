"""The curriculum-gap report: the questions learners asked that the curriculum could not answer,
grouped into topics by meaning, for a maintainer deciding what to add.

Grouping, simply: each distinct flagged question (abstained on, or rated 👎) is embedded with the
serving encoder; agglomerative clustering with average linkage on cosine similarity merges groups
while the mean similarity between them is at least `gaps.similarity` (tuning.yaml). A topic is
named by its most asked question; topics are ordered by how often they were asked.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from bot.answer.tuning import GapTuning
from bot.conversations import NotReady
from bot.store.gaps import DayCount, FlaggedQuestion

if TYPE_CHECKING:
    from bot.runtime import IndexHolder
    from bot.store import SQLStore

Clock = Callable[[], datetime]
CSV_COLUMNS = (
    "topic",
    "topic_asked",
    "question",
    "asked",
    "abstained",
    "rated_down",
    "last_asked",
    "reasons",
)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")  # a cell a spreadsheet would run as a formula


@dataclass(frozen=True)
class Topic:
    """Flagged questions that mean much the same thing."""

    label: str  # the most asked of its questions
    asked: int
    abstained: int
    rated_down: int
    questions: list[FlaggedQuestion]  # the most asked first
    last_asked: datetime

    @property
    def reasons(self) -> list[str]:
        """Every 👎 reason given in the topic, the newest question's first."""
        return [
            reason
            for q in sorted(self.questions, key=lambda q: q.last_asked, reverse=True)
            for reason in q.reasons
        ]


@dataclass(frozen=True)
class GapReport:
    """The report over the last `days` days (UTC), from `since`."""

    since: datetime
    days: int
    topics: list[Topic]
    per_day: list[DayCount]  # every day of the window, days without questions as zeros

    @property
    def questions(self) -> int:
        return sum(d.questions for d in self.per_day)

    @property
    def abstained(self) -> int:
        return sum(d.abstained for d in self.per_day)


class GapFinder:
    """Builds gap reports from the store, embedding with the index holder's (the runtime's) encoder."""

    def __init__(
        self, store: SQLStore, holder: IndexHolder, tuning: GapTuning, clock: Clock | None = None
    ) -> None:
        self.store, self.holder, self.tuning = store, holder, tuning
        self._clock = clock or (lambda: datetime.now(UTC))

    def report(self, days: int | None = None) -> GapReport:
        """The report over the last `days` days (the tuning's window by default); NotReady before the
        encoder is in service, as the index holder loads it."""
        days = days or self.tuning.days
        if not self.holder.ready:
            raise NotReady(self.holder.problem or "the index is still loading")
        today = self._clock().astimezone(UTC).date()
        first = today - timedelta(days=days - 1)
        since = datetime(first.year, first.month, first.day, tzinfo=UTC)
        flagged = self.store.flagged_questions(since, self.tuning.max_turns)
        counted = {d.day: d for d in self.store.questions_per_day(since)}
        per_day = [counted.get(day, DayCount(day, 0, 0)) for day in _days(first, today)]
        return GapReport(since, days, self.topics(flagged), per_day)

    def topics(self, flagged: list[FlaggedQuestion]) -> list[Topic]:
        """The questions grouped by meaning, the most asked topic first."""
        if not flagged:
            return []
        labels = np.zeros(len(flagged), dtype=int)
        if len(flagged) > 1:
            vectors = self.holder.encoder.encode([q.question for q in flagged])
            labels = average_linkage(vectors, self.tuning.similarity)
        groups: dict[int, list[FlaggedQuestion]] = {}
        for question, label in zip(flagged, labels, strict=True):
            groups.setdefault(int(label), []).append(
                question
            )  # flagged is most asked first, so is each group
        topics = [
            Topic(
                label=questions[0].question,
                asked=sum(q.asked for q in questions),
                abstained=sum(q.abstained for q in questions),
                rated_down=sum(q.rated_down for q in questions),
                questions=questions,
                last_asked=max(q.last_asked for q in questions),
            )
            for questions in groups.values()
        ]
        return sorted(topics, key=lambda t: (-t.asked, -t.last_asked.timestamp(), t.label))


def average_linkage(vectors: npt.NDArray[np.float32], similarity: float) -> npt.NDArray[np.int64]:
    """Group labels: the two groups with the highest mean cosine similarity merge while it is at
    least `similarity` (agglomerative clustering, average linkage).

    Written here, some twenty lines of numpy, because scikit-learn (with SciPy) would add about
    150 MB to the serving image for this one call. Each row keeps its best partner, so a merge costs
    O(n) plus the rows that pointed at the merged pair, not a scan of the whole matrix.
    """
    unit = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    n = len(unit)
    mean = (unit @ unit.T).astype(np.float64)
    np.fill_diagonal(mean, -np.inf)
    size = np.ones(n)
    members: list[list[int]] = [[i] for i in range(n)]
    best = mean.argmax(axis=1)
    while True:
        i = int(np.argmax(mean[np.arange(n), best]))
        j = int(best[i])
        if not mean[i, j] >= similarity:  # -inf once one group is left
            break
        # Lance-Williams for average linkage: the merged group's mean to any other, by sizes.
        merged = (size[i] * mean[i] + size[j] * mean[j]) / (size[i] + size[j])
        merged[[i, j]] = -np.inf
        mean[i], mean[:, i] = merged, merged
        mean[j], mean[:, j] = -np.inf, -np.inf
        size[i] += size[j]
        members[i] += members[j]
        members[j] = []
        stale = np.flatnonzero((best == i) | (best == j))
        best[stale] = mean[stale].argmax(axis=1)
        closer = merged > mean[np.arange(n), best]
        best[closer] = i
        best[i] = int(mean[i].argmax())
    labels = np.empty(n, dtype=np.int64)
    for label, group in enumerate(g for g in members if g):
        labels[group] = label
    return labels


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _cell(text: str) -> str:
    """A learner's text, kept from running as a formula when the CSV is opened in a spreadsheet."""
    return f"'{text}" if text.startswith(_FORMULA) else text


def as_csv(report: GapReport) -> str:
    """One row per flagged question, with its topic: every wording and every reason, for a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for topic in report.topics:
        for q in topic.questions:
            writer.writerow(
                [
                    _cell(topic.label),
                    topic.asked,
                    _cell(q.question),
                    q.asked,
                    q.abstained,
                    q.rated_down,
                    q.last_asked.isoformat(timespec="seconds"),
                    _cell(" | ".join(q.reasons)),
                ]
            )
    return out.getvalue()
