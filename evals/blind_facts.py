"""Key facts on blind sets written like the hidden learner questions (evals/blind_*.yaml).

    .venv/bin/python -m evals.blind_facts [--failures] [evals/blind_a.yaml ...]

The hidden learner questions grade whether an answer holds the fact asked for; `evals.dev_check`
grades only which passage ranks first. These sets carry the facts, as `tutor eval` does, and are
judged by the eval's own rules (`evals.runner.run_case`). Not a gate, and no fit, rule or word list
reads them: a second opinion on questions nobody tuned to. Each file holds `in_scope` entries (`id`,
`text`, `expected` or `expected_all`, `facts`, `shape`) and `out_of_scope` ones (`id`, `text`,
`category`: `other-cert` must quote nothing, `near-miss` must abstain).
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.answer.answerer import Answerer
from evals.dataset import Case, check_against_index, entry_cases
from evals.runner import SHIPPED, CaseResult, breakdown, run_case
from index.yaml_files import read_yaml

BLIND_SETS = tuple(sorted(Path(__file__).parent.glob("blind_*.yaml")))


def load_blind(path: Path) -> list[Case]:
    """The set's cases: in-scope ones judged on facts and citations, the others on declining."""
    data: dict[str, Any] = read_yaml(path)
    cases: list[Case] = []
    for entry in data.get("in_scope") or []:
        # The eval's learner layout, with the question's shape as its plan and style.
        shape = entry.get("shape", "plain")
        learner = {**entry, "part": path.stem, "plan": shape, "style": shape}
        cases.extend(entry_cases(learner, path.name, path.stem, "learner"))
    for entry in data.get("out_of_scope") or []:
        other = entry.get("category") == "other-cert"
        cases.append(
            Case(
                id=entry["id"],
                kind="other_cert" if other else "out_of_scope",
                part=path.stem,
                style=entry.get("category", "near-miss"),
                turns=(entry["text"],),
                group=path.stem,
            )
        )
    return cases


@dataclass(frozen=True)
class BlindFigures:
    """One set's figures: key facts over the in-scope cases (all, and by shape), declines outside."""

    in_scope: int
    key_facts: float
    cited: float
    by_shape: dict[str, float]
    out_of_scope: int
    declined: float
    failures: list[CaseResult]


def measure(answerer: Answerer, cases: list[Case]) -> BlindFigures:
    """Ask every case once, with no conversation, and judge it as `tutor eval` does."""
    check_against_index(cases, {chunk.id for chunk in answerer.retriever.artifact.chunks})
    results = [run_case(answerer, case, SHIPPED) for case in cases]
    inside = [r for r in results if r.facts_ok is not None]
    outside = [r for r in results if r.facts_ok is None]
    shapes = breakdown(inside, key=lambda r: r.plan or "plain")
    return BlindFigures(
        len(inside),
        sum(bool(r.facts_ok) for r in inside) / max(1, len(inside)),
        sum(bool(r.cited_ok) for r in inside) / max(1, len(inside)),
        {shape: figures["key_fact_accuracy"] for shape, figures in shapes.items()},
        len(outside),
        sum(r.passed for r in outside) / max(1, len(outside)),
        [r for r in results if not r.passed],
    )


def _report(path: Path, f: BlindFigures, failures: bool) -> str:
    shapes = ", ".join(f"{shape} {share:.3f}" for shape, share in sorted(f.by_shape.items()))
    lines = [
        f"{path}: in scope {f.in_scope}: key facts {f.key_facts:.3f} ({shapes}), cited {f.cited:.3f}; "
        f"out of scope {f.out_of_scope}: declined {f.declined:.3f}"
    ]
    if failures:
        for r in f.failures:
            first = r.cited[0] if r.cited else "-"
            lines.append(f"  {r.id} [{r.style}] {r.question!r}: {r.why or 'failed'}; first cited {first}")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    """Measure the published index with the shipped settings and print each set's figures."""
    from bot.config import Settings
    from bot.runtime import IndexHolder

    logging.basicConfig(level=logging.WARNING)
    failures = "--failures" in argv
    paths = [Path(a) for a in argv if a != "--failures"] or list(BLIND_SETS)
    answerer = IndexHolder(Settings()).load()
    for path in paths:
        sys.stdout.write(_report(path, measure(answerer, load_blind(path)), failures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
