"""The eval dataset: YAML cases, loaded and checked against the index they are run on."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from index.yaml_files import read_yaml

DATASET_DIR = Path(__file__).parent / "dataset"
# faq, curriculum, followup: in scope, judged on facts and citations; out_of_scope: judged on
# abstaining; other_cert: about another certification, judged on quoting nothing of this one;
# smalltalk: greetings, help, goodbyes and other languages, judged on the kind of reply.
CaseKind = Literal["faq", "curriculum", "followup", "out_of_scope", "other_cert", "smalltalk"]
IN_SCOPE: frozenset[str] = frozenset({"faq", "curriculum", "followup"})
Format = Literal["questions", "learner", "followup", "text"]

# Every file, the group its cases are reported and gated under, and its layout. `core` is the
# original answer key (the FAQ and every part of the curriculum); the rest were added for the
# learner-quality issues and are each gated on their own.
SOURCES: tuple[tuple[str, str, Format], ...] = (
    ("faq.yaml", "core", "questions"),
    ("curriculum.yaml", "core", "questions"),
    ("followups.yaml", "core", "followup"),
    ("out_of_scope.yaml", "core", "text"),
    ("learner.yaml", "learner", "learner"),
    ("everyday.yaml", "everyday", "questions"),
    ("typos.yaml", "typos", "questions"),
    ("long_context.yaml", "long-context", "questions"),
    ("topic_change.yaml", "topic-change", "followup"),
    ("followups3.yaml", "followups3", "followup"),
    ("other_certs.yaml", "other-cert", "text"),
    ("smalltalk.yaml", "smalltalk", "text"),
)


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
    group: str = "core"
    plan: str | None = None  # learner cases: the shape of a correct answer
    cite_all: bool = False  # every expected chunk must be cited (else any one)
    not_covered: bool = False  # one part of the question is outside the curriculum and must be said so
    reply: str | None = None  # smalltalk cases: the kind of reply expected

    @property
    def in_scope(self) -> bool:
        return self.kind in IN_SCOPE

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
    data = read_yaml(path)
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a list of cases")
    return data


def entry_cases(entry: dict[str, Any], name: str, group: str, layout: Format) -> Iterator[Case]:
    """The cases of one YAML entry."""
    if layout == "questions" or (layout == "text" and "questions" in entry):
        # An entry with several phrasings; other_certs.yaml mixes these (the vendor questions the
        # curriculum does answer) with plain texts.
        for n, q in enumerate(entry["questions"]):
            yield Case(
                id=f"{entry['id']}#{n}",
                kind="faq" if name == "faq.yaml" else "curriculum",
                part=entry["part"],
                style=q.get("style", "plain"),
                turns=(q["text"],),
                expected=_ids(entry["expected"]),
                facts=tuple(entry.get("facts", [])),
                reference=entry.get("reference"),
                group="vendor" if group == "other-cert" else group,
            )
    elif layout == "learner":
        cite_all = "expected_all" in entry
        yield Case(
            id=entry["id"],
            kind="curriculum",
            part=entry.get("part", "learner"),
            style=entry.get("style", "plain"),
            turns=(entry["text"],),
            expected=_ids(entry["expected_all"] if cite_all else entry["expected"]),
            facts=tuple(entry.get("facts", [])),
            group=group,
            plan=entry["plan"],
            cite_all=cite_all,
            not_covered=bool(entry.get("not_covered", False)),
        )
    elif layout == "followup":
        yield Case(
            id=entry["id"],
            kind="followup",
            part=entry["part"],
            style="followup",
            turns=tuple(entry["turns"]),
            expected=_ids(entry["expected"]),
            facts=tuple(entry.get("facts", [])),
            group=group,
        )
    else:
        kind: CaseKind = {"core": "out_of_scope", "other-cert": "other_cert", "smalltalk": "smalltalk"}[group]  # type: ignore[assignment]
        yield Case(
            id=entry["id"],
            kind=kind,
            part=group if group != "core" else "out-of-scope",
            style=entry.get("category") or entry.get("reply") or "oos",
            turns=(entry["text"],),
            group=group,
            reply=entry.get("reply"),
        )


def load_dataset(folder: Path = DATASET_DIR, groups: Iterable[str] | None = None) -> list[Case]:
    """Every case of every file (or of the given groups); a multi-phrasing entry yields one case per phrasing."""
    wanted = set(groups) if groups is not None else None
    cases: list[Case] = []
    for name, group, layout in SOURCES:
        if wanted is not None and group not in wanted:
            continue
        for entry in _load(folder / name):
            cases.extend(entry_cases(entry, name, group, layout))
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
