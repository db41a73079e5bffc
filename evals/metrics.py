"""Retrieval and answer metrics: recall@k, MRR, nDCG@k, percentiles, abstention precision and recall."""

from __future__ import annotations

import math
from collections.abc import Sequence


def first_rank(ranked: Sequence[str], relevant: Sequence[str]) -> int | None:
    """1-based rank of the first relevant id, or None."""
    return next((i for i, r in enumerate(ranked, start=1) if r in relevant), None)


def recall_at(ranked: Sequence[str], relevant: Sequence[str], k: int) -> float:
    """1.0 when any relevant id is in the top k (the dataset has one answer passage per case)."""
    rank = first_rank(ranked, relevant)
    return 1.0 if rank is not None and rank <= k else 0.0


def reciprocal_rank(ranked: Sequence[str], relevant: Sequence[str]) -> float:
    rank = first_rank(ranked, relevant)
    return 1.0 / rank if rank else 0.0


def ndcg_at(ranked: Sequence[str], relevant: Sequence[str], k: int) -> float:
    """Binary-relevance nDCG@k."""
    dcg = sum(1.0 / math.log2(i + 1) for i, r in enumerate(ranked[:k], start=1) if r in relevant)
    ideal = sum(1.0 / math.log2(i + 1) for i in range(1, min(len(set(relevant)), k) + 1))
    return dcg / ideal if ideal else 0.0


def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low, high = math.floor(pos), math.ceil(pos)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def abstention_scores(abstained_oos: int, oos: int, abstained_in: int, in_scope: int) -> dict[str, float]:
    """Abstention as a classifier of out-of-scope questions, and the in-scope questions it refused."""
    predicted = abstained_oos + abstained_in
    return {
        "abstention_precision": abstained_oos / predicted if predicted else 1.0,
        "abstention_recall": abstained_oos / oos if oos else 1.0,
        "false_abstention": abstained_in / in_scope if in_scope else 0.0,
    }
