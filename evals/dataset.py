"""The eval dataset: YAML cases, loaded and checked against the index they are run on."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

DATASET_DIR = Path(__file__).parent / "dataset"
CaseKind = Literal["faq", "curriculum", "followup", "out_of_scope"]


class StaleDataset(Exception):
    """Cases name chunks that the index does not have: the corpus changed under the dataset."""


@dataclass(frozen=True)
class Case:
    """One scored question: the last of `turns`, asked after the others in one conversation."""

    id: str
    kind: CaseKind
    part: str
    style: str
    turns: tuple[str, ...]
    expected: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    reference: str | None = None

    @property
    def in_scope(self) -> bool:
        return self.kind != "out_of_scope"

    @property
    def question(self) -> str:
        return self.turns[-1]


def fact_matches(fact: str, text: str) -> bool:
    """A fact is a case-insensitive substring, or a /regex/."""
    if len(fact) > 2 and fact.startswith("/") and fact.endswith("/"):
        return re.search(fact[1:-1], text, flags=re.IGNORECASE) is not None
    return fact.lower() in text.lower()


def _ids(value: str | list[str]) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list) else (value,)


def _load(path: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a list of cases")
    return data


def load_dataset(folder: Path = DATASET_DIR) -> list[Case]:
    """Every case of the four files; an FAQ entry or curriculum item yields one case per phrasing."""
    cases: list[Case] = []
    sources: tuple[tuple[CaseKind, str], ...] = (("faq", "faq.yaml"), ("curriculum", "curriculum.yaml"))
    for kind, name in sources:
        for entry in _load(folder / name):
            for n, q in enumerate(entry["questions"]):
                cases.append(
                    Case(
                        id=f"{entry['id']}#{n}",
                        kind=kind,
                        part=entry["part"],
                        style=q.get("style", "plain"),
                        turns=(q["text"],),
                        expected=_ids(entry["expected"]),
                        facts=tuple(entry.get("facts", [])),
                        reference=entry.get("reference"),
                    )
                )
    for entry in _load(folder / "followups.yaml"):
        cases.append(
            Case(
                id=entry["id"],
                kind="followup",
                part=entry["part"],
                style="followup",
                turns=tuple(entry["turns"]),
                expected=_ids(entry["expected"]),
                facts=tuple(entry.get("facts", [])),
            )
        )
    for entry in _load(folder / "out_of_scope.yaml"):
        cases.append(
            Case(
                id=entry["id"],
                kind="out_of_scope",
                part="out-of-scope",
                style=entry.get("category", "oos"),
                turns=(entry["text"],),
            )
        )
    ids = [c.id for c in cases]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"duplicate case ids: {', '.join(duplicates)}")
    return cases


def check_against_index(cases: Iterable[Case], chunk_ids: set[str]) -> None:
    """Fail loudly, naming every case whose expected chunk is gone from the index."""
    stale = [f"{c.id}: {e}" for c in cases for e in c.expected if e not in chunk_ids]
    if stale:
        raise StaleDataset(
            f"{len(stale)} expected chunk id(s) are not in the index; update evals/dataset/ for the corpus edit:\n  "
            + "\n  ".join(stale)
        )
