"""Confidence: a calibrated probability that the curriculum answers the question.

A logistic model over a few retrieval features, fitted by `tutor calibrate` on labelled in-scope
and out-of-scope questions (evals/calibration.yaml) and written, with the abstention threshold,
to calibration.yaml beside this module; evals/calibration.md records the fit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import yaml
from pydantic import Field, model_validator

from bot.answer.answer_type import unsupported
from bot.answer.candidate import Candidate
from bot.answer.query import Query
from bot.answer.ranking import RANK_FEATURES, Ranking
from bot.answer.tuning import Frozen, read_yaml, validated
from index.keywords import KeywordIndex, tokenize

FEATURES = (
    "dense",
    "topic",
    "coverage",
    "unknown",
    "margin",
    "agreement",
    "entities",
    "unsupported",
    "example",
    "outside",
)
# The way each feature may move the confidence: more of a "+1" feature never makes an answer less
# likely, more of a "-1" one never more. The tuning questions avoid the curriculum's words by design
# (the everyday overlap rule), while their near misses use them ("the exam fee"); fitted freely,
# a question in the curriculum's own words would lose confidence for its coverage and for both
# retrievers agreeing. `fit` holds each weight to its sign.
SIGNS = {
    "dense": 1,
    "topic": 1,
    "coverage": 1,
    "unknown": -1,
    "margin": 1,
    "agreement": 1,
    "entities": 1,
    "unsupported": -1,
    "example": 1,
    "outside": -1,
}
CALIBRATION_FILE = Path(__file__).parent / "calibration.yaml"


class Calibration(Frozen):
    """Logistic weights by feature name, a bias, and the probability below which the tutor abstains."""

    features: dict[str, float]
    bias: float
    threshold: float = Field(ge=0, le=1)
    ranking: Ranking | None = None  # the learned order of the candidates; none: rank fusion

    @model_validator(mode="after")
    def _every_feature(self) -> Calibration:
        missing = [f for f in FEATURES if f not in self.features]
        unknown = [f for f in self.features if f not in FEATURES]
        if missing or unknown:
            raise ValueError(
                f"features must be exactly {', '.join(FEATURES)}"
                + (f"; missing {', '.join(missing)}" if missing else "")
                + (f"; unknown {', '.join(unknown)}" if unknown else "")
            )
        return self

    def probability(self, values: Sequence[float]) -> float:
        """The probability for feature values given in FEATURES order."""
        weights = (self.features[name] for name in FEATURES)
        z = self.bias + sum(w * x for w, x in zip(weights, values, strict=True))
        return 1.0 / (1.0 + math.exp(-z))


def load_calibration(path: Path = CALIBRATION_FILE) -> Calibration:
    """Read and check the calibration file."""
    return validated(Calibration, read_yaml(path), path)


def write_calibration(calibration: Calibration, path: Path, note: str) -> None:
    """Write a calibration as `load_calibration` reads it, under a comment that says where it came from."""
    data = {
        "features": {name: round(calibration.features[name], 3) for name in FEATURES},
        "bias": round(calibration.bias, 3),
        "threshold": round(calibration.threshold, 2),
    }
    if calibration.ranking is not None:
        data["ranking"] = {"weights": {n: round(calibration.ranking.weights[n], 3) for n in RANK_FEATURES}}
    header = "".join(f"# {line}\n" for line in note.splitlines())
    path.write_text(header + yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def features(
    query: Query,
    candidates: list[Candidate],
    keywords: KeywordIndex,
    outside: float,
    learners: frozenset[str] = frozenset(),
) -> list[float]:
    """What the top candidate says about whether the question is covered.

    dense:    cosine of the question to the best passage (its best view);
    topic:    cosine of the question to the best passage's own topic: its FAQ question or heading,
              which says what the passage answers, in meaning rather than in shared words;
    coverage: share of the question's curriculum words (IDF-weighted) that the best passage contains;
    unknown:  share of the question's words that neither the curriculum nor the in-scope tuning
              questions (`learners`, the example bank's words) use: "Python", "weather";
    margin:   how far the best passage stands out from the next by cosine;
    agreement: the best passage's fused rank score: 1.0 when both retrievers rank it first;
    entities: how well the level, section, role… that the question names match the passage;
    unsupported: 1.0 when the question wants a price, date, name, place or language the passage lacks;
    example:  the best passage's closeness to the tuning questions asked about it (index/examples.py);
    outside:  the question's closeness to the known out-of-scope tuning questions (given).
    """
    tokens = list(dict.fromkeys(query.tokens))
    if not candidates:
        return [0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, outside]
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
    vocabulary = set(known) | learners
    unknown_share = 1.0 - sum(t in vocabulary for t in tokens) / len(tokens) if tokens else 1.0
    runner_up = max((c.dense for c in candidates[1:]), default=0.0)
    lacking = 1.0 if unsupported(query.wanted, query.places, top.chunk.text) else 0.0
    return [
        top.dense,
        top.topic,
        coverage,
        unknown_share,
        max(0.0, top.dense - runner_up),
        top.fused,
        top.boost,
        lacking,
        top.example,
        outside,
    ]


def _newton(
    design: npt.NDArray[np.float64], y: npt.NDArray[np.float64], l2: float, weight: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """Weighted, L2-penalised logistic regression by Newton's method; the last column is the bias
    (not penalised)."""
    w = np.zeros(design.shape[1])
    penalty = l2 * np.r_[np.ones(len(w) - 1), 0.0]
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-design @ w))
        grad = design.T @ (weight * (p - y)) + penalty * w
        hess = design.T @ (design * (weight * p * (1 - p))[:, None]) + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def fit(
    x: npt.NDArray[np.float64],
    y: npt.NDArray[np.float64],
    l2: float,
    weights: npt.NDArray[np.float64] | None = None,
) -> Calibration:
    """Logistic regression over FEATURES with each weight held to its sign (SIGNS): small, exact,
    no extra dependency. `weights` weigh each question's loss (all 1.0 by default).

    A weight that comes out against its sign is set to 0 and the rest refitted, the worst first, until
    none does (an active set). The threshold is left at 0.5; `tutor calibrate` chooses the one to ship.
    """
    weight = np.ones(len(x)) if weights is None else weights
    free = list(range(len(FEATURES)))
    while True:
        w = _newton(np.hstack([x[:, free], np.ones((len(x), 1))]), y, l2, weight)
        against = {f: -v * SIGNS[FEATURES[f]] for f, v in zip(free, w[:-1], strict=True)}
        worst = max(against, key=lambda f: against[f], default=None)
        if worst is None or against[worst] <= 0:
            break
        free.remove(worst)
    fitted = dict(zip(free, (float(v) for v in w[:-1]), strict=True))
    by_name = {name: fitted.get(n, 0.0) for n, name in enumerate(FEATURES)}
    return Calibration(features=by_name, bias=float(w[-1]), threshold=0.5)
