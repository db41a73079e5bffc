"""What the curriculum-gap report reads: the questions it could not answer, with their 👎 reasons, and
how many questions were asked and abstained on each day. The half of the store behind bot.gaps."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from bot.store.schema import feedback, turns


@dataclass(frozen=True)
class FlaggedQuestion:
    """One question (rephrasings that normalise alike count as one) that the tutor abstained on or a
    learner rated 👎, over the report's window."""

    question: str  # its latest wording
    asked: int
    abstained: int
    rated_down: int
    reasons: tuple[str, ...]  # the 👎 reasons learners wrote, the newest first
    last_asked: datetime


@dataclass(frozen=True)
class DayCount:
    """Questions asked on one UTC day, and how many of them the tutor abstained on."""

    day: date
    questions: int
    abstained: int


class GapTables:
    """The gap report's reads, in the transactions of the store that this is part of."""

    _transaction: Callable[..., AbstractContextManager[sa.Connection]]

    def flagged_questions(self, since: datetime, limit: int) -> list[FlaggedQuestion]:
        """Questions abstained on or rated down since `since`, the most asked first, from at most the
        `limit` latest such turns (a bound on one report's work, however busy the tutor was)."""
        rated = (feedback.c.conversation_id == turns.c.conversation_id) & (feedback.c.turn == turns.c.n)
        down = feedback.c.rating == "down"
        statement = (
            sa.select(
                turns.c.question_key,
                turns.c.question,
                turns.c.created_at,
                turns.c.abstained,
                down.label("down"),
                feedback.c.reason,
            )
            .join_from(turns, feedback, rated, isouter=True)
            .where((turns.c.created_at >= since) & (turns.c.abstained | down))
            .order_by(turns.c.created_at.desc(), turns.c.conversation_id, turns.c.n)
            .limit(limit)
        )
        groups: dict[str, list[sa.Row[Any]]] = {}
        with self._transaction(write=False) as connection:
            for row in connection.execute(statement):
                groups.setdefault(row[0], []).append(row)  # newest first, so [0] is the latest wording
        found = [
            FlaggedQuestion(
                question=rows[0].question,
                asked=len(rows),
                abstained=sum(bool(r.abstained) for r in rows),
                rated_down=sum(bool(r.down) for r in rows),
                reasons=tuple(r.reason.strip() for r in rows if r.down and r.reason and r.reason.strip()),
                last_asked=rows[0].created_at,
            )
            for rows in groups.values()
        ]
        return sorted(found, key=lambda q: (-q.asked, -q.last_asked.timestamp(), q.question))

    def questions_per_day(self, since: datetime) -> list[DayCount]:
        """Questions and abstentions per UTC day since `since`; days with no question are left out."""
        with self._transaction(write=False) as connection:
            if connection.dialect.name == "postgresql":
                day = sa.func.to_char(sa.func.timezone("UTC", turns.c.created_at), "YYYY-MM-DD")
            else:  # SQLite keeps the time as fixed-width UTC ISO-8601 text (schema.Timestamp)
                day = sa.func.substr(turns.c.created_at, 1, 10)
            abstained = sa.func.coalesce(sa.func.sum(sa.case((turns.c.abstained, 1), else_=0)), 0)
            statement = (
                sa.select(day.label("day"), sa.func.count(), abstained)
                .where(turns.c.created_at >= since)
                .group_by("day")
                .order_by("day")
            )
            return [DayCount(date.fromisoformat(d), n, a) for d, n, a in connection.execute(statement)]
