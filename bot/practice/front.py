"""Practice, the front door of tutor mode for every surface (HTTP, web page, Slack, CLI, MCP): the next
item for a learner, grading an answer and rescheduling the item, progress, and a learning plan."""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal, Protocol

from bot.practice.grading import Graded, Grader, Response
from bot.practice.model import GradingModel, load_model
from bot.practice.plan import Curriculum, Plan, build_plan
from bot.practice.progress import Progress, progress
from bot.practice.schedule import Schedule, practice_settings
from bot.store.practice import CardRow, Learner, Prompt
from index.artifact import Artifact
from index.chunk import Chunk
from index.encoder import Encoder
from index.practice import Item

LEARNER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9:._@-]{0,127}$")
Status = Literal["due", "new", "ahead"]


class InvalidLearner(ValueError):
    """A learner id that is empty, too long, or has characters other than letters, digits and :._@-."""


class InvalidLevel(ValueError):
    """A level or track that the curriculum does not have."""


class UnknownItem(LookupError):
    """No practice item has this id in the index in service (it may have changed with the curriculum)."""


class IndexSource(Protocol):
    """What holds the index in service (the runtime's index holder); NotReady when none is."""

    @property
    def artifact(self) -> Artifact: ...

    @property
    def encoder(self) -> Encoder: ...


class PracticeStore(Protocol):
    """What practice keeps: bot.store's PracticeTables."""

    def learner(self, learner_id: str) -> Learner | None: ...

    def save_learner(
        self, learner_id: str, source: str, *, level: str | None = None, track: str | None = None
    ) -> Learner: ...

    def cards(self, learner_id: str) -> list[CardRow]: ...

    def card(self, learner_id: str, item_id: str) -> CardRow | None: ...

    def record_review(
        self,
        learner_id: str,
        source: str,
        item_id: str,
        *,
        card: dict[str, object],
        due: datetime,
        grade: str,
        answer: str,
    ) -> None: ...

    def link_prompt(self, channel: str, thread_ts: str, learner_id: str, item_id: str) -> None: ...

    def prompt(self, channel: str, thread_ts: str) -> Prompt | None: ...


@dataclass(frozen=True)
class Served:
    """The item to practise next, and why it is this one."""

    item: Item
    status: Status  # due: a review; new: never seen; ahead: nothing is due, so the soonest one


@dataclass(frozen=True)
class Outcome:
    """A graded answer, and when the item comes back."""

    graded: Graded
    due: datetime
    state: str  # the card's FSRS state: learning, review, relearning


@dataclass(frozen=True)
class _Build:
    build_id: str
    grader: Grader
    curriculum: Curriculum
    items: list[Item]


