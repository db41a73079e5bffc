"""A learner's progress per level and section: items seen, retained and due, out of all there are."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.store.practice import CardRow
from index.practice import Item


@dataclass
class Tally:
    """Counts for one level, or one section of a level."""

    total: int = 0
    seen: int = 0  # items answered at least once
    retained: int = 0  # answered correctly last time, and not yet due again
    due: int = 0  # seen, and due for review now

    def add(self, card: CardRow | None, now: datetime) -> None:
        self.total += 1
        if card is None:
            return
        self.seen += 1
        if card.due <= now:
            self.due += 1
        elif card.last_grade == "correct":
            self.retained += 1


@dataclass
class LevelProgress:
    level: str
    tally: Tally = field(default_factory=Tally)
    sections: dict[str, Tally] = field(default_factory=dict)


@dataclass(frozen=True)
class Progress:
    learner_id: str
    levels: list[LevelProgress]
    due_items: list[str]  # item ids due now, soonest first
    next_due: datetime | None  # when the next item comes due, if none is due now

    @property
    def total(self) -> Tally:
        out = Tally()
        for level in self.levels:
            out.total += level.tally.total
            out.seen += level.tally.seen
            out.retained += level.tally.retained
            out.due += level.tally.due
        return out


def progress(
    learner_id: str, items: list[Item], cards: list[CardRow], order: list[str], now: datetime
) -> Progress:
    """Tally the items of the index in service against the learner's cards (cards of items no longer
    in the index are left out: the curriculum moved on)."""
    by_item = {card.item_id: card for card in cards}
    levels: dict[str, LevelProgress] = {}
    for item in items:
        level = levels.setdefault(item.level, LevelProgress(item.level))
        card = by_item.get(item.id)
        level.tally.add(card, now)
        level.sections.setdefault(item.section, Tally()).add(card, now)
    known = {item.id for item in items}
    current = [c for c in cards if c.item_id in known]
    due = [c.item_id for c in current if c.due <= now]
    later = [c.due for c in current if c.due > now]
    rank = {name: n for n, name in enumerate(order)}
    ordered = sorted(levels.values(), key=lambda lp: (rank.get(lp.level, len(rank)), lp.level))
    return Progress(learner_id, ordered, due, min(later) if later else None)
