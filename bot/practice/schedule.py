"""Spaced repetition with FSRS (the `fsrs` library): a card per learner and item, reviewed with the
grade of each answer; the card's due date says when the item should come back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from fsrs import Card, Rating, Scheduler, State

from bot.practice.model import Grade
from index.yaml_files import read_yaml

SETTINGS_FILE = Path(__file__).with_name("practice.yaml")


@cache
def practice_settings() -> dict[str, Any]:
    """practice.yaml, read once."""
    return read_yaml(SETTINGS_FILE)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Reviewed:
    card: dict[str, Any]  # the card to store
    due: datetime
    state: str  # learning, review, relearning


class Schedule:
    """One FSRS scheduler, configured from practice.yaml; thread-safe (it keeps no state per card)."""

    def __init__(self, settings: dict[str, Any] | None = None, fuzz: bool | None = None) -> None:
        settings = settings or practice_settings()
        s = settings["schedule"]
        self.ratings: dict[str, Rating] = {
            grade: Rating[name.capitalize()] for grade, name in settings["ratings"].items()
        }
        self.scheduler = Scheduler(
            desired_retention=float(s["desired_retention"]),
            learning_steps=tuple(timedelta(minutes=m) for m in s["learning_steps_minutes"]),
            relearning_steps=tuple(timedelta(minutes=m) for m in s["relearning_steps_minutes"]),
            maximum_interval=int(s["maximum_interval_days"]),
            enable_fuzzing=bool(s["fuzz"]) if fuzz is None else fuzz,
        )

    def review(self, stored: dict[str, Any] | None, grade: Grade, when: datetime) -> Reviewed:
        """The card after an answer graded `grade` at `when` (a new card when there was none)."""
        card = Card.from_dict(stored) if stored else Card(due=when)  # type: ignore[arg-type]
        card, _ = self.scheduler.review_card(card, self.ratings[grade], review_datetime=when)
        return Reviewed(card.to_dict(), card.due, State(card.state).name.lower())  # type: ignore[arg-type]

    def retrievability(self, stored: dict[str, Any], when: datetime) -> float:
        """The chance, by the card's memory model, that the learner recalls the item now."""
        return float(self.scheduler.get_card_retrievability(Card.from_dict(stored), when))  # type: ignore[arg-type]