class Practice:
    """Tutor mode over the index in service and the store; one per process, built at start-up."""

    def __init__(
        self,
        source: IndexSource,
        store: PracticeStore,
        *,
        model: GradingModel | None = None,
        schedule: Schedule | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.source = source
        self.store = store
        self.model = model or load_model()
        self.schedule = schedule or Schedule()
        self.clock = clock or (lambda: datetime.now(UTC))
        settings = practice_settings()
        self.level_order: list[str] = list(settings["levels"])
        self.kind_order: list[str] = list(settings["kinds"])
        self.max_answer_chars = int(settings["max_answer_chars"])
        self._lock = threading.Lock()
        self._build: _Build | None = None

    def _current(self) -> _Build:
        """The grader and curriculum of the build in service, made once per build."""
        artifact = self.source.artifact
        build = self._build
        if build is None or build.build_id != artifact.manifest.build_id:
            with self._lock:
                build = self._build
                if build is None or build.build_id != artifact.manifest.build_id:
                    grader = Grader(artifact, self.source.encoder, self.model, self.max_answer_chars)
                    build = _Build(
                        artifact.manifest.build_id,
                        grader,
                        Curriculum(artifact.chunks),
                        artifact.practice.items,
                    )
                    self._build = build
        return build

    # --- learners, levels and tracks ---

    @staticmethod
    def check_learner(learner_id: str) -> str:
        if not LEARNER_ID.fullmatch(learner_id or ""):
            raise InvalidLearner(
                "a learner id is 1-128 letters, digits and :._@- characters, starting with a letter or digit"
            )
        return learner_id

    def levels(self) -> dict[str, str]:
        """The levels items belong to, by key, with the names learners know them by."""
        names = self._current().curriculum.level_names
        return {key: names.get(key, key.capitalize()) for key in self.level_order}

    def resolve_level(self, level: str | None) -> str | None:
        """A level key from a key or a name ("Managerial", "manager"); InvalidLevel for anything else."""
        if level is None or not level.strip():
            return None
        wanted = level.strip().lower().removesuffix(" level")
        for key, name in self.levels().items():
            if wanted in (key, name.lower()):
                return key
        raise InvalidLevel(f"unknown level {level!r}; choose from {', '.join(self.levels().values())}")

    def resolve_track(self, track: str | None) -> str | None:
        if track is None or not track.strip():
            return None
        tracks = sorted({i.track for i in self._current().items if i.track})
        if track.strip().lower() not in tracks:
            raise InvalidLevel(f"unknown track {track!r}; choose from {', '.join(tracks)}")
        return track.strip().lower()

    def learner(self, learner_id: str) -> Learner | None:
        return self.store.learner(self.check_learner(learner_id))

    def choose(
        self, learner_id: str, source: str, level: str | None = None, track: str | None = None
    ) -> Learner:
        """Record the level (and track) a learner practises; they stay until changed."""
        return self.store.save_learner(
            self.check_learner(learner_id),
            source,
            level=self.resolve_level(level),
            track=self.resolve_track(track),
        )

    # --- items ---

    def item(self, item_id: str) -> Item:
        found = self.source.artifact.practice.get(item_id)
        if found is None:
            raise UnknownItem(f"no practice item {item_id!r} in the curriculum in service")
        return found

    def passage(self, item: Item) -> Chunk:
        """The passage an item cites."""
        return self._current().grader.passage(item)

    def next_item(
        self, learner_id: str, *, level: str | None = None, track: str | None = None, source: str = "http"
    ) -> Served | None:
        """The item due soonest, else a new one in the learner's level or track, else the next to come
        due; None when there is no item at all for that level or track. A level given is remembered."""
        self.check_learner(learner_id)
        if level is not None or track is not None:
            learner = self.choose(learner_id, source, level, track)
        else:
            learner = self.store.learner(learner_id) or self.store.save_learner(learner_id, source)
        items = [
            i
            for i in self._current().items
            if (learner.level is None or i.level == learner.level)
            and (learner.track is None or i.track == learner.track)
        ]
        if not items:
            return None
        by_id = {i.id: i for i in items}
        cards = [c for c in self.store.cards(learner_id) if c.item_id in by_id]
        now = self.clock()
        due = [c for c in cards if c.due <= now]
        if due:
            return Served(by_id[due[0].item_id], "due")
        seen = {c.item_id for c in cards}
        fresh = [i for i in items if i.id not in seen]
        if fresh:
            return Served(self._rotate(fresh, [by_id[c.item_id] for c in cards]), "new")
        return Served(by_id[cards[0].item_id], "ahead")

    def _rotate(self, fresh: list[Item], seen: list[Item]) -> Item:
        """A new item of the kind the learner has practised least, in the levels' order."""
        practised = Counter(i.kind for i in seen)
        rank = {name: n for n, name in enumerate(self.level_order)}
        kinds = sorted({i.kind for i in fresh}, key=lambda k: (practised[k], self.kind_order.index(k)))
        of_kind = [i for i in fresh if i.kind == kinds[0]]
        return min(of_kind, key=lambda i: rank.get(i.level, len(rank)))

    def serve(self, learner_id: str, item_id: str, *, source: str = "http") -> Served:
        """A particular item (a starter question pressed), as new or due for this learner."""
        self.check_learner(learner_id)
        item = self.item(item_id)
        card = self.store.card(learner_id, item.id)
        return Served(item, "new" if card is None else "due" if card.due <= self.clock() else "ahead")

    def starters(self, learner_id: str, count: int = 3) -> list[Item]:
        """Short-answer questions the learner has not met yet, in their level when they chose one."""
        learner = self.store.learner(self.check_learner(learner_id))
        seen = {c.item_id for c in self.store.cards(learner_id)}
        level = learner.level if learner else None
        fresh = [i for i in self._current().items if i.kind == "short" and i.id not in seen]
        return ([i for i in fresh if level is None or i.level == level] or fresh)[:count]

    def hold(self, channel: str, thread_ts: str, learner_id: str, item_id: str) -> None:
        """Remember that a Slack thread holds this item, so a reply there is its answer."""
        self.store.link_prompt(channel, thread_ts, self.check_learner(learner_id), item_id)

    def held(self, channel: str, thread_ts: str) -> Prompt | None:
        """The item a Slack thread holds, if it holds one."""
        return self.store.prompt(channel, thread_ts)

    # --- answers ---

    def answer(self, learner_id: str, item_id: str, response: Response, *, source: str = "http") -> Outcome:
        """Grade an answer, reschedule the item for the learner, and record the review."""
        self.check_learner(learner_id)
        item = self.item(item_id)
        graded = self._current().grader.grade(item, response)
        now = self.clock()
        stored = self.store.card(learner_id, item.id)
        reviewed = self.schedule.review(stored.card if stored else None, graded.grade, now)
        text = response if isinstance(response, str) else " → ".join(response)
        self.store.record_review(
            learner_id, source, item.id, card=reviewed.card, due=reviewed.due, grade=graded.grade, answer=text
        )
        return Outcome(graded, reviewed.due, reviewed.state)

    def progress(self, learner_id: str) -> Progress:
        self.check_learner(learner_id)
        cards = self.store.cards(learner_id)
        return progress(learner_id, self._current().items, cards, self.level_order, self.clock())

    # --- plans ---

    def plan(self, text: str, learner_id: str | None = None, *, source: str = "http") -> Plan:
        """A learning plan from the learner's own words; with a learner id, practice follows its level."""
        plan = build_plan(text, self._current().curriculum)
        if learner_id is not None and plan.level is not None:
            self.store.save_learner(self.check_learner(learner_id), source, level=plan.level)
        return plan
