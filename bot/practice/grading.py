"""Grading a learner's answer to a practice item: exactly for multiple choice and order items, and for
free text (short answer, cloze) as correct / partly / not yet by the fitted model. The feedback quotes
the passage, names what was missing, and points to the passage so that a surface can link it."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bot.practice.features import Features, Measure, Vector
from bot.practice.model import Grade, GradingModel
from index.artifact import Artifact
from index.chunk import Chunk
from index.encoder import Encoder
from index.practice import Item, reference_texts

ENCODE_CACHE = 4096  # recent texts whose vectors are kept
Response = str | Sequence[str]  # free text or a choice's text; an order item's entries in order


class InvalidAnswer(ValueError):
    """The answer cannot be graded for this item (empty, too long, not one of the choices…)."""


@dataclass(frozen=True)
class Graded:
    """A graded answer and the feedback for it."""

    item_id: str
    grade: Grade
    feedback: str  # one or two plain sentences: how it went and what was missing
    missing: tuple[str, ...]  # the key points (or the term, the right choice) the answer lacked
    expected: str  # the reference answer, verbatim from the passage
    passage_id: str  # the passage the item cites: where a link leads
    quote: str  # the passage, verbatim
    title: str
    section: str
    features: Features | None = field(default=None, compare=False)  # free text only

    @property
    def correct(self) -> bool:
        return self.grade == "correct"

    def reported(self) -> dict[str, Any]:
        """What a surface reports of the grade: the grade, the feedback, what was missing, the answer."""
        return {
            "item_id": self.item_id,
            "grade": self.grade,
            "correct": self.correct,
            "feedback": self.feedback,
            "missing": list(self.missing),
            "expected": self.expected,
        }


_OPENING = {
    "correct": "Correct.",
    "partly": "Partly right.",
    "not yet": "Not yet.",
}


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _join(points: Sequence[str]) -> str:
    return "; ".join(re.sub(r"[.\s]+$", "", p) for p in points)


class Grader:
    """Grades answers over one index build with the tutor's encoder; built once with the build."""

    def __init__(self, artifact: Artifact, encoder: Encoder, model: GradingModel, max_chars: int = 2000):
        self.artifact = artifact
        self.encoder = encoder
        self.model = model
        self.max_chars = max_chars
        self.measure = Measure(artifact)
        self._chunks = {c.id: c for c in artifact.chunks}
        self._cache: OrderedDict[str, Vector] = OrderedDict()
        self._lock = threading.Lock()

    def encode(self, texts: list[str]) -> Vector:
        """Vectors for texts, each encoded on its own and kept a while: answers repeat (choices, retries).

        One at a time on purpose: the int8 model quantises activations per batch, so a text's vector
        would shift with whatever it was batched with, and a grade must not.
        """
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        fresh = [self.encoder.encode([text])[0] for text in missing]
        with self._lock:
            for text, vector in zip(missing, fresh, strict=True):
                self._cache[text] = vector
            vectors = [self._cache[t] for t in texts]
            for text in texts:
                self._cache.move_to_end(text)
            while len(self._cache) > ENCODE_CACHE:
                self._cache.popitem(last=False)
        return np.stack(vectors) if vectors else np.zeros((0, self.encoder.dimension), np.float32)

    def references(self, item: Item) -> Vector:
        """An item's reference vectors: from the build, or embedded now for an item made elsewhere."""
        if self.artifact.practice.get(item.id) is item:
            return self.artifact.practice.vectors(item.id)
        return self.encode(list(reference_texts(item)))

    def passage(self, item: Item) -> Chunk:
        chunk = self._chunks.get(item.chunk_id)
        if chunk is None:
            raise InvalidAnswer(f"item {item.id} cites {item.chunk_id}, which is not in the index")
        return chunk

    def grade(self, item: Item, response: Response) -> Graded:
        """Grade one answer (InvalidAnswer when it cannot be one for this item)."""
        if item.kind == "order":
            return self._order(item, response)
        if not isinstance(response, str):
            raise InvalidAnswer(f"a {item.kind} item takes one answer as text, not a list")
        text = response.strip()
        if not text:
            raise InvalidAnswer("the answer is empty")
        if len(text) > self.max_chars:
            raise InvalidAnswer(f"the answer is longer than {self.max_chars} characters")
        if item.kind == "choice":
            if not any(_same(text, c) for c in item.choices):
                raise InvalidAnswer("the answer is not one of the item's choices")
            grade: Grade = "correct" if _same(text, item.answer) else "not yet"
            return self._graded(item, grade, () if grade == "correct" else (item.answer,))
        if item.kind == "cloze" and _same(text, item.answer):
            return self._graded(item, "correct", ())  # the term itself needs no model
        features, missing = self.measure.measure(item, text, self.references(item), self.encode)
        grade = self.model.decide(item.kind, features)
        if grade == "correct":
            missing = ()
        elif grade == "not yet" and item.kind == "short":
            missing = item.points  # nothing of it counts: show every key point
        return self._graded(item, grade, missing, features)

    def _order(self, item: Item, response: Response) -> Graded:
        entries = [response] if isinstance(response, str) else list(response)
        if sorted(e.casefold() for e in entries) != sorted(c.casefold() for c in item.choices):
            raise InvalidAnswer("an order answer lists each of the item's entries once")
        right = all(_same(a, b) for a, b in zip(entries, item.order, strict=True))
        return self._graded(item, "correct" if right else "not yet", () if right else (item.answer,))

    def _graded(
        self, item: Item, grade: Grade, missing: Sequence[str], features: Features | None = None
    ) -> Graded:
        chunk = self.passage(item)
        feedback = _OPENING[grade]
        if grade != "correct":
            if item.kind in ("choice", "cloze"):
                feedback += f" The curriculum says “{item.answer}”."
            elif item.kind == "order":
                feedback += f" The curriculum's order is: {item.answer}."
            elif grade == "partly":
                feedback += f" You did not cover: {_join(missing)}."
            else:
                feedback += f" The passage's key points are: {_join(missing)}."
        return Graded(
            item_id=item.id,
            grade=grade,
            feedback=feedback,
            missing=tuple(missing),
            expected=item.answer,
            passage_id=chunk.id,
            quote=chunk.text,
            title=chunk.title,
            section=chunk.section,
            features=features,
        )
