"""The tutor-mode eval data (evals/tutor/): labelled learner answers and learner profiles, loaded
and checked, and turned into the items the grader grades."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from index.practice import BLANK, GENERAL, Item, ItemBank, item_id
from index.yaml_files import read_yaml

TUTOR_DIR = Path(__file__).parent / "tutor"
Label = Literal["correct", "partly", "fluent_wrong", "off_topic"]
LABELS: tuple[Label, ...] = ("correct", "partly", "fluent_wrong", "off_topic")
# How the writer's four labels map onto the grader's three grades.
EXPECTED_GRADE = {"correct": "correct", "partly": "partly", "fluent_wrong": "not yet", "off_topic": "not yet"}


class BadData(ValueError):
    """An eval file is missing a field, or names a passage the index does not have."""


@dataclass(frozen=True)
class GradingCase:
    id: str
    kind: Literal["short", "cloze"]
    chunk: str
    prompt: str
    answer: str
    label: Label
    sentence: str | None = None
    blank: str | None = None


@dataclass(frozen=True)
class Profile:
    id: str
    text: str
    role: str | None
    certification: str | None
    level: str | None
    track: str | None


def _load(name: str) -> list[dict[str, Any]]:
    data = read_yaml(TUTOR_DIR / name)
    if not isinstance(data, list):
        raise BadData(f"{name}: expected a list of entries")
    return data


def load_grading(name: str) -> list[GradingCase]:
    """grading_eval.yaml or grading_fit.yaml."""
    cases = []
    for entry in _load(name):
        try:
            case = GradingCase(
                id=entry["id"],
                kind=entry["item_kind"],
                chunk=entry["chunk"],
                prompt=entry["prompt"],
                answer=str(entry["answer"]),
                label=entry["label"],
                sentence=entry.get("sentence"),
                blank=entry.get("blank"),
            )
        except KeyError as exc:
            raise BadData(f"{name}: {entry.get('id', '?')} has no {exc}") from None
        if case.label not in LABELS or case.kind not in ("short", "cloze"):
            raise BadData(f"{name}: {case.id} has an unknown label or item kind")
        if case.kind == "cloze" and not (case.sentence and case.blank and case.blank in case.sentence):
            raise BadData(f"{name}: cloze case {case.id} needs a sentence containing its blank")
        cases.append(case)
    return cases


def load_profiles(name: str) -> list[Profile]:
    """profiles_eval.yaml or profiles_fit.yaml."""
    try:
        return [
            Profile(e["id"], e["text"], e["role"], e["certification"], e["level"], e["track"])
            for e in _load(name)
        ]
    except KeyError as exc:
        raise BadData(f"{name}: an entry has no {exc}") from None


def case_item(case: GradingCase, bank: ItemBank) -> Item:
    """The item a case's answer was written for: the index's own short item on the case's passage,
    or, for a cloze case, an item that blanks the case's term in the case's sentence."""
    if case.kind == "short":
        found = [i for i in bank.items if i.kind == "short" and i.chunk_id == case.chunk]
        if len(found) != 1:
            raise BadData(f"{case.id}: the index has {len(found)} short items on {case.chunk}, not one")
        return found[0]
    assert case.sentence is not None and case.blank is not None
    return Item(
        id=item_id("cloze", case.chunk, case.sentence, case.blank),
        kind="cloze",
        chunks=(case.chunk,),
        prompt=f"Fill in the blank: {case.sentence.replace(case.blank, BLANK, 1)}",
        answer=case.blank,
        level=GENERAL,
        section="",
        basis="",
        sentence=case.sentence,
    )
