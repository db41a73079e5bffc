"""Practice's tables and their SQL: learners, their spaced-repetition cards per item, every review,
and which Slack thread holds which practice item. The half of the store behind bot.practice."""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from bot.store.schema import Document, Timestamp, metadata
from bot.store.slack import upsert

learners = sa.Table(
    "learners",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),  # "slack:U123", "web:<uuid>", "cli:<profile>"
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("level", sa.Text),  # the level the learner practises, when chosen
    sa.Column("track", sa.Text),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("updated_at", Timestamp, nullable=False),
)

practice_cards = sa.Table(
    "practice_cards",
    metadata,
    sa.Column("learner_id", sa.Text, sa.ForeignKey(learners.c.id, ondelete="CASCADE"), primary_key=True),
    sa.Column("item_id", sa.Text, primary_key=True),
    sa.Column("card", Document, nullable=False),  # the fsrs Card, as its to_dict() gives it
    sa.Column("due", Timestamp, nullable=False),
    sa.Column("last_grade", sa.Text, nullable=False),
    sa.Column("reviews", sa.Integer, nullable=False),
    sa.Column("updated_at", Timestamp, nullable=False),
    sa.Index("practice_cards_due", "learner_id", "due"),  # the next due item of a learner
)

practice_reviews = sa.Table(
    "practice_reviews",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("learner_id", sa.Text, sa.ForeignKey(learners.c.id, ondelete="CASCADE"), nullable=False),
    sa.Column("item_id", sa.Text, nullable=False),
    sa.Column("grade", sa.Text, nullable=False),
    sa.Column("answer", sa.Text, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("reviewed_at", Timestamp, nullable=False),
    sa.Index("practice_reviews_learner", "learner_id", "reviewed_at"),
)

practice_prompts = sa.Table(
    "practice_prompts",
    metadata,
    sa.Column("channel", sa.Text, primary_key=True),
    sa.Column("thread_ts", sa.Text, primary_key=True),
    sa.Column("learner_id", sa.Text, sa.ForeignKey(learners.c.id, ondelete="CASCADE"), nullable=False),
    sa.Column("item_id", sa.Text, nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
)


@dataclass(frozen=True)
class Learner:
    id: str
    source: str
    level: str | None
    track: str | None
    created_at: datetime


@dataclass(frozen=True)
class CardRow:
    """A learner's schedule for one item."""

    item_id: str
    card: dict[str, Any]
    due: datetime
    last_grade: str
    reviews: int


@dataclass(frozen=True)
class Prompt:
    """A practice item posted in a Slack thread, waiting for the learner's reply there."""

    learner_id: str
    item_id: str


_CARD_FIELDS = [practice_cards.c[f] for f in ("item_id", "card", "due", "last_grade", "reviews")]


class PracticeTables:
    """Learners, cards, reviews and Slack prompts, in the transactions of the store this is part of."""

    _transaction: Callable[..., AbstractContextManager[sa.Connection]]
    _now: Callable[[], datetime]

    def learner(self, learner_id: str) -> Learner | None:
        with self._transaction(write=False) as connection:
            row = connection.execute(learners.select().where(learners.c.id == learner_id)).first()
        if row is None:
            return None
        m = row._mapping
        return Learner(m["id"], m["source"], m["level"], m["track"], m["created_at"])

    def save_learner(
        self, learner_id: str, source: str, *, level: str | None = None, track: str | None = None
    ) -> Learner:
        """Create the learner if new; a level or track given replaces the stored one."""
        now = self._now()
        with self._transaction(write=True) as connection:
            self._ensure(connection, learner_id, source, now)
            changes = {k: v for k, v in (("level", level), ("track", track)) if v is not None}
            if changes:
                connection.execute(
                    learners.update().where(learners.c.id == learner_id).values(**changes, updated_at=now)
                )
        found = self.learner(learner_id)
        assert found is not None
        return found

    def _ensure(self, connection: sa.Connection, learner_id: str, source: str, now: datetime) -> None:
        row = {"id": learner_id, "source": source, "created_at": now, "updated_at": now}
        connection.execute(upsert(connection, learners).values(**row).on_conflict_do_nothing())

    def cards(self, learner_id: str) -> list[CardRow]:
        """Every card of a learner, soonest due first."""
        query = (
            sa.select(*_CARD_FIELDS)
            .where(practice_cards.c.learner_id == learner_id)
            .order_by(practice_cards.c.due, practice_cards.c.item_id)
        )
        with self._transaction(write=False) as connection:
            return [CardRow(*row) for row in connection.execute(query)]

    def card(self, learner_id: str, item_id: str) -> CardRow | None:
        that = (practice_cards.c.learner_id == learner_id) & (practice_cards.c.item_id == item_id)
        with self._transaction(write=False) as connection:
            row = connection.execute(sa.select(*_CARD_FIELDS).where(that)).first()
        return CardRow(*row) if row else None

    def record_review(
        self,
        learner_id: str,
        source: str,
        item_id: str,
        *,
        card: dict[str, Any],
        due: datetime,
        grade: str,
        answer: str,
    ) -> None:
        """Store the card after a review and the review itself, in one transaction."""
        # Through JSON first: a card JSON cannot hold (NaN) fails before anything is written.
        card = json.loads(json.dumps(card, allow_nan=False))
        now = self._now()
        with self._transaction(write=True) as connection:
            self._ensure(connection, learner_id, source, now)
            values = {"card": card, "due": due, "last_grade": grade, "updated_at": now}
            insert = upsert(connection, practice_cards).values(
                learner_id=learner_id, item_id=item_id, reviews=1, **values
            )
            connection.execute(
                insert.on_conflict_do_update(
                    index_elements=["learner_id", "item_id"],
                    set_={**values, "reviews": practice_cards.c.reviews + 1},
                )
            )
            connection.execute(
                practice_reviews.insert().values(
                    learner_id=learner_id, item_id=item_id, grade=grade, answer=answer, source=source,
                    reviewed_at=now,
                )
            )  # fmt: skip

    def link_prompt(self, channel: str, thread_ts: str, learner_id: str, item_id: str) -> None:
        """Remember that a Slack thread holds a practice item for a learner (the last one posted there)."""
        now = self._now()
        with self._transaction(write=True) as connection:
            self._ensure(connection, learner_id, "slack", now)
            values = {"learner_id": learner_id, "item_id": item_id, "created_at": now}
            insert = upsert(connection, practice_prompts).values(
                channel=channel, thread_ts=thread_ts, **values
            )
            connection.execute(
                insert.on_conflict_do_update(index_elements=["channel", "thread_ts"], set_=values)
            )

    def prompt(self, channel: str, thread_ts: str) -> Prompt | None:
        where = (practice_prompts.c.channel == channel) & (practice_prompts.c.thread_ts == thread_ts)
        query = sa.select(practice_prompts.c.learner_id, practice_prompts.c.item_id).where(where)
        with self._transaction(write=False) as connection:
            row = connection.execute(query).first()
        return Prompt(*row) if row else None
