"""Confidence: a calibrated probability that the curriculum answers the question.

A logistic model over a few retrieval features, fitted by `tutor calibrate` on labelled in-scope
and out-of-scope questions (evals/calibration.yaml); evals/calibration.md records the fit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from bot.answer.answer_type import unsupported
from bot.answer.query import Query
from bot.answer.retrieve import Candidate
from index.keywords import KeywordIndex, tokenize

FEATURES = ("dense", "coverage", "unknown", "margin", "agreement", "entities", "unsupported")


@dataclass(frozen=True)
class Calibration:
    """Logistic weights over FEATURES, plus a bias."""

    weights: tuple[float, ...]
    bias: float

    def probability(self, features: Sequence[float]) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.weights, features, strict=True))
        return 1.0 / (1.0 + math.exp(-z))


def features(query: Query, candidates: list[Candidate], keywords: KeywordIndex) -> list[float]:
    """What the top candidate says about whether the question is covered.

    dense:    cosine of the question to the best passage;
    coverage: share of the question's curriculum words (IDF-weighted) that the best passage contains;
    unknown:  share of the question's words that the curriculum never uses: "Python", "weather";
    margin:   how far the best passage stands out from the next by cosine;
    agreement: the best passage's fused rank score: 1.0 when both retrievers rank it first;
    entities: how well the level, section, role… that the question names match the passage;
    unsupported: 1.0 when the question wants a price, date, name, place or language the passage lacks.
    """
    tokens = list(dict.fromkeys(query.tokens))
    if not candidates:
        return [0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0]
    top = candidates[0]
    known = keywords.known(tokens)
    if known:
        # Coverage counts only words the curriculum uses; words it never uses are counted
        # apart (a paraphrase brings a few, an unrelated question brings mostly those).
        idf = np.array([keywords.idf(t) for t in known])
        chunk_tokens = set(tokenize(top.chunk.embed_text))
        coverage = float(idf[np.array([t in chunk_tokens for t in known])].sum() / idf.sum())
    else:
        coverage = 0.0
    unknown_share = 1.0 - len(known) / len(tokens) if tokens else 1.0
    runner_up = max((c.dense for c in candidates[1:]), default=0.0)
    lacking = 1.0 if unsupported(query.wanted, query.places, top.chunk.text) else 0.0
    return [
        top.dense,
        coverage,
        unknown_share,
        max(0.0, top.dense - runner_up),
        top.fused,
        top.boost,
        lacking,
    ]


def fit(x: npt.NDArray[np.float64], y: npt.NDArray[np.float64], l2: float = 0.01) -> Calibration:
    """Logistic regression by Newton's method: small, exact, no extra dependency."""
    design = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(design.shape[1])
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-design @ w))
        grad = design.T @ (p - y) + l2 * np.r_[w[:-1], 0.0]
        hess = design.T @ (design * (p * (1 - p))[:, None]) + l2 * np.diag(np.r_[np.ones(len(w) - 1), 0.0])
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return Calibration(weights=tuple(float(v) for v in w[:-1]), bias=float(w[-1]))
