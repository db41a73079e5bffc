"""The curriculum's own words with their vectors, written at ingest: what a learner's everyday word
is read as when the curriculum never uses it (bot/answer/bridge.py)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from index.keywords import STOPWORDS

_WORD = re.compile(r"[A-Za-z]+")
WORDS_FILE, VECTORS_FILE = "words.json", "words.npy"


@dataclass(frozen=True)
class Vocabulary:
    """The curriculum's content words, sorted, and one vector per word (rows in that order)."""

    words: tuple[str, ...]
    vectors: npt.NDArray[np.float32]

    @classmethod
    def load(cls, build: Path) -> Vocabulary:
        words = json.loads((build / WORDS_FILE).read_text(encoding="utf-8"))
        return cls(tuple(words), np.load(build / VECTORS_FILE))

    def write(self, folder: Path) -> None:
        (folder / WORDS_FILE).write_text(json.dumps(list(self.words)), encoding="utf-8")
        np.save(folder / VECTORS_FILE, self.vectors.astype(np.float32))


def curriculum_words(texts: Iterable[str]) -> list[str]:
    """The content words the texts use (lower case, three letters or more, no function words), sorted."""
    found = {w.lower() for text in texts for w in _WORD.findall(text)}
    return sorted(w for w in found if len(w) >= 3 and w not in STOPWORDS)
