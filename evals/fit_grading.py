"""`tutor fit-grading`: fit the grading model's thresholds on evals/tutor/grading_fit.yaml ONLY.

One decision tree per free-text kind (short answer, cloze) over the answer's features, with the
writer's four labels mapped onto the three grades. A fluent-but-wrong answer weighs more than the
others, because grading one correct is the error a tutor must not make. The held-out
grading_eval.yaml is never read here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rich.console import Console
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.tree import DecisionTreeClassifier

from bot.practice.features import Features
from bot.practice.grading import Grader
from bot.practice.model import MODEL_FILE, GradingModel, Node
from evals.tutor_data import EXPECTED_GRADE, GradingCase, case_item, load_grading
from index.artifact import Artifact
from index.encoder import Encoder

FIT_FILE = "grading_fit.yaml"
MAX_DEPTH = 4
MIN_LEAF = 5
FLUENT_WRONG_WEIGHT = 3.0
# A yes/no feature becomes a veto when at least this share of the fit-set answers it fires on are
# labelled fluent-but-wrong or off-topic.
VETO_CANDIDATES = ("numbers", "names")
VETO_PRECISION = 0.9
HEADER = (
    "# The grading model: one decision tree per free-text item kind over the answer's features\n"
    "# (bot/practice/features.py). Written by `tutor fit-grading` from evals/tutor/grading_fit.yaml;\n"
    "# do not edit by hand. A split sends features <= threshold `below`, the rest `above`.\n"
)


@dataclass(frozen=True)
class Fitted:
    model: GradingModel
    # 5-fold cross-validated accuracy on the fit set, per kind: vetoed answers as the veto grades
    # them, the rest as a tree fitted on the other folds grades them.
    cv_accuracy: dict[str, float]
    cv_fluent_wrong_correct: float  # cross-validated share of fluent-but-wrong answers graded correct


def _tree_to_node(tree: DecisionTreeClassifier, names: list[str]) -> Node:
    inner = tree.tree_
    classes = list(tree.classes_)

    def build(n: int) -> Node:
        if inner.children_left[n] == inner.children_right[n]:
            return Node(grade=str(classes[int(np.argmax(inner.value[n][0]))]))  # type: ignore[arg-type]
        return Node(
            feature=names[inner.feature[n]],
            threshold=float(inner.threshold[n]),
            below=build(inner.children_left[n]),
            above=build(inner.children_right[n]),
        )

    return _prune(build(0))


def _prune(node: Node) -> Node:
    """Merge a split whose two sides give the same grade into a leaf."""
    if node.grade is not None:
        return node
    assert node.below is not None and node.above is not None
    below, above = _prune(node.below), _prune(node.above)
    if below.grade is not None and below.grade == above.grade:
        return below
    return Node(feature=node.feature, threshold=node.threshold, below=below, above=above)


def fit(grader: Grader) -> Fitted:
    """Measure every fit-set answer with the grader's own features and fit one tree per kind."""
    cases = load_grading(FIT_FILE)
    names = list(Features.__dataclass_fields__)
    measured = []
    for case in cases:
        item = case_item(case, grader.artifact.practice)
        features, _ = grader.measure.measure(item, case.answer, grader.references(item), grader.encode)
        measured.append((case, features))
    vetoes = _vetoes(measured)
    probe = GradingModel({}, vetoes)
    rows: dict[str, tuple[list[list[float]], list[str], list[float]]] = {
        "short": ([], [], []),
        "cloze": ([], [], []),
    }
    vetoed = {"short": [0, 0], "cloze": [0, 0]}  # right, total
    for case, features in measured:
        if probe.vetoed(features):  # decided by a veto; the trees learn the rest
            vetoed[case.kind][0] += EXPECTED_GRADE[case.label] == "not yet"
            vetoed[case.kind][1] += 1
            continue
        x, y, w = rows[case.kind]
        x.append([features.as_dict()[n] for n in names])
        y.append(EXPECTED_GRADE[case.label])
        w.append(FLUENT_WRONG_WEIGHT if case.label == "fluent_wrong" else 1.0)
    trees: dict[str, Node] = {}
    accuracy: dict[str, float] = {}
    fluent_wrong = [0, sum(case.label == "fluent_wrong" for case in cases)]
    for kind, (x, y, w) in rows.items():
        data, labels, weights = np.array(x), np.array(y), np.array(w)
        tree = DecisionTreeClassifier(max_depth=MAX_DEPTH, min_samples_leaf=MIN_LEAF, random_state=0)
        folds = StratifiedKFold(5, shuffle=True, random_state=0)
        predicted = cross_val_predict(tree, data, labels, cv=folds, params={"sample_weight": weights})
        fluent_wrong[0] += int(np.sum((predicted == "correct") & (np.array(w) == FLUENT_WRONG_WEIGHT)))
        right, total = vetoed[kind]
        accuracy[kind] = (float(np.sum(predicted == labels)) + right) / (len(labels) + total)
        trees[kind] = _tree_to_node(tree.fit(data, labels, sample_weight=weights), names)
    model = GradingModel(trees, vetoes, f"{FIT_FILE} ({len(cases)} answers)")
    return Fitted(model, accuracy, fluent_wrong[0] / max(fluent_wrong[1], 1))


def _vetoes(measured: list[tuple[GradingCase, Features]]) -> tuple[str, ...]:
    """The candidate yes/no features that, where they fire, nearly always mean a wrong answer."""
    chosen = []
    for name in VETO_CANDIDATES:
        fired = [case for case, features in measured if features.as_dict()[name] > 0.5]
        wrong = sum(EXPECTED_GRADE[case.label] == "not yet" for case in fired)
        if fired and wrong / len(fired) >= VETO_PRECISION:
            chosen.append(name)
    return tuple(chosen)


def run_fit(
    artifact: Artifact, encoder: Encoder, console: Console, write: bool = True, path: Path = MODEL_FILE
) -> Fitted:
    """Fit, print the cross-validated figures, and write the model."""
    fitted = fit(Grader(artifact, encoder, GradingModel({})))
    for kind, value in fitted.cv_accuracy.items():
        console.print(f"{kind}: 5-fold cross-validated accuracy on the fit set {value:.3f}", highlight=False)
    console.print(
        f"fluent-but-wrong graded correct, cross-validated: {fitted.cv_fluent_wrong_correct:.3f}",
        highlight=False,
    )
    if write:
        fitted.model.write(path, HEADER)
        console.print(f"wrote {path}", style="dim", highlight=False)
    return fitted
