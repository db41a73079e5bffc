"""`tutor calibrate`: the confidence fitted with the shipped ranking kept."""

from __future__ import annotations

import pytest

from bot.answer.answerer import Answerer
from bot.answer.confidence import FEATURES
from evals.calibrate import calibrate
from evals.rank_fit import with_ranking


def test_keeping_the_ranking_fits_only_the_confidence(answerer: Answerer) -> None:
    shipped = answerer.config.calibration
    fitted, report = calibrate(answerer, [], keep_ranking=True)
    assert fitted.ranking == shipped.ranking
    assert set(fitted.features) == set(FEATURES) and 0.0 < fitted.threshold < 1.0
    assert "kept from the shipped calibration" in report


def test_there_must_be_a_ranking_to_keep(answerer: Answerer) -> None:
    with pytest.raises(ValueError, match="no ranking to keep"):
        calibrate(with_ranking(answerer, None), [], keep_ranking=True)
