"""The curriculum's own words with their vectors, and every ordinary English word's nearest one, written
at ingest: what a learner's everyday word is read as when the curriculum never uses it
(bot/answer/bridge.py).

The nearest words are worked out at ingest, once for all the whole words of the model's vocabulary,
so that answering a question never runs the model on a single word: that was a model call (about a
millisecond) for each word a question used that no question before it had used.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from index.keywords import STOPWORDS

_WORD = re.compile(r"[A-Za-z]+")
WORDS_FILE, VECTORS_FILE, NEIGHBOURS_FILE = "words.json", "words.npy", "neighbours.npz"


def english_words(model_path: Path) -> set[str]:
    """Whole words of a BERT-style vocabulary (vocab.txt), or nothing when the model has none: a good
    stand-in for an English dictionary."""
    vocab = model_path / "vocab.txt"
    if not vocab.is_file():
        return set()
    lines = vocab.read_text(encoding="utf-8").splitlines()
    # Interned, as the neighbours table's words are: a serving process holds each word once.
    return {sys.intern(w) for w in lines if w.isalpha() and w.islower()}


def _content(word: str) -> bool:
    """A content word: three letters or more, and no function word."""
    return len(word) >= 3 and word not in STOPWORDS


def curriculum_words(texts: Iterable[str]) -> list[str]:
    """The content words the texts use (lower case), sorted."""
    found = {w.lower() for text in texts for w in _WORD.findall(text)}
    return sorted(filter(_content, found))


def bridgeable(english: Iterable[str], curriculum: Iterable[str]) -> list[str]:
    """The English content words a learner may use that the curriculum does not, sorted."""
    own = set(curriculum)
    return sorted(w for w in english if _content(w) and w not in own)


@dataclass(frozen=True)
class Neighbours:
    """Each bridgeable English word's nearest curriculum word (a row of the vocabulary) and their cosine."""

    words: tuple[str, ...]
    nearest: npt.NDArray[np.int32]
    cosine: npt.NDArray[np.float32]
    _rows: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_rows", {word: row for row, word in enumerate(self.words)})

    @classmethod
    def build(
        cls, words: Iterable[str], vectors: npt.NDArray[np.float32], curriculum: npt.NDArray[np.float32]
    ) -> Neighbours:
        """The nearest curriculum row of each word, from the word's vector (embedded alone, as a learner's
        word would be) against the curriculum's word vectors."""
        words = tuple(words)
        nearest = np.zeros(len(words), dtype=np.int32)
        cosine = np.zeros(len(words), dtype=np.float32)
        if len(curriculum):
            for row, vector in enumerate(vectors):
                # One matrix-vector product a word, as the bridge computed it when it embedded the word
                # itself: a matrix product may sum in another order and move a cosine in its last bits.
                scores = curriculum @ vector
                nearest[row] = int(np.argmax(scores))
                cosine[row] = scores[nearest[row]]
        return cls(words, nearest, cosine)

    def lookup(self, word: str) -> tuple[int, float] | None:
        """The word's nearest curriculum row and their cosine, or None for a word that is not bridgeable."""
        row = self._rows.get(word)
        return None if row is None else (int(self.nearest[row]), float(self.cosine[row]))

    @classmethod
    def load(cls, build: Path) -> Neighbours:
        with np.load(build / NEIGHBOURS_FILE) as data:
            missing = {"words", "nearest", "cosine"} - set(data.files)
            if missing:
                raise ValueError(f"{NEIGHBOURS_FILE} lacks {', '.join(sorted(missing))}")
            return cls(tuple(map(sys.intern, data["words"].tolist())), data["nearest"], data["cosine"])

    def write(self, folder: Path) -> None:
        np.savez(
            folder / NEIGHBOURS_FILE,
            words=np.array(self.words, dtype=str),
            nearest=self.nearest.astype(np.int32),
            cosine=self.cosine.astype(np.float32),
        )


@dataclass(frozen=True)
class Vocabulary:
    """The curriculum's content words, sorted, one vector per word (rows in that order), and the nearest
    of them to each English word it lacks."""

    words: tuple[str, ...]
    vectors: npt.NDArray[np.float32]
    neighbours: Neighbours

    @classmethod
    def load(cls, build: Path) -> Vocabulary:
        words = json.loads((build / WORDS_FILE).read_text(encoding="utf-8"))
        return cls(tuple(words), np.load(build / VECTORS_FILE), Neighbours.load(build))

    def write(self, folder: Path) -> None:
        (folder / WORDS_FILE).write_text(json.dumps(list(self.words)), encoding="utf-8")
        np.save(folder / VECTORS_FILE, self.vectors.astype(np.float32))
        self.neighbours.write(folder)

    def nearest(self, word: str, min_cosine: float) -> str | None:
        """The curriculum word nearest a bridgeable word, when at least `min_cosine` near; else None."""
        found = self.neighbours.lookup(word)
        if found is None or found[1] < min_cosine:
            return None
        return self.words[found[0]]
