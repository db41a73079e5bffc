"""Tutor mode: practice items from the curriculum, graded answers with the passage, spaced repetition,
progress and a personal learning plan. Surfaces come in through this front door only (Practice and the
types it hands out), as they come to answers through bot.conversations."""

from bot.practice.front import (
    LEARNER_ID,
    IndexSource,
    InvalidLearner,
    InvalidLevel,
    Outcome,
    Practice,
    PracticeStore,
    Served,
    UnknownItem,
)
from bot.practice.grading import Graded, InvalidAnswer
from bot.practice.model import GRADES, Grade
from bot.practice.plan import MAX_TEXT as MAX_PROFILE
from bot.practice.plan import AskBack, InvalidProfile, Plan, PlanLine, Source
from bot.practice.progress import LevelProgress, Progress, Tally
from index.practice import GENERAL, Item, ItemKind

__all__ = [
    "GENERAL",
    "GRADES",
    "LEARNER_ID",
    "MAX_PROFILE",
    "AskBack",
    "Grade",
    "Graded",
    "IndexSource",
    "InvalidAnswer",
    "InvalidLearner",
    "InvalidLevel",
    "InvalidProfile",
    "Item",
    "ItemKind",
    "LevelProgress",
    "Outcome",
    "Plan",
    "PlanLine",
    "Practice",
    "PracticeStore",
    "Progress",
    "Served",
    "Source",
    "Tally",
    "UnknownItem",
]
