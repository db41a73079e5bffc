"""The learned ranking: the order of the candidates as a weighted sum of what retrieval measured.

Reciprocal rank fusion throws the scores away and keeps only ranks, so a passage the adapted
vector finds clearly best counts no more than one it finds barely ahead. A linear scorer over the
scores themselves, fitted listwise (a softmax over each question's candidates, the answering
passage as the target) on questions with known passages, keeps them. `tutor calibrate` fits it
(evals/rank_fit.py) and writes it beside the confidence model in calibration.yaml.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from pydantic import model_validator

from bot.answer.tuning import Frozen

RANK_FEATURES = ("dense", "topic", "plain", "bm25", "boost", "fused", "example")


class Ranking(Frozen):
    """Weights by feature name (RANK_FEATURES)."""

    weights: dict[str, float]

    @model_validator(mode="after")
    def _every_feature(self) -> Ranking:
        if sorted(self.weights) != sorted(RANK_FEATURES):
            raise ValueError(f"ranking weights must be exactly {', '.join(RANK_FEATURES)}")
        return self

    def vector(self) -> npt.NDArray[np.float64]:
        """The weights in RANK_FEATURES order."""
        return np.array([self.weights[name] for name in RANK_FEATURES])


def fit_ranking(
    lists: Sequence[npt.NDArray[np.float64]], targets: Sequence[npt.NDArray[np.bool_]], l2: float
) -> Ranking:
    """Weights maximising the softmax likelihood of each question's answering candidates among its
    candidates (one feature matrix and one target mask per question), by Fisher scoring: Newton's
    method with the candidates' covariance for the Hessian, which is exact when one candidate
    answers and stays positive definite when several do (the loss is then not convex).

    Questions none of whose candidates answer carry no information about the order and are skipped.
    """
    pairs = [(x, y) for x, y in zip(lists, targets, strict=True) if y.any()]

    def loss(w: npt.NDArray[np.float64]) -> float:
        total = 0.0
        for x, y in pairs:
            z = x @ w
            top = z.max()
            total += np.log(np.exp(z - top).sum()) - np.log(np.exp(z[y] - top).sum())
        return total / max(1, len(pairs)) + 0.5 * l2 * float(w @ w)

    w = np.zeros(len(RANK_FEATURES))
    current = loss(w)
    for _ in range(100):
        grad = l2 * w
        hess = l2 * np.eye(len(w))
        for x, y in pairs:
            z = x @ w
            p = np.exp(z - z.max())
            p /= p.sum()
            wanted = p * y / (p * y).sum()
            grad += x.T @ (p - wanted) / len(pairs)
            hess += _covariance(x, p) / len(pairs)
        step = np.linalg.solve(hess, grad)
        # A full step can overshoot far from the optimum; halve it until the loss falls.
        while (after := loss(w - step)) > current and np.abs(step).max() > 1e-10:
            step /= 2
        if after > current:
            break
        w, current = w - step, after
        if np.abs(step).max() < 1e-8:
            break
    return Ranking(weights=dict(zip(RANK_FEATURES, (float(v) for v in w), strict=True)))


def _covariance(x: npt.NDArray[np.float64], p: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    mean = p @ x
    centred = x - mean
    result: npt.NDArray[np.float64] = centred.T @ (centred * p[:, None])
    return result
