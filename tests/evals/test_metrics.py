"""The standard retrieval metrics, on hand-computed examples."""

from __future__ import annotations

import math

import pytest

from evals.dataset import fact_matches
from evals.metrics import abstention_scores, ndcg_at, percentile, recall_at, reciprocal_rank


def test_recall_and_mrr() -> None:
    ranked = ["a", "b", "c", "d"]
    assert recall_at(ranked, ["c"], 1) == 0.0
    assert recall_at(ranked, ["c"], 3) == 1.0
    assert reciprocal_rank(ranked, ["c"]) == pytest.approx(1 / 3)
    assert reciprocal_rank(ranked, ["z"]) == 0.0
    assert recall_at(ranked, ["z", "b"], 2) == 1.0  # any listed id is a correct source


def test_ndcg() -> None:
    assert ndcg_at(["a", "b"], ["a"], 10) == 1.0
    assert ndcg_at(["x", "a"], ["a"], 10) == pytest.approx(1 / math.log2(3))
    assert ndcg_at(["x", "y"], ["a"], 10) == 0.0


def test_percentile_and_abstention() -> None:
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert percentile([], 95) == 0.0
    scores = abstention_scores(abstained_oos=9, oos=10, abstained_in=1, in_scope=20)
    assert scores == {"abstention_precision": 0.9, "abstention_recall": 0.9, "false_abstention": 0.05}


def test_facts_are_substrings_or_regexes() -> None:
    assert fact_matches("70%", "a score of 70% or higher")
    assert fact_matches("/4\\s*-\\s*6 weeks/", "in 4-6 weeks")
    assert fact_matches("/Manager . Professional/", "Certified MLOps Manager – Professional")
    assert not fact_matches("80%", "a score of 70%")
