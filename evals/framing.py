"""Framing robustness: does a chat framing of a question ("Quick question: …", "…? Thanks!",
"hmm, …") change the tutor's answer to it?

Measured on the tuning set's in-scope questions that the tutor answers as written (never on the
held-out eval set), each asked again in every frame of framing.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.answer.answerer import Answerer
from bot.answer.candidate import Mode
from evals.calibrate import CALIBRATION_FILE, load_questions
from index.yaml_files import read_yaml

FRAMES_FILE = Path(__file__).parent / "framing.yaml"


@dataclass(frozen=True)
class Framing:
    """How many framed answers changed (another first citation, or a decline), by frame."""

    questions: int  # tuning questions answered as written
    changed: dict[str, int]

    @property
    def rate(self) -> float:
        """The share of framed answers that changed."""
        asked = self.questions * len(self.changed)
        return sum(self.changed.values()) / asked if asked else 0.0


def framed(frame: str, question: str) -> str:
    """The question in a frame."""
    return frame.format(q=question, ql=question[:1].lower() + question[1:], qs=question.rstrip("?.! "))


def measure(answerer: Answerer, mode: Mode, path: Path = FRAMES_FILE) -> Framing:
    """Every answered tuning question in every frame."""
    frames: list[str] = read_yaml(path)["frames"]
    changed = dict.fromkeys(frames, 0)
    questions = 0
    for question, in_scope, _ in load_questions(CALIBRATION_FILE):
        plain, _ = answerer.answer(question, mode=mode) if in_scope else (None, None)
        if plain is None or plain.abstained:
            continue
        questions += 1
        for frame in frames:
            answer, _ = answerer.answer(framed(frame, question), mode=mode)
            changed[frame] += answer.abstained or answer.citations[0].id != plain.citations[0].id
    return Framing(questions, changed)
