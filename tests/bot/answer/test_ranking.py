"""The learned ranking: its weights file section, its listwise fit, and the order it gives retrieval."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError

from bot.answer.answerer import Answerer
from bot.answer.confidence import FEATURES, Calibration, load_calibration, write_calibration
from bot.answer.ranking import RANK_FEATURES, Ranking, fit_ranking
from ingest.adapter import read_examples

EVERYDAY = Path("evals/tuning_everyday.yaml")


def only(name: str, weight: float = 1.0) -> Ranking:
    return Ranking(weights={n: weight if n == name else 0.0 for n in RANK_FEATURES})


def test_the_weights_must_name_exactly_the_features() -> None:
    with pytest.raises(ValidationError, match="exactly dense"):
        Ranking(weights={"dense": 1.0})
    assert list(only("plain").vector()) == [float(n == "plain") for n in RANK_FEATURES]


def test_the_fit_weighs_the_feature_that_finds_the_answer() -> None:
    """Each question's answering candidate is the one with the highest second feature, while the
    first is noise; a question none of whose candidates answers is skipped, not fatal."""
    rng = np.random.default_rng(0)
    lists, targets = [], []
    for _ in range(60):
        x = rng.normal(size=(8, len(RANK_FEATURES)))
        lists.append(x)
        targets.append(x[:, 1] == x[:, 1].max())
    lists.append(rng.normal(size=(8, len(RANK_FEATURES))))
    targets.append(np.zeros(8, dtype=bool))
    w = fit_ranking(lists, targets, l2=0.01).vector()
    assert np.argmax(np.abs(w)) == 1 and w[1] > 0
    assert np.mean([t[int(np.argmax(x @ w))] for x, t in zip(lists[:-1], targets[:-1], strict=True)]) > 0.9


def test_the_fit_orders_real_candidates_better_than_rank_fusion(answerer: Answerer) -> None:
    """On the real retriever's candidates for everyday tuning questions (the whole pool, with
    features mostly near 0 or 1 and some questions answered by two passages), the fitted order puts
    the answer first more often than rank fusion does."""
    chunks = answerer.retriever.artifact.chunks
    examples = [e for e in read_examples([EVERYDAY], chunks) if e.answers][::3]
    lists, targets = [], []
    for example in examples:
        query = answerer.reader.read(example.question)
        plain = answerer.retriever.embed(query.expanded)
        found = answerer.retriever.search(
            query, answerer.retriever.artifact.adapter(plain), "hybrid", None, plain
        )
        lists.append(np.array([c.ranking_features() for c in found]))
        targets.append(np.array([c.number in example.answers for c in found]))
    w = fit_ranking(lists, targets, l2=0.01).vector()

    def first_right(order: list[np.ndarray]) -> float:  # type: ignore[type-arg]
        return float(np.mean([t[int(np.argmax(o))] for o, t in zip(order, targets, strict=True)]))

    fused = first_right([-np.arange(len(x), dtype=float) for x in lists])  # search() returns fusion's order
    assert first_right([x @ w for x in lists]) > fused > 0.2


def test_the_calibration_file_carries_the_ranking(tmp_path: Path) -> None:
    assert load_calibration().ranking is not None  # `tutor calibrate` wrote it
    path = tmp_path / "calibration.yaml"
    ranking = Ranking(weights={n: i + 0.12345 for i, n in enumerate(RANK_FEATURES)})
    write_calibration(
        Calibration(features=dict.fromkeys(FEATURES, 0.0), bias=0.0, threshold=0.5, ranking=ranking),
        path,
        "t",
    )
    back = load_calibration(path).ranking
    assert (
        back is not None
        and back.weights["dense"] == 0.123
        and back.weights[RANK_FEATURES[-1]] == len(RANK_FEATURES) - 1 + 0.123
    )


def test_retrieval_orders_by_the_ranking(answerer: Answerer) -> None:
    """The same candidates, ordered by whichever features the ranking weighs."""
    query = answerer.reader.read("will someone watch me while I take the test")
    plain = answerer.retriever.embed(query.expanded)
    vector = answerer.retriever.artifact.adapter(plain)

    def ranked(ranking: Ranking | None) -> list[int]:
        found = answerer.retriever.search(query, vector, "hybrid", None, plain, ranking)
        return [c.number for c in found]

    fused = answerer.retriever.search(query, vector, "hybrid", None, plain, None)
    by_plain = answerer.retriever.search(query, vector, "hybrid", None, plain, only("plain"))
    by_bm25 = answerer.retriever.search(query, vector, "hybrid", None, plain, only("bm25"))
    assert sorted(ranked(None)) == sorted(ranked(only("plain")))
    assert [c.plain for c in by_plain] == sorted((c.plain for c in by_plain), reverse=True)
    assert [c.bm25 for c in by_bm25] == sorted((c.bm25 for c in by_bm25), reverse=True)
    assert max(c.bm25_share for c in by_bm25) == 1.0
    assert [c.score for c in fused] == [
        c.fused + answerer.retriever.tuning.entity_boost * c.boost for c in fused
    ]
    # Only the hybrid retriever has every feature to weigh; the others keep rank fusion.
    dense_only = answerer.retriever.search(query, vector, "dense", None, plain, only("bm25"))
    assert [c.score for c in dense_only] == sorted((c.score for c in dense_only), reverse=True)
    assert all(c.score == c.fused + answerer.retriever.tuning.entity_boost * c.boost for c in dense_only)


def test_the_topic_counts_only_where_it_is_a_question(answerer: Answerer) -> None:
    query = answerer.reader.read("is the exam proctored")
    plain = answerer.retriever.embed(query.expanded)
    found = answerer.retriever.search(
        query, answerer.retriever.artifact.adapter(plain), "hybrid", None, plain
    )
    topic = RANK_FEATURES.index("topic")
    for c in found:
        assert c.ranking_features()[topic] == (c.topic if c.chunk.kind == "faq" else c.dense)
    assert {c.chunk.kind for c in found} >= {"faq", "section"}
