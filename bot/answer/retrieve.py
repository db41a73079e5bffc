"""Hybrid retrieval: dense (FAISS) and BM25 (with feedback from the dense side), fused by reciprocal
rank, steered by query understanding."""

from __future__ import annotations

from collections.abc import Sequence
from threading import Lock

import faiss
import numpy as np
import numpy.typing as npt

from bot.answer.answer_type import AnswerType, has_evidence
from bot.answer.candidate import Candidate, Filters, Mode
from bot.answer.entities import ENTITY_PAIRS, ChunkEntities, Entities, chunk_entities
from bot.answer.experience import asked_spans, fits
from bot.answer.feedback import Feedback
from bot.answer.pairs import WordPairs
from bot.answer.query import Query
from bot.answer.ranking import Ranking
from bot.answer.tuning import RetrievalTuning
from bot.answer.vector_cache import QueryVectorCache, Vector
from index.artifact import Artifact, topic_rows
from index.chunk import parallel_groups
from index.encoder import Encoder

# Entity boosts are cached per set of named entities: questions name the same few.
BOOST_CACHE_SIZE = 4096


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
        elif owned or kind in chunk.closed:
            total += mismatch
    return total


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
        # The few passages that ask for a range of years of experience, by chunk number.
        self.spans = {n: spans for n, c in enumerate(artifact.chunks) if (spans := asked_spans(c.text))}
        self.pairs = WordPairs(artifact.chunks, tuning.phrase_passages, ENTITY_PAIRS)
        self._boost_cache: dict[tuple[tuple[str, tuple[str, ...]], ...], npt.NDArray[np.float64]] = {}
        self._no_boost = np.zeros(len(artifact.chunks), dtype=np.float64)
        self._no_boost.setflags(write=False)
        self._lock = Lock()
        self._evidence: dict[str, frozenset[int]] = {}
        self._evidence_masks: dict[str, npt.NDArray[np.int64]] = {}
        self._views_per_chunk = max(1, artifact.vectors.ntotal // max(1, len(artifact.chunks)))
        self.topics = self._topic_vectors()
        self.feedback = Feedback(artifact.chunks, artifact.keywords, tuning)
        # Parallel sections (each level guide's "Common mistakes") share their example questions:
        # one asked about any level's mistakes votes for the mistakes of every level, and the level
        # the question names (the entity boost) picks among them.
        self.groups = np.array(parallel_groups(artifact.chunks), dtype=np.int32)
        self.examples = artifact.examples.pooled(self.groups)

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
        self, vectors: Sequence[Vector], limit: int, allowed: npt.NDArray[np.bool_] | None
    ) -> list[dict[int, float]]:
        """For each row of `vectors`, the best cosine per chunk among the top views, best first (ties in
        the order FAISS returned them), honouring filters inside FAISS."""
        index = self.artifact.vectors
        k = min(index.ntotal, self.views_wanted(limit))
        params = None
        if allowed is not None:
            views = np.flatnonzero(allowed[self.artifact.view_chunk]).astype(np.int64)
            if len(views) == 0:
                return [{} for _ in vectors]
            selector = faiss.IDSelectorBatch(views)  # kept referenced until the search returns
            params = faiss.SearchParameters()
            params.sel = selector
        found = []
        for row in vectors:
            # One query a call: FAISS spreads a batch over OpenMP threads, and a request thread's OpenMP
            # default is every core (omp_set_num_threads binds only the thread that calls it), whose
            # spinning workers cost more under concurrent requests than the second call saves.
            scores, ids = index.search(row.reshape(1, -1), k, params=params)
            found.append(self._best_per_chunk(scores[0], ids[0], limit))
        return found

    def _best_per_chunk(
        self, scores: npt.NDArray[np.float32], ids: npt.NDArray[np.int64], limit: int
    ) -> dict[int, float]:
        """One query's views folded into chunks: each chunk's best score, sorted by it, ties in order of
        first appearance, the first `limit`."""
        found = ids >= 0
        chunks, scores = self.artifact.view_chunk[ids[found]], scores[found]
        numbers, first = np.unique(chunks, return_index=True)
        best = np.full(len(self.artifact.chunks), -np.inf, dtype=np.float32)
        np.maximum.at(best, chunks, scores)
        top = best[numbers]
        order = np.lexsort((first, -top))[:limit]
        return dict(zip(numbers[order].tolist(), top[order].tolist(), strict=True))

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
            found = self.dense_scores([vector] if plain is None else [vector, plain], limit, allowed)
            dense, plain_dense = found[0], found[1] if plain is not None else {}
        plain_order = list(plain_dense)
        bm25_all = self.artifact.keywords.scores(query.keywords)
        if mode == "hybrid":
            bm25_all = self.feedback(query.keywords, bm25_all, dense)
        if allowed is not None:
            bm25_all = np.where(allowed, bm25_all, 0.0)
        bm25_top = np.argsort(-bm25_all, kind="stable")[:limit]
        bm25_top = bm25_top[bm25_all[bm25_top] > 0]
        dense_order = list(dense)
        bm25_order = bm25_top.tolist() if mode != "dense" else []

        # Only kinds of fact the curriculum states steer ranking; the others only decide abstention.
        weights = (
            tuning.dense_weight if mode != "bm25" else 0.0,
            tuning.bm25_weight if mode != "dense" else 0.0,
            tuning.plain_dense_weight if plain_order else 0.0,
        )
        best_possible = sum(w / (tuning.rrf_k + 1) for w in weights) or 1.0
        # Every chunk's scores at once, in float64 and in the order the sum over rankings takes (dense,
        # BM25, plain; a ranking that misses a chunk adds 0.0), so each is the same number as one by one.
        count = len(self.artifact.chunks)
        fused = np.zeros(count)
        ranks: list[npt.NDArray[np.int64]] = []
        for weight, order in zip(weights, (dense_order, bm25_order, plain_order), strict=True):
            rank = np.zeros(count, dtype=np.int64)
            rank[order] = np.arange(1, len(order) + 1)
            ranks.append(rank)
            fused += np.where(rank > 0, weight / (tuning.rrf_k + np.maximum(rank, 1)), 0.0)
        fused /= best_possible
        boost = self.boosts(query.entities) + tuning.answer_type_weight * sum(
            (self.evidence_mask(kind) for kind in query.steering), np.zeros(count, dtype=np.int64)
        )
        if query.years is not None:
            boost = boost + self.experience(query.years)
        if (pairs := self.pairs.boost(query.keywords, tuning.phrase_weight)) is not None:
            boost = boost + pairs
        score = fused + tuning.entity_boost * boost
        pool = np.flatnonzero((ranks[0] > 0) | (ranks[1] > 0) | (ranks[2] > 0))
        pool = pool[np.lexsort((pool, -score[pool]))]
        topics = self.topics @ vector
        dense_rank, bm25_rank = ranks[0].tolist(), ranks[1].tolist()
        chunks, bm25 = self.artifact.chunks, bm25_all.tolist()
        fused_of, score_of, boost_of, topic_of = (
            fused.tolist(),
            score.tolist(),
            boost.tolist(),
            topics.tolist(),
        )
        best_bm25 = float(bm25_all[pool].max()) if len(pool) else 0.0
        examples = self.examples.nearest(vector, count, tuning.example_neighbours)[self.groups].tolist()
        out = [
            Candidate(
                number=number,
                chunk=chunks[number],
                score=score_of[number],
                fused=fused_of[number],
                dense=dense[number] if number in dense else self.cosine(number, vector),
                dense_rank=dense_rank[number] or None,
                bm25=bm25[number],
                bm25_rank=bm25_rank[number] or None,
                boost=boost_of[number],
                topic=topic_of[number],
                plain=self._plain(number, plain, plain_dense),
                bm25_share=bm25[number] / (best_bm25 or 1.0),
                example=examples[number],
            )
            for number in pool.tolist()
        ]
        if ranking is None or mode != "hybrid" or plain is None or not out:
            return out
        learned = np.array([c.ranking_features() for c in out]) @ ranking.vector()
        order = np.lexsort((pool, -learned))
        return [out[i]._replace(score=float(learned[i])) for i in order.tolist()]

    def _plain(self, number: int, plain: Vector | None, found: dict[int, float]) -> float:
        """The model's own vector's best cosine to a chunk (0.0 without one)."""
        if plain is None:
            return 0.0
        return found[number] if number in found else self.cosine(number, plain)

    def boosts(self, entities: Entities) -> npt.NDArray[np.float64]:
        """Every chunk's entity boost (read-only), cached: questions name the same few entities."""
        key = tuple(
            sorted((kind, tuple(sorted(values))) for kind, values in entities.found.items() if values)
        )
        if not key:
            return self._no_boost
        cached = self._boost_cache.get(key)
        if cached is None:
            cached = np.array(
                [entity_boost(entities, e, self.tuning) for e in self.entities], dtype=np.float64
            )
            cached.setflags(write=False)
            with self._lock:
                if len(self._boost_cache) > BOOST_CACHE_SIZE:
                    self._boost_cache.clear()
                self._boost_cache[key] = cached
        return cached

    def experience(self, years: float) -> npt.NDArray[np.float64]:
        """Every chunk's boost for the learner's years of experience: in a passage's range or not."""
        match, mismatch = self.tuning.experience_weights
        out = np.zeros(len(self.artifact.chunks), dtype=np.float64)
        for number, spans in self.spans.items():
            out[number] = match if fits(years, spans) else mismatch
        return out

    def evidence(self, kind: AnswerType) -> frozenset[int]:
        """The chunks that contain a kind of fact, found once per kind: the passages never change."""
        found = self._evidence.get(kind.name)
        if found is None:
            chunks = self.artifact.chunks
            found = frozenset(n for n, c in enumerate(chunks) if has_evidence(kind, c.text))
            self._evidence[kind.name] = found  # a race only computes the same set twice
        return found

    def evidence_mask(self, kind: AnswerType) -> npt.NDArray[np.int64]:
        """`evidence` as one 0/1 per chunk, kept once per kind."""
        mask = self._evidence_masks.get(kind.name)
        if mask is None:
            mask = np.zeros(len(self.artifact.chunks), dtype=np.int64)
            mask[sorted(self.evidence(kind))] = 1
            mask.setflags(write=False)
            self._evidence_masks[kind.name] = mask  # a race only computes the same mask twice
        return mask

    def cosine(self, number: int, vector: Vector) -> float:
        """Best cosine between the query and a chunk's views, for chunks the dense search did not return."""
        # Views are stored chunk by chunk, so a chunk's views are one sorted run.
        first, last = np.searchsorted(self.artifact.view_chunk, [number, number + 1])
        return float(
            max(np.dot(self.artifact.vectors.reconstruct(int(v)), vector) for v in range(first, last))
        )
