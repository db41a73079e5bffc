"""Hybrid retrieval: dense (FAISS) and BM25 (with feedback from the dense side), fused by reciprocal
rank, steered by query understanding."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, replace
from threading import Lock
from typing import Literal

import faiss
import numpy as np
import numpy.typing as npt

from bot.answer.answer_type import AnswerType, has_evidence
from bot.answer.entities import ChunkEntities, Entities, chunk_entities
from bot.answer.feedback import Feedback
from bot.answer.query import Query
from bot.answer.ranking import Ranking
from bot.answer.tuning import RetrievalTuning
from index.artifact import Artifact, topic_rows
from index.chunk import Chunk
from index.encoder import Encoder

Mode = Literal["hybrid", "dense", "bm25"]
Vector = npt.NDArray[np.float32]

# Entity boosts are cached per set of named entities: questions name the same few.
BOOST_CACHE_SIZE = 4096


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


@dataclass(frozen=True)
class Candidate:
    """A ranked chunk and every score that put it there, for answers and for the debugging trace."""

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
    example: float = 0.0  # best cosine to an example question about the passage (index/examples.py)

    def ranking_features(self) -> list[float]:
        """What the learned ranking weighs, in bot.answer.ranking.RANK_FEATURES order.

        The topic counts only where it is a question (an FAQ entry's): a heading such as "What it is"
        or a provider's name is not something a question resembles, so elsewhere the passage's own
        cosine stands in for it (as it does for a table row, which has no topic view)."""
        topic = self.topic if self.chunk.kind == "faq" else self.dense
        return [self.dense, topic, self.plain, self.bm25_share, self.boost, self.fused, self.example]


class QueryVectorCache:
    """An LRU cache of query embeddings: repeated questions skip the model."""

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __init__(self, encoder: Encoder, size: int) -> None:
        self._encoder = encoder
        self._size = size
        self._items: OrderedDict[str, Vector] = OrderedDict()
        self._lock = Lock()

    def __call__(self, text: str) -> Vector:
        with self._lock:
            hit = self._items.get(text)
            if hit is not None:
                self._items.move_to_end(text)
                return hit
        vector: Vector = self._encoder.encode([text])[0]
        vector.setflags(write=False)
        if self._size:
            with self._lock:
                self._items[text] = vector
                if len(self._items) > self._size:
                    self._items.popitem(last=False)
        return vector


def entity_boost(query: Entities, chunk: ChunkEntities, tuning: RetrievalTuning) -> float:
    """Sum of matches and mismatches between what the query names and what the chunk is about.

    A chunk that only mentions what the query names earns part of a match; only what a chunk is
    about (its headings, cells, front matter) can mismatch, so an FAQ that mentions the
    foundation level is not pushed away from a question about the professional level.
    """
    total = 0.0
    for kind, (match, mismatch) in tuning.entity_weights.items():
        wanted = query.get(kind)
        if not wanted:
            continue
        if kind == "role" and not query.get("intent"):
            # A role named without asking for a recommendation is the learner's context.
            match, mismatch = match * tuning.context_role_share, 0.0
        owned = chunk.owned.get(kind)
        if owned & wanted:
            total += match
        elif chunk.mentioned.get(kind) & wanted:
            total += match * tuning.mention_share
        elif owned:
            total += mismatch
    return total


def _ranks(order: npt.NDArray[np.int64]) -> dict[int, int]:
    return {int(c): r for r, c in enumerate(order, start=1)}


class Retriever:
    """Searches one loaded artifact with one encoder; thread-safe and read-only."""

    def __init__(
        self, artifact: Artifact, encoder: Encoder, tuning: RetrievalTuning, query_cache_size: int = 1024
    ) -> None:
        self.artifact = artifact
        self.encoder = encoder
        self.tuning = tuning
        self.embed = QueryVectorCache(encoder, query_cache_size)
        self.entities = [chunk_entities(c) for c in artifact.chunks]
        self._boost_cache: dict[tuple[tuple[str, tuple[str, ...]], ...], dict[int, float]] = {}
        self._lock = Lock()
        self._evidence: dict[str, frozenset[int]] = {}
        self._views_per_chunk = max(1, artifact.vectors.ntotal // max(1, len(artifact.chunks)))
        self.topics = self._topic_vectors()
        self.feedback = Feedback(artifact.chunks, artifact.keywords, tuning)

    def _topic_vectors(self) -> npt.NDArray[np.float32]:
        """Each chunk's topic view vector (index.artifact.topic_rows): what the question is matched
        against as a topic, apart from the text."""
        rows = topic_rows(self.artifact.chunks, self.artifact.view_chunk)
        if not rows:
            return np.zeros((0, self.artifact.vectors.d), dtype=np.float32)
        return np.vstack([self.artifact.vectors.reconstruct(r) for r in rows]).astype(np.float32)

    def _allowed(self, filters: Filters | None) -> npt.NDArray[np.bool_] | None:
        if not filters:
            return None
        return np.array([filters.accepts(c) for c in self.artifact.chunks], dtype=bool)

    def views_wanted(self, limit: int) -> int:
        """How many views to ask FAISS for so that `limit` distinct chunks are likely among them."""
        return limit * (self._views_per_chunk + 1)

    def dense_scores(
        self, vector: Vector, limit: int, allowed: npt.NDArray[np.bool_] | None
    ) -> dict[int, float]:
        """Best cosine per chunk among the top views, honouring filters inside FAISS."""
        index = self.artifact.vectors
        k = min(index.ntotal, self.views_wanted(limit))
        params = None
        if allowed is not None:
            views = np.flatnonzero(allowed[self.artifact.view_chunk]).astype(np.int64)
            if len(views) == 0:
                return {}
            selector = faiss.IDSelectorBatch(views)  # kept referenced until the search returns
            params = faiss.SearchParameters()
            params.sel = selector
        scores, ids = index.search(vector.reshape(1, -1), k, params=params)
        best: dict[int, float] = {}
        for score, view in zip(scores[0], ids[0], strict=True):
            if view < 0:
                continue
            number = int(self.artifact.view_chunk[view])
            if number not in best or score > best[number]:
                best[number] = float(score)
        return dict(sorted(best.items(), key=lambda kv: -kv[1])[:limit])

    def search(
        self,
        query: Query,
        vector: Vector,
        mode: Mode,
        filters: Filters | None = None,
        plain: Vector | None = None,
        ranking: Ranking | None = None,
    ) -> list[Candidate]:
        """Ranked candidates for a query, best first. `vector` is the question's adapted embedding
        (index/adapter.py), which dense ranks and scores by; `plain`, the model's own, adds its ranking
        as a vote of its own, so that a question the adapter moves away from its passage keeps it.
        With a learned `ranking` (hybrid only), the order is its weighted sum of the candidates'
        scores; without one, reciprocal rank fusion plus the entity boost."""
        tuning = self.tuning
        allowed = self._allowed(filters)
        limit = tuning.candidates
        dense: dict[int, float] = {}
        plain_dense: dict[int, float] = {}
        if mode != "bm25":
            dense = self.dense_scores(vector, limit, allowed)
            if plain is not None:
                plain_dense = self.dense_scores(plain, limit, allowed)
        plain_rank = _ranks(np.array(list(plain_dense), dtype=np.int64))
        bm25_all = self.artifact.keywords.scores(query.keywords)
        if mode == "hybrid":
            bm25_all = self.feedback(query.keywords, bm25_all, dense)
        if allowed is not None:
            bm25_all = np.where(allowed, bm25_all, 0.0)
        bm25_top = np.argsort(-bm25_all, kind="stable")[:limit]
        bm25_top = bm25_top[bm25_all[bm25_top] > 0]
        dense_rank = _ranks(np.array(list(dense), dtype=np.int64))
        bm25_rank = _ranks(bm25_top) if mode != "dense" else {}

        pool = set(dense_rank) | set(bm25_rank) | set(plain_rank)
        # Only kinds of fact the curriculum states steer ranking; the others only decide abstention.
        steering = query.steering
        weights = (
            tuning.dense_weight if mode != "bm25" else 0.0,
            tuning.bm25_weight if mode != "dense" else 0.0,
            tuning.plain_dense_weight if plain_rank else 0.0,
        )
        best_possible = sum(w / (tuning.rrf_k + 1) for w in weights) or 1.0
        boosts = self.boosts(query.entities)
        topics = self.topics @ vector
        with_evidence = [self.evidence(kind) for kind in steering]
        learned = ranking.vector() if ranking is not None and mode == "hybrid" and plain is not None else None
        best_bm25 = max((float(bm25_all[n]) for n in pool), default=0.0) or 1.0
        examples = self.artifact.examples.nearest(
            vector, len(self.artifact.chunks), tuning.example_neighbours
        )
        out = []
        for number in pool:
            dr, br = dense_rank.get(number), bm25_rank.get(number)
            ranks = (dr, br, plain_rank.get(number))
            fused = sum(w / (tuning.rrf_k + r) for w, r in zip(weights, ranks, strict=True) if r)
            fused /= best_possible
            boost = boosts.get(number, 0.0)
            boost += tuning.answer_type_weight * sum(number in chunks for chunks in with_evidence)
            cosine = dense[number] if number in dense else self.cosine(number, vector)
            own = 0.0
            if plain is not None:
                own = plain_dense[number] if number in plain_dense else self.cosine(number, plain)
            candidate = Candidate(
                number=number,
                chunk=self.artifact.chunks[number],
                score=fused + tuning.entity_boost * boost,
                fused=fused,
                dense=cosine,
                dense_rank=dr,
                bm25=float(bm25_all[number]),
                bm25_rank=br,
                boost=boost,
                topic=float(topics[number]),
                plain=own,
                bm25_share=float(bm25_all[number]) / best_bm25,
                example=float(examples[number]),
            )
            if learned is not None:
                candidate = replace(candidate, score=float(learned @ candidate.ranking_features()))
            out.append(candidate)
        out.sort(key=lambda c: (-c.score, c.number))
        return out

    def boosts(self, entities: Entities) -> dict[int, float]:
        """Entity boost of every chunk that has one, cached: questions name the same few entities."""
        key = tuple(
            sorted((kind, tuple(sorted(values))) for kind, values in entities.found.items() if values)
        )
        if not key:
            return {}
        cached = self._boost_cache.get(key)
        if cached is None:
            scores = ((n, entity_boost(entities, e, self.tuning)) for n, e in enumerate(self.entities))
            cached = {n: b for n, b in scores if b}
            with self._lock:
                if len(self._boost_cache) > BOOST_CACHE_SIZE:
                    self._boost_cache.clear()
                self._boost_cache[key] = cached
        return cached

    def evidence(self, kind: AnswerType) -> frozenset[int]:
        """The chunks that contain a kind of fact, found once per kind: the passages never change."""
        found = self._evidence.get(kind.name)
        if found is None:
            chunks = self.artifact.chunks
            found = frozenset(n for n, c in enumerate(chunks) if has_evidence(kind, c.text))
            self._evidence[kind.name] = found  # a race only computes the same set twice
        return found

    def cosine(self, number: int, vector: Vector) -> float:
        """Best cosine between the query and a chunk's views, for chunks the dense search did not return."""
        # Views are stored chunk by chunk, so a chunk's views are one sorted run.
        first, last = np.searchsorted(self.artifact.view_chunk, [number, number + 1])
        return float(
            max(np.dot(self.artifact.vectors.reconstruct(int(v)), vector) for v in range(first, last))
        )
