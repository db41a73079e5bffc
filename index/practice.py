"""The practice item record: one question derived from the curriculum at ingest, with its reference answer.

Every item cites the passage(s) it was made from, and its reference answer is verbatim in them, so a
learner's answer is always graded against the curriculum's own words.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

ItemKind = Literal["short", "choice", "cloze", "order"]
ITEM_KINDS: tuple[ItemKind, ...] = ("short", "choice", "cloze", "order")
GENERAL = "general"  # the level of items that belong to no one level (FAQ, tables, paths)
BLANK = "_____"


@dataclass(frozen=True)
class Item:
    """A practice item: what is asked, what counts as right, and where the curriculum says so.

    - short: `answer` is the passage's own answer text; `points` are its key points (sentences or
      bullets) that a full answer covers.
    - choice: `choices` holds the right cell and cells of other rows in the same column; `answer`
      is the right one.
    - cloze: `sentence` is a sentence of the passage, `answer` the term blanked in it (`prompt` shows
      the blank); `choices` are the term and terms of the same kind that the passage does not use.
    - order: `choices` are shown shuffled; `order` is the curriculum's order; `answer` joins it.
    """

    id: str  # stable while what it was derived from is unchanged
    kind: ItemKind
    chunks: tuple[str, ...]  # cited passages, the first being the one the item is about
    prompt: str
    answer: str
    level: str  # foundation, professional, manager, or GENERAL
    section: str  # what progress groups by: the passage's section heading or table caption
    basis: str  # hash of everything the item was derived from; an unchanged basis keeps the item
    choices: tuple[str, ...] = ()
    points: tuple[str, ...] = ()
    sentence: str | None = None
    order: tuple[str, ...] = ()
    term_kind: str | None = None  # cloze: the kind of term blanked (duration, skill, path…)
    track: str | None = None

    @property
    def chunk_id(self) -> str:
        return self.chunks[0]

    @property
    def free_text(self) -> bool:
        """Whether the answer is graded as free text (short and cloze) rather than exactly."""
        return self.kind in ("short", "cloze")

    def to_json(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Item:
        fields = dict(data)
        for name in ("chunks", "choices", "points", "order"):
            fields[name] = tuple(fields.get(name) or ())
        return cls(**fields)


def item_id(kind: ItemKind, chunk_id: str, *parts: str) -> str:
    """An id from the item's kind, passage and content: the same derivation gives the same id."""
    digest = hashlib.sha256("\x00".join((kind, chunk_id, *parts)).encode("utf-8")).hexdigest()[:12]
    return f"{kind}-{digest}"


def write_items(path: Path, items: list[Item]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for item in items:
            fh.write(json.dumps(item.to_json(), ensure_ascii=False) + "\n")


def read_items(path: Path) -> list[Item]:
    with path.open(encoding="utf-8") as fh:
        return [Item.from_json(json.loads(line)) for line in fh if line.strip()]


def reference_texts(item: Item) -> tuple[str, ...]:
    """The texts of an item that free-text grading compares answers with, embedded at ingest in this
    order: a short item's answer and then each key point, a cloze item's sentence."""
    if item.kind == "short":
        return (item.answer, *item.points)
    if item.kind == "cloze" and item.sentence:
        return (item.sentence,)
    return ()


class ItemBank:
    """A build's practice items by id, each with the vectors of its reference texts."""

    def __init__(self, items: list[Item], vectors: npt.NDArray[np.float32]) -> None:
        counts = [len(reference_texts(item)) for item in items]
        if sum(counts) != len(vectors):
            raise ValueError(f"{len(vectors)} item vectors for {sum(counts)} reference texts")
        self.items = items
        self.by_id = {item.id: item for item in items}
        starts = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        self._rows = {item.id: vectors[starts[n] : starts[n + 1]] for n, item in enumerate(items)}

    def __len__(self) -> int:
        return len(self.items)

    def get(self, item_id: str) -> Item | None:
        return self.by_id.get(item_id)

    def vectors(self, item_id: str) -> npt.NDArray[np.float32]:
        """The reference vectors of an item, in reference_texts order (empty for choice and order)."""
        return self._rows[item_id]

    @classmethod
    def load(cls, build: Path) -> ItemBank:
        return cls(read_items(build / "items.jsonl"), np.load(build / "items.npy"))
