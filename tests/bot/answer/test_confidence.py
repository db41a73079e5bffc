"""Confidence: named-feature calibration read from its data file, the features, and the fit."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.answer.answerer import Answerer
from bot.answer.confidence import (
    CALIBRATION_FILE,
    FEATURES,
    SIGNS,
    Calibration,
    features,
    fit,
    load_calibration,
    write_calibration,
)
from bot.answer.tuning import TuningError


def weights(**changes: float) -> dict[str, float]:
    return {name: changes.get(name, 0.0) for name in FEATURES}


def test_the_shipped_calibration_names_every_feature() -> None:
    shipped = load_calibration()
    assert list(shipped.features) == list(FEATURES)
    assert 0.0 < shipped.threshold < 1.0
    assert shipped.features["unsupported"] < 0 < shipped.features["dense"]


def test_probability_weighs_each_feature_by_name() -> None:
    n = len(FEATURES)
    assert Calibration(features=weights(), bias=0.0, threshold=0.5).probability([1.0] * n) == 0.5
    leaning = Calibration(features=weights(dense=4.0), bias=-2.0, threshold=0.5)
    assert leaning.probability([1.0] + [0.0] * (n - 1)) > 0.85
    assert leaning.probability([0.0] * n) < 0.15


@pytest.mark.parametrize(
    ("features", "message"),
    [
        ({k: 1.0 for k in FEATURES if k != "unsupported"}, "missing unsupported"),
        ({**weights(), "colour": 1.0}, "unknown colour"),
    ],
)
def test_a_calibration_file_must_name_exactly_the_features(
    tmp_path: Path, features: dict, message: str
) -> None:  # type: ignore[type-arg]
    path = tmp_path / "calibration.yaml"
    write_calibration(Calibration(features=weights(), bias=0.0, threshold=0.5), path, "test")
    text = path.read_text(encoding="utf-8")
    import yaml

    data = yaml.safe_load(text)
    data["features"] = features
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(TuningError, match=message) as info:
        load_calibration(path)
    assert str(path) in str(info.value)


def test_written_calibration_reads_back_rounded_under_its_note(tmp_path: Path) -> None:
    path = tmp_path / "calibration.yaml"
    fitted = Calibration(features=weights(dense=4.78312, coverage=-0.1), bias=1.23456, threshold=0.5512)
    write_calibration(fitted, path, "line one\nline two")
    assert path.read_text(encoding="utf-8").startswith("# line one\n# line two\n")
    back = load_calibration(path)
    assert back.features["dense"] == 4.783 and back.bias == 1.235 and back.threshold == 0.55
    assert CALIBRATION_FILE.name == "calibration.yaml"


def test_fit_puts_weight_on_the_feature_that_separates() -> None:
    rng = np.random.default_rng(0)
    y = np.repeat([1.0, 0.0], 100)
    x = rng.normal(size=(200, len(FEATURES)))
    x[:, 0] += np.where(y == 1, 1.0, -1.0)  # only "dense" tells the classes apart
    fitted = fit(x, y, l2=0.01)
    assert fitted.features["dense"] > 1.0
    assert all(abs(fitted.features[name]) < fitted.features["dense"] / 3 for name in FEATURES[1:])
    p = np.array([fitted.probability(row) for row in x])
    assert p[y == 1].mean() > 0.7 > 0.3 > p[y == 0].mean()


def test_a_weight_counts_as_that_many_copies_of_a_question() -> None:
    rng = np.random.default_rng(1)
    y = rng.integers(0, 2, 60).astype(float)
    x = rng.normal(size=(60, len(FEATURES))) + y[:, None] * 0.5
    doubled = fit(np.vstack([x, x[:20]]), np.r_[y, y[:20]], l2=0.01)
    weighted = fit(x, y, l2=0.01, weights=np.r_[np.full(20, 2.0), np.ones(40)])
    plain = fit(x, y, l2=0.01)
    assert weighted.features == pytest.approx(doubled.features, abs=1e-6)
    assert weighted.bias == pytest.approx(doubled.bias, abs=1e-6)
    assert weighted.features != pytest.approx(plain.features, abs=1e-3)


def test_a_weight_that_fits_against_its_sign_is_held_at_zero() -> None:
    rng = np.random.default_rng(2)
    y = np.repeat([1.0, 0.0], 150)
    x = rng.normal(size=(300, len(FEATURES)))
    signal = np.where(y == 1, 1.0, -1.0)
    column = {name: n for n, name in enumerate(FEATURES)}
    x[:, column["dense"]] += signal
    x[:, column["agreement"]] -= signal  # in this data, both retrievers agreeing goes with near misses
    x[:, column["outside"]] += signal  # and closeness to near misses with questions it answers
    fitted = fit(x, y, l2=0.01)
    assert SIGNS["agreement"] == 1 and SIGNS["outside"] == -1
    assert fitted.features["agreement"] == 0.0 and fitted.features["outside"] == 0.0
    assert fitted.features["dense"] > 1.0
    assert all(fitted.features[name] * SIGNS[name] >= 0 for name in FEATURES)


def test_features_of_nothing_found_say_not_covered(answerer: Answerer) -> None:
    query = answerer.reader.read("pass mark?")
    found = dict(zip(FEATURES, features(query, [], answerer.retriever.artifact.keywords, 0.25), strict=True))
    assert found == {**weights(), "unknown": 1.0, "unsupported": 1.0, "outside": 0.25}


def test_features_tell_a_covered_question_from_an_unrelated_one(answerer: Answerer) -> None:
    covered = answerer.attempt(answerer.reader.read("What is the passing score for the exams?"))
    unrelated = answerer.attempt(answerer.reader.read("How do I make sourdough bread?"))
    priced = answerer.attempt(answerer.reader.read("How much does the professional exam cost in dollars?"))
    named = dict(zip(FEATURES, covered.features, strict=True))
    other = dict(zip(FEATURES, unrelated.features, strict=True))
    assert named["dense"] > other["dense"] and named["coverage"] == 1.0
    assert named["topic"] > other["topic"]  # the FAQ's own question, matched in meaning
    assert named["unknown"] < other["unknown"]
    assert named["unsupported"] == 0.0
    near_miss = dict(zip(FEATURES, priced.features, strict=True))
    assert near_miss["unsupported"] == 1.0
    # Close to the tuning questions about its passage; the price question close to known near misses.
    assert named["example"] > other["example"]
    assert near_miss["outside"] > named["outside"]
    assert covered.confidence > answerer.config.abstain_threshold > unrelated.confidence


def test_a_word_learners_use_for_the_curriculum_is_not_unknown(answerer: Answerer) -> None:
    query = answerer.reader.read("Does the credential run out?")
    keywords = answerer.retriever.artifact.keywords
    candidates = answerer.attempt(query).candidates
    learners = answerer.retriever.artifact.examples.words
    strange = [t for t in query.tokens if not keywords.known([t])]
    assert strange and set(strange) <= learners  # words the curriculum never writes, but learners ask with
    unknown = FEATURES.index("unknown")
    assert features(query, candidates, keywords, 0.0, learners)[unknown] == 0.0
    assert features(query, candidates, keywords, 0.0)[unknown] > 0.0
