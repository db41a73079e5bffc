"""The framing measure on the real answerer: an identity frame changes nothing, a frame that
replaces the question changes every answer."""

from __future__ import annotations

from pathlib import Path

from bot.answer.answerer import Answerer
from evals.framing import framed, measure


def test_a_frame_fills_in_the_question() -> None:
    assert framed("hmm, {ql}", "Is it proctored?") == "hmm, is it proctored?"
    assert framed("{qs}?? Thanks!", "Is it proctored?.") == "Is it proctored?? Thanks!"


def test_framing_counts_the_answers_that_change(answerer: Answerer, tmp_path: Path) -> None:
    frames = tmp_path / "framing.yaml"
    frames.write_text('frames: ["{q}", "How do I bake sourdough bread?"]\n', encoding="utf-8")
    result = measure(answerer, "hybrid", frames)
    assert result.questions > 50
    assert result.changed == {"{q}": 0, "How do I bake sourdough bread?": result.questions}
    assert result.rate == 0.5
