"""The grading model: per item kind, a small decision tree over the answer's features, whose
thresholds were fitted on labelled answers (evals/tutor/grading_fit.yaml) by `tutor fit-grading`
and written to grading.yaml. Reading it needs nothing but this file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast

import yaml

from bot.practice.features import Features
from index.yaml_files import read_yaml

Grade = Literal["correct", "partly", "not yet"]
GRADES: tuple[Grade, ...] = ("correct", "partly", "not yet")
MODEL_FILE = Path(__file__).with_name("grading.yaml")


class ModelError(ValueError):
    """grading.yaml is missing, or not a model this code can read."""


@dataclass(frozen=True)
class Node:
    """A split (feature <= threshold goes `below`) or, with `grade` set, a leaf."""

    grade: Grade | None = None
    feature: str | None = None
    threshold: float = 0.0
    below: Node | None = None
    above: Node | None = None

    def decide(self, features: dict[str, float]) -> Grade:
        node = self
        while node.grade is None:
            assert node.feature is not None and node.below is not None and node.above is not None
            node = node.below if features[node.feature] <= node.threshold else node.above
        return node.grade

    def to_data(self) -> dict[str, Any]:
        if self.grade is not None:
            return {"grade": self.grade}
        assert self.below is not None and self.above is not None
        return {
            "feature": self.feature,
            "threshold": round(self.threshold, 6),
            "below": self.below.to_data(),
            "above": self.above.to_data(),
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Node:
        if "grade" in data:
            if data["grade"] not in GRADES:
                raise ModelError(f"unknown grade {data['grade']!r} in the grading model")
            return cls(grade=cast(Grade, data["grade"]))
        feature = str(data["feature"])
        if feature not in Features.__dataclass_fields__:
            raise ModelError(f"the grading model splits on {feature!r}, which is not a feature")
        return cls(
            feature=feature,
            threshold=float(data["threshold"]),
            below=cls.from_data(data["below"]),
            above=cls.from_data(data["above"]),
        )


@dataclass(frozen=True)
class GradingModel:
    """Vetoes, then one tree for short answers and one for cloze blanks.

    A veto is a yes/no feature (a contradicted number, a wrong level's name) that makes an answer
    "not yet" whatever else it gets right: a partly right answer holds nothing false.
    """

    trees: dict[str, Node]
    vetoes: tuple[str, ...] = ()
    fitted_on: str = ""

    def vetoed(self, features: Features) -> bool:
        values = features.as_dict()
        return any(values[name] > 0.5 for name in self.vetoes)

    def decide(self, kind: str, features: Features) -> Grade:
        if self.vetoed(features):
            return "not yet"
        return self.trees[kind].decide(features.as_dict())

    def write(self, path: Path, header: str) -> None:
        data = {
            "fitted_on": self.fitted_on,
            "vetoes": list(self.vetoes),
            "trees": {k: v.to_data() for k, v in self.trees.items()},
        }
        path.write_text(header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def load_model(path: Path = MODEL_FILE) -> GradingModel:
    try:
        data = read_yaml(path)
        trees = {kind: Node.from_data(tree) for kind, tree in data["trees"].items()}
    except (OSError, KeyError, TypeError, yaml.YAMLError) as exc:
        raise ModelError(f"cannot read the grading model {path}: {exc}; run `tutor fit-grading`") from exc
    missing = {"short", "cloze"} - trees.keys()
    if missing:
        raise ModelError(f"the grading model {path} has no tree for {', '.join(sorted(missing))}")
    vetoes = tuple(str(v) for v in data.get("vetoes") or ())
    unknown = [v for v in vetoes if v not in Features.__dataclass_fields__]
    if unknown:
        raise ModelError(f"the grading model vetoes on {', '.join(unknown)}, which are not features")
    return GradingModel(trees, vetoes, str(data.get("fitted_on", "")))
