"""Fit the confidence model and choose the abstention threshold from labelled questions.

`tutor calibrate` first fits the learned ranking of the candidates on the query adapter's tuning
questions, out of fold (evals/rank_fit.py). With that ranking in place, it asks
evals/calibration.yaml (in-scope questions with their expected passage, and out-of-scope
questions) and the tuning questions out of fold, fits a logistic model over
bot.answer.confidence.FEATURES, picks the threshold with the best balanced accuracy, and writes all
three to bot/answer/calibration.yaml (which the answerer loads; review the change like code) with
the report in evals/calibration.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console

from bot.answer.answerer import Answerer
from bot.answer.confidence import CALIBRATION_FILE as MODEL_FILE
from bot.answer.confidence import FEATURES, Calibration, fit, write_calibration
from bot.answer.ranking import RANK_FEATURES
from evals.rank_fit import Fold, fit_out_of_fold, folds_of, with_ranking
from index.yaml_files import read_yaml
from ingest.adapter import read_examples

CALIBRATION_FILE = Path(__file__).parent / "calibration.yaml"
REPORT_FILE = Path(__file__).parent / "calibration.md"


@dataclass(frozen=True)
class Sample:
    question: str
    in_scope: bool
    expected: tuple[str, ...]
    features: list[float]
    top_ids: tuple[str, ...]

    @property
    def hit1(self) -> bool:
        return bool(self.top_ids) and self.top_ids[0].startswith(self.expected)


Labelled = tuple[str, bool, tuple[str, ...]]


def load_questions(*paths: Path) -> list[Labelled]:
    """In-scope questions (with their expected passages) and out-of-scope ones, from each tuning
    file. Other certifications, other languages and small talk are decided before retrieval, so
    they have no confidence to fit; the vendor questions the curriculum answers are in scope."""
    rows: list[Labelled] = []
    for path in paths:
        data: dict[str, Any] = read_yaml(path)
        for item in [*data["in_scope"], *data.get("vendor_in_scope", [])]:
            expected = item["expected"]
            rows.append((item["q"], True, tuple(expected if isinstance(expected, list) else [expected])))
        rows.extend((q, False, ()) for q in data["out_of_scope"])
    return rows


def sample(answerer: Answerer, questions: list[Labelled]) -> list[Sample]:
    """Each question's features on the serving path; questions the tutor replies to before
    retrieval (a language or another certification) have none and are left out."""
    out = []
    for question, in_scope, expected in questions:
        attempt = answerer.attempt_as_asked(question)
        if attempt is None:
            continue
        top_ids = tuple(c.chunk.id for c in attempt.candidates[:5])
        out.append(Sample(question, in_scope, expected, attempt.features, top_ids))
    return out


TIE = 0.01  # balanced accuracies this close are the same, given a couple of hundred questions


def choose_threshold(p: np.ndarray, y: np.ndarray, weights: np.ndarray | None = None) -> tuple[float, float]:
    """The middle of the thresholds whose balanced accuracy is within TIE of the best.

    Balanced accuracy (Youden's J) counts answering in-scope questions and declining out-of-scope
    ones the same (each question counting by its weight, 1.0 by default). On a few hundred questions
    it is flat over a range of thresholds; the middle of that range is the choice least moved by
    which questions happen to be in the set. Returns (threshold, its balanced accuracy).
    """
    w = np.ones(len(p)) if weights is None else weights
    inside, outside = y == 1, y == 0

    def balanced(t: float) -> float:
        answered = p >= t
        return float(
            (w[inside & answered].sum() / w[inside].sum() + w[outside & ~answered].sum() / w[outside].sum())
            / 2
        )

    grid = np.round(np.arange(0.05, 0.951, 0.01), 2)
    scores = np.array([balanced(t) for t in grid])
    near = grid[scores >= scores.max() - TIE]
    chosen = float(np.round((near.min() + near.max()) / 2, 2))
    return chosen, float(scores[int(np.argmin(np.abs(grid - chosen)))])


def held_out_samples(answerer: Answerer, folds: Sequence[Fold]) -> list[Sample]:
    """The tuning questions' samples, each fold's asked with a retriever that never saw them (and
    `answerer`'s ranking and calibration): the features a learner's new question gets."""
    chunks = answerer.retriever.artifact.chunks
    out: list[Sample] = []
    for fold in folds:
        held = Answerer(fold.retriever, answerer.config)
        rows = [(e.question, bool(e.answers), tuple(chunks[n].id for n in e.answers)) for e in fold.held]
        out.extend(sample(held, rows))
    return out


def _share(flags: np.ndarray) -> float:
    """The share of true flags; nan for none (a source with no out-of-scope question)."""
    return float(flags.mean()) if flags.size else float("nan")


def _rates(samples: Sequence[Sample], p: np.ndarray, threshold: float) -> str:
    """In-scope answered and top-1, out-of-scope declined, for one source's samples."""
    inside = np.array([s.in_scope for s in samples], dtype=bool)
    answered = p >= threshold
    top1 = np.array([s.hit1 for s in samples if s.in_scope], dtype=bool)
    return (
        f"in-scope answered {_share(answered[inside]):.3f}, top-1 {_share(top1):.3f}; "
        f"out-of-scope abstained {_share(~answered[~inside]):.3f}"
    )


def calibrate(
    answerer: Answerer, ranking_questions: Sequence[Path], keep_ranking: bool = False
) -> tuple[Calibration, str]:
    """Fit the ranking on `ranking_questions` (the adapter's tuning files), then the confidence with
    that ranking in place; choose the threshold, and return the calibration and a Markdown report.
    With `keep_ranking`, the shipped ranking stays and only the confidence is fitted.

    The confidence is fitted on two sources that weigh the same in all: evals/calibration.yaml
    (asked as the shipped index answers them; the adapter never reads it), and the tuning files' questions
    asked out of fold (evals/rank_fit.py), whose everyday wording shares few words with the
    curriculum's. Asked in fold, they would look better than a learner's question ever does, since
    the adapter and the example bank were fitted on them.
    """
    l2 = answerer.config.tuning.confidence.l2
    chunks = answerer.retriever.artifact.chunks
    examples = read_examples(ranking_questions, chunks)
    folds = folds_of(answerer, examples) if examples else []
    if keep_ranking:
        kept = answerer.config.calibration.ranking
        if kept is None:
            raise ValueError("--keep-ranking: the shipped calibration has no ranking to keep")
        ranking, origin = kept, "kept from the shipped calibration"
    else:
        ranking = fit_out_of_fold(answerer, ranking_questions, l2, folds)
        origin = "fitted out of fold on " + ", ".join(f"`{p.as_posix()}`" for p in ranking_questions)
    answerer = with_ranking(answerer, ranking)
    labelled = sample(answerer, load_questions(CALIBRATION_FILE))
    held = held_out_samples(answerer, folds)
    samples = labelled + held
    x = np.array([s.features for s in samples], dtype=np.float64)
    y = np.array([1.0 if s.in_scope else 0.0 for s in samples])
    weights = np.r_[np.ones(len(labelled)), np.full(len(held), len(labelled) / max(1, len(held)))]
    fitted = fit(x, y, l2, weights)
    p = np.array([fitted.probability(f) for f in x])
    threshold, balanced = choose_threshold(p, y, weights)
    calibration = fitted.model_copy(update={"threshold": threshold, "ranking": ranking})
    inside = [s for s in labelled if s.in_scope]
    files = ", ".join(f"`{p.as_posix()}`" for p in ranking_questions)
    lines = [
        "# Confidence calibration",
        "",
        "Written by `tutor calibrate`, with the numbers below in `bot/answer/calibration.yaml`.",
        "",
        f"- questions: {len(inside)} in scope, {len(labelled) - len(inside)} out of scope "
        f"(`evals/{CALIBRATION_FILE.name}`, kept apart from the eval dataset), and, weighing as much in all, "
        f"{len(held)} tuning questions asked out of fold ({files or 'none'})",
        f"- index: {answerer.retriever.artifact.manifest.build_id}, model {answerer.retriever.encoder.model_id}",
        f"- features: {', '.join(FEATURES)}",
        "- weights: "
        + ", ".join(f"{name} {calibration.features[name]:.3f}" for name in FEATURES)
        + f"; bias {calibration.bias:.3f}",
        f"- ranking (the candidates' order, {origin}): "
        + ", ".join(f"{name} {ranking.weights[name]:.3f}" for name in RANK_FEATURES),
        f"- threshold: {threshold:.2f}, the best balanced accuracy ({balanced:.3f}) of answering in-scope "
        f"questions and declining out-of-scope ones: the middle of the thresholds within {TIE} of the best",
        f"- at that threshold, on `evals/{CALIBRATION_FILE.name}`: "
        + _rates(labelled, p[: len(labelled)], threshold),
    ]
    if held:
        lines.append("- on the tuning questions, out of fold: " + _rates(held, p[len(labelled) :], threshold))
    lines += [
        "",
        f"| question (`evals/{CALIBRATION_FILE.name}`) | in scope | confidence | top passage |",
        "| --- | --- | --- | --- |",
    ]
    for s, prob in sorted(zip(labelled, p[: len(labelled)], strict=True), key=lambda sp: sp[1]):
        mark = "" if not s.in_scope else (" ✓" if s.hit1 else " ✗")
        top = s.top_ids[0] if s.top_ids else "—"
        lines.append(
            f"| {s.question.replace('|', '/')} | {'yes' if s.in_scope else 'no'} | {prob:.3f} | {top}{mark} |"
        )
    return calibration, "\n".join(lines) + "\n"


def run_calibration(
    answerer: Answerer,
    console: Console,
    ranking_questions: Sequence[Path],
    write: bool = True,
    keep_ranking: bool = False,
) -> None:
    """`tutor calibrate`: fit, print the numbers, and write the calibration and its report."""
    calibration, report = calibrate(answerer, ranking_questions, keep_ranking)
    if write:
        index = answerer.retriever.artifact.manifest.build_id
        note = (
            "The confidence model (bot/answer/confidence.py): logistic weights by feature, the bias, and\n"
            "the threshold below which the tutor abstains; and the candidates' learned ranking\n"
            "(bot/answer/ranking.py). Written by `tutor calibrate` from evals/calibration.yaml and\n"
            f"the adapter's tuning questions out of fold, on index {index}; evals/calibration.md records the fit.\n"
            "Review a change like code."
        )
        write_calibration(calibration, MODEL_FILE, note)
        REPORT_FILE.write_text(report, encoding="utf-8")
        console.print(f"wrote {MODEL_FILE} and {REPORT_FILE}")
    weights = ", ".join(f"{name} {calibration.features[name]:.3f}" for name in FEATURES)
    console.print(
        f"weights: {weights}\nbias: {calibration.bias:.3f}\nthreshold: {calibration.threshold:.2f}",
        highlight=False,
    )
