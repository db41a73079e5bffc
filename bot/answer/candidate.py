"""What retrieval returns and takes: a ranked candidate with every score that put it there, the
hard filters an API caller may set, and which retrievers vote."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

from index.chunk import Chunk

Mode = Literal["hybrid", "dense", "bm25"]


@dataclass(frozen=True)
class Filters:
    """Hard metadata filters, from an API caller; query understanding only boosts."""

    level: str | None = None
    track: str | None = None
    kind: str | None = None

    def accepts(self, chunk: Chunk) -> bool:
        meta = chunk.meta
        return (
            (self.level is None or meta.get("level") == self.level)
            and (self.track is None or meta.get("track") == self.track)
            and (self.kind is None or self.kind in (meta.get("kind"), chunk.kind))
        )

    def __bool__(self) -> bool:
        return any((self.level, self.track, self.kind))


class Candidate(NamedTuple):
    """A ranked chunk and every score that put it there, for answers and for the debugging trace.

    A named tuple, immutable like a frozen dataclass: every search builds one per chunk, and a frozen
    dataclass took about four times as long to build."""

    number: int  # index into the artifact's chunks
    chunk: Chunk
    score: float  # final: the learned ranking's (bot/answer/ranking.py), or fused + entity boost
    fused: float  # reciprocal rank fusion, scaled to [0, 1]
    dense: float  # best cosine over the chunk's views
    dense_rank: int | None
    bm25: float
    bm25_rank: int | None
    boost: float
    topic: float = 0.0  # cosine to the passage's topic view (its FAQ question or heading)
    plain: float = 0.0  # best cosine of the model's own (unadapted) vector
    bm25_share: float = 0.0  # BM25 score as a share of the best in the pool
    example: float = 0.0  # closeness to the example questions about the passage (index/examples.py)

    def ranking_features(self) -> list[float]:
        """What the learned ranking weighs, in bot.answer.ranking.RANK_FEATURES order.

        The topic counts only where it is a question (an FAQ entry's): a heading such as "What it is"
        or a provider's name is not something a question resembles, so elsewhere the passage's own
        cosine stands in for it (as it does for a table row, which has no topic view)."""
        topic = self.topic if self.chunk.kind == "faq" else self.dense
        return [self.dense, topic, self.plain, self.bm25_share, self.boost, self.fused, self.example]
