"""Typo repair against the curriculum's own words: "certifcation" finds "certification".

A word is repaired only when it is neither a curriculum word nor a whole word of the embedding
model's vocabulary (a good stand-in for an English dictionary), so real words the curriculum
lacks ("price", "weather") stay as they are and still count against confidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from bot.answer.tuning import SpellingTuning

_WORD = re.compile(r"[A-Za-z]+")


def osa_distance(a: str, b: str, limit: int) -> int:
    """Edit distance with adjacent transpositions (optimal string alignment), giving up past `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def model_words(model_path: Path) -> set[str]:
    """Whole words of a BERT-style vocabulary (vocab.txt), or nothing when the model has none."""
    vocab = model_path / "vocab.txt"
    if not vocab.is_file():
        return set()
    lines = vocab.read_text(encoding="utf-8").splitlines()
    return {w for w in lines if w.isalpha() and w.islower()}


def deletions(word: str, depth: int) -> set[str]:
    """Every string made by deleting up to `depth` letters: the keys of a SymSpell-style index."""
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


class Speller:
    """Repairs misspelt words of a question towards the corpus vocabulary.

    Candidates come from an index of the vocabulary's deletions (SymSpell): a word within edit
    distance 2 of a vocabulary word shares a deletion-variant with it, so only a handful of
    candidates are ever compared, whatever the vocabulary's size.
    """

    def __init__(self, corpus_texts: Iterable[str], dictionary: set[str], tuning: SpellingTuning) -> None:
        self.words = {w.lower() for t in corpus_texts for w in _WORD.findall(t) if len(w) >= 3}
        self.dictionary = dictionary
        self.tuning = tuning
        self._variants: dict[str, set[str]] = {}
        for w in self.words:
            for variant in deletions(w, tuning.max_distance):
                self._variants.setdefault(variant, set()).add(w)
        self.fix = lru_cache(maxsize=4096)(self._fix)

    def _fix(self, word: str) -> str:
        lower = word.lower()
        tuning = self.tuning
        if len(lower) < tuning.min_length or lower in self.words or lower in self.dictionary:
            return word
        limit = 1 if len(lower) < tuning.long_word_length else tuning.max_distance
        candidates = {c for v in deletions(lower, limit) for c in self._variants.get(v, ())}
        best, best_distance = word, limit + 1
        for candidate in sorted(candidates):
            distance = osa_distance(lower, candidate, limit)
            if distance < best_distance:
                best, best_distance = candidate, distance
        return best

    def correct(self, text: str) -> str:
        """The text with each repairable word replaced; everything else kept as written."""
        return _WORD.sub(lambda m: self.fix(m.group(0)), text)
