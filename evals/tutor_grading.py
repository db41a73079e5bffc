"""The grading eval: the grader against held-out labelled answers (evals/tutor/grading_eval.yaml)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from bot.practice.grading import Grader
from bot.practice.model import GRADES
from evals.tutor_data import EXPECTED_GRADE, LABELS, case_item, load_grading

EVAL_FILE = "grading_eval.yaml"


@dataclass
class GradingRun:
    total: int = 0
    right: int = 0
    confusion: dict[str, Counter[str]] = field(default_factory=lambda: {label: Counter() for label in LABELS})
    by_kind: dict[str, list[int]] = field(default_factory=dict)  # kind -> [right, total]
    wrong: list[tuple[str, str, str]] = field(default_factory=list)  # (case id, label, grade)

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0

    @property
    def fluent_wrong_correct(self) -> float:
        """Share of fluent-but-wrong answers graded correct."""
        row = self.confusion["fluent_wrong"]
        return row["correct"] / sum(row.values()) if sum(row.values()) else 0.0

    def metrics(self) -> dict[str, float]:
        out = {"grading_accuracy": self.accuracy, "fluent_wrong_graded_correct": self.fluent_wrong_correct}
        for kind, (right, total) in self.by_kind.items():
            out[f"grading_accuracy_{kind}"] = right / total if total else 0.0
        return out

    def table(self) -> list[list[str]]:
        """The confusion matrix: one row per label, one column per grade."""
        return [[label, *(str(self.confusion[label][g]) for g in GRADES)] for label in LABELS]


def run_grading(grader: Grader, name: str = EVAL_FILE) -> GradingRun:
    run = GradingRun()
    for case in load_grading(name):
        item = case_item(case, grader.artifact.practice)
        graded = grader.grade(item, case.answer)
        run.total += 1
        run.confusion[case.label][graded.grade] += 1
        tally = run.by_kind.setdefault(case.kind, [0, 0])
        tally[1] += 1
        if graded.grade == EXPECTED_GRADE[case.label]:
            run.right += 1
            tally[0] += 1
        else:
            run.wrong.append((case.id, case.label, graded.grade))
    return run
