"""`tutor calibrate`: the confidence fitted on evals/calibration.yaml and on the tuning questions out
of fold, with the shipped ranking kept; the weighted threshold choice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

import evals.calibrate as calibrate_module
from bot.answer.answerer import Answerer
from bot.answer.confidence import FEATURES
from evals.calibrate import calibrate, choose_threshold
from evals.rank_fit import with_ranking
from tests.evals.questions import ANSWERABLE


def test_keeping_the_ranking_fits_only_the_confidence(answerer: Answerer) -> None:
    shipped = answerer.config.calibration
    fitted, report = calibrate(answerer, [], keep_ranking=True)
    assert fitted.ranking == shipped.ranking
    assert set(fitted.features) == set(FEATURES) and 0.0 < fitted.threshold < 1.0
    assert "kept from the shipped calibration" in report
    assert "0 tuning questions asked out of fold" in report


def test_there_must_be_a_ranking_to_keep(answerer: Answerer) -> None:
    with pytest.raises(ValueError, match="no ranking to keep"):
        calibrate(with_ranking(answerer, None), [], keep_ranking=True)


def test_tuning_questions_are_asked_out_of_fold_and_weigh_as_much_as_the_labelled_file(
    answerer: Answerer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tuning = tmp_path / "tuning.yaml"
    tuning.write_text(
        yaml.safe_dump({"in_scope": ANSWERABLE, "out_of_scope": ["what's the weather in Oslo?"]}),
        encoding="utf-8",
    )
    fits: list[tuple[int, float]] = []
    real_fit = calibrate_module.fit

    def recording(x: Any, y: Any, l2: float, weights: Any = None) -> Any:
        fits.append((len(x), float(np.sum(weights))))
        return real_fit(x, y, l2, weights)

    monkeypatch.setattr(calibrate_module, "fit", recording)
    listed = len(calibrate_module.load_questions(calibrate_module.CALIBRATION_FILE))
    _, report = calibrate(answerer, [tuning], keep_ranking=True)
    # The five tuning questions join the labelled ones the tutor retrieves for (a question in another
    # language is replied to before retrieval), and weigh as much in all as they do.
    [(count, total)] = fits
    labelled = count - 5
    assert listed - 5 < labelled <= listed
    assert total == pytest.approx(2.0 * labelled)
    assert "5 tuning questions asked out of fold" in report
    assert "on the tuning questions, out of fold: in-scope answered" in report


def test_the_threshold_counts_each_question_by_its_weight() -> None:
    p = np.array([0.9, 0.6, 0.4, 0.3, 0.2])
    y = np.array([1.0, 1.0, 0.0, 0.0, 0.0])
    # Unweighted, any threshold in (0.4, 0.6] separates the classes.
    assert choose_threshold(p, y)[1] == pytest.approx(1.0)
    assert 0.4 < choose_threshold(p, y)[0] <= 0.6
    # An out-of-scope question at 0.7 that weighs as much as all the rest pushes the threshold above it.
    p2, y2 = np.r_[p, 0.7], np.r_[y, 0.0]
    weights = np.r_[np.ones(5), 10.0]
    chosen, _ = choose_threshold(p2, y2, weights)
    assert 0.7 < chosen <= 0.9
    assert choose_threshold(p2, y2)[0] <= 0.6


def test_a_source_without_out_of_scope_questions_reports_none_declined() -> None:
    samples = [
        calibrate_module.Sample("is it proctored?", True, ("faq",), [0.0] * len(FEATURES), ("faq#0",)),
        calibrate_module.Sample("does it expire?", True, ("faq",), [0.0] * len(FEATURES), ("other#0",)),
    ]
    line = calibrate_module._rates(samples, np.array([0.9, 0.1]), 0.5)
    assert line == "in-scope answered 0.500, top-1 0.500; out-of-scope abstained nan"
