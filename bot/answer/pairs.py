"""Rare word pairs: two words a question says side by side that only a few passages say side by
side too ("project manager" is one passage's audience, however many passages say "project").

BM25 scores words one by one, so "I'm a project manager, is foundation ok for me?" matches the
projects sections' many "project"s before the one passage that names project managers. A pair of
stems that stands together in at most a few passages says more than its two words apart.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from index.chunk import Chunk
from index.keywords import tokenize

Pair = tuple[str, str]


def pairs_of(stems: Sequence[str]) -> set[Pair]:
    """The pairs of stems that stand next to each other (stopwords aside)."""
    return set(pairwise(stems))


class WordPairs:
    """The passages each rare pair of stems stands in, built once per index."""

    def __init__(
        self, chunks: Sequence[Chunk], max_passages: int, named: frozenset[Pair] = frozenset()
    ) -> None:
        """`named`: pairs that name an entity ("top tier"), which its own boost weighs instead."""
        where: dict[Pair, list[int]] = defaultdict(list)
        for number, chunk in enumerate(chunks):
            for pair in pairs_of(tokenize(chunk.text)) - named:
                where[pair].append(number)
        self.count = len(chunks)
        self.where = {pair: tuple(numbers) for pair, numbers in where.items() if len(numbers) <= max_passages}

    def boost(self, stems: Iterable[str], weight: float) -> npt.NDArray[np.float64] | None:
        """`weight` for every passage that says one of the question's rare pairs; None when none does."""
        found = [self.where[pair] for pair in pairs_of(list(stems)) if pair in self.where]
        if not found:
            return None
        out = np.zeros(self.count, dtype=np.float64)
        for numbers in found:
            out[list(numbers)] = weight
        return out
