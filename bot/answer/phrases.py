"""Phrase lists matched word by word: the shared reading of bot/answer/intents.yaml's lists.

Messages are folded to lower-case words ("What's up?!" -> what s up, "Security+" -> security
plus), so that a phrase list written in plain words matches however the learner typed it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from index.keywords import normalize
from index.yaml_files import read_yaml

INTENTS_FILE = Path(__file__).parent / "intents.yaml"
_NON_WORD = re.compile(r"[^a-z0-9]+")


def load_intents(path: Path = INTENTS_FILE) -> dict[str, Any]:
    """The intents data file, read once by the modules that use it."""
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of lists")
    return data


def words(text: str) -> tuple[str, ...]:
    """The lower-case words of a text, with '+' read as 'plus' and every other sign a break."""
    return tuple(_NON_WORD.sub(" ", normalize(text).replace("+", " plus ")).split())


class PhraseTable:
    """Phrases, each with a label, found at word boundaries, longest first."""

    def __init__(self, labelled: Mapping[str, Iterable[str]]) -> None:
        self.labels: dict[tuple[str, ...], str] = {}
        for label, phrases in labelled.items():
            for phrase in phrases:
                self.labels.setdefault(words(str(phrase)), label)
        self.longest = max((len(p) for p in self.labels), default=0)

    def match_at(self, tokens: tuple[str, ...], start: int) -> tuple[str, int] | None:
        """The label and length of the longest phrase that starts at `start`, if any does."""
        for length in range(min(self.longest, len(tokens) - start), 0, -1):
            label = self.labels.get(tokens[start : start + length])
            if label is not None:
                return label, length
        return None

    def find(self, tokens: tuple[str, ...]) -> list[tuple[int, int, str]]:
        """Every phrase found, as (start, end, label), leftmost-longest and not overlapping."""
        found = []
        i = 0
        while i < len(tokens):
            hit = self.match_at(tokens, i)
            if hit is None:
                i += 1
                continue
            label, length = hit
            found.append((i, i + length, label))
            i += length
        return found
