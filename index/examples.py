"""The example bank, written at ingest: the tuning files' in-scope questions, as the query adapter
reads them, each with the passage that answers it.

A learner's question that is close to a question someone already asked about a passage is likely
about that passage, even when it shares nothing with the passage's own words. Retrieval reads, for
each passage, the mean cosine between the (adapted) question and the closest example questions of
its group (parallel sections share theirs: `pooled`), and the learned ranking weighs it
(bot/answer/ranking.py). The answer is still the passage's own
sentences: the examples only vote for where to look. The out-of-scope tuning questions are kept
apart: a question close to a known near miss ("how much does the exam cost?") is less likely to be
answered by the curriculum, which the confidence reads (bot/answer/confidence.py). So are the words
of the in-scope questions: a word that learners use to ask what the curriculum answers ("locked in",
"earn") is not a sign of a question from elsewhere, although the curriculum never writes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import numpy.typing as npt

from index.adapter import QueryAdapter
from index.keywords import tokenize, tokenize_as_written

EXAMPLES_FILE = "examples.npz"
Vectors = npt.NDArray[np.float32]


@dataclass(frozen=True)
class ExampleBank:
    """Unit vectors of example questions, sorted by the chunk they ask about (one row per chunk a
    question names), and of the out-of-scope ones."""

    vectors: Vectors  # (rows, dimension)
    chunks: npt.NDArray[np.int32]  # (rows,), ascending
    outside: Vectors  # (out-of-scope questions, dimension)
    words: frozenset[str]  # the keyword tokens of the in-scope questions

    @classmethod
    def build(
        cls,
        adapter: QueryAdapter,
        questions: Sequence[str],
        asked: Vectors,
        answers: Sequence[Sequence[int]],
    ) -> ExampleBank:
        """The bank of the questions (`asked`, the model's vectors, adapted here): by the passages they
        name, and the out-of-scope ones (no passage) apart; and the in-scope questions' words."""
        rows = sorted((chunk, n) for n, wanted in enumerate(answers) for chunk in wanted)
        outside = [n for n, wanted in enumerate(answers) if not wanted]
        dimension = adapter.matrix.shape[0]

        def adapted(numbers: list[int]) -> Vectors:
            return adapter(asked[numbers]) if numbers else np.zeros((0, dimension), dtype=np.float32)

        chunks = np.array([chunk for chunk, _ in rows], dtype=np.int32)
        # The words learners use, as written and as mapped: "invigilating" is a learner's word
        # because "invigilated" was asked, though the keyword side reads that as "proctored".
        words = frozenset(
            t
            for q, wanted in zip(questions, answers, strict=True)
            if wanted
            for t in (*tokenize(q), *tokenize_as_written(q))
        )
        return cls(adapted([n for _, n in rows]), chunks, adapted(outside), words)

    @classmethod
    def load(cls, build: Path) -> ExampleBank:
        with np.load(build / EXAMPLES_FILE) as data:
            missing = {"vectors", "chunks", "outside", "words"} - set(data.files)
            if missing:
                raise ValueError(f"{EXAMPLES_FILE} lacks {', '.join(sorted(missing))}")
            return cls(
                data["vectors"].astype(np.float32),
                data["chunks"].astype(np.int32),
                data["outside"].astype(np.float32),
                frozenset(str(w) for w in data["words"]),
            )

    def write(self, folder: Path) -> None:
        words = np.array(sorted(self.words), dtype=np.str_)
        np.savez(
            folder / EXAMPLES_FILE,
            vectors=self.vectors,
            chunks=self.chunks,
            outside=self.outside,
            words=words,
        )

    def outside_nearest(self, vector: Vectors, neighbours: int) -> float:
        """The mean cosine between the (adapted) question and its `neighbours` closest out-of-scope
        examples; 0.0 when there are none."""
        if len(self.outside) == 0:
            return 0.0
        cosines = self.outside @ vector
        return float(np.sort(cosines)[::-1][:neighbours].mean())

    def pooled(self, groups: npt.NDArray[np.integer]) -> ExampleBank:
        """The bank with each example filed under its chunk's group (`groups[chunk]`, a chunk number):
        passages of one group then share their example questions."""
        filed = groups[self.chunks].astype(np.int32)
        order = np.argsort(filed, kind="stable")
        return ExampleBank(self.vectors[order], filed[order], self.outside, self.words)

    @cached_property
    def _layout(
        self,
    ) -> tuple[npt.NDArray[np.integer], npt.NDArray[np.integer], npt.NDArray[np.integer], int]:
        """Where each row goes in a grid of one row per chunk with examples: built once per bank."""
        owners, starts = np.unique(self.chunks, return_index=True)
        sizes = np.diff(np.append(starts, len(self.chunks)))
        rows = np.repeat(np.arange(len(owners)), sizes)
        columns = np.arange(len(self.chunks)) - np.repeat(starts, sizes)
        return owners, rows, columns, int(sizes.max())

    def nearest(self, vector: Vectors, count: int, neighbours: int) -> npt.NDArray[np.float64]:
        """Each of `count` chunks' mean cosine between the (adapted) question and its `neighbours`
        closest example questions (all of them when it has fewer); 0.0 where a chunk has none."""
        out = np.zeros(count)
        if len(self.chunks) == 0:
            return out
        owners, rows, columns, widest = self._layout
        # Padded with -inf, so that one sort serves every chunk.
        grid = np.full((len(owners), widest), -np.inf)
        grid[rows, columns] = self.vectors @ vector
        closest = -np.sort(-grid, axis=1)[:, :neighbours]
        found = np.isfinite(closest)
        out[owners] = np.where(found, closest, 0.0).sum(axis=1) / found.sum(axis=1)
        return out
