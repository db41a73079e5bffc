"""`tutor eval`: run the dataset against each retriever configuration, report, and gate the shipped one."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

from bot.answer.answerer import Answerer
from evals.dataset import StaleDataset, check_against_index, load_dataset
from evals.gate import BASELINE_FILE, baseline_of, check, load_baseline, load_thresholds
from evals.report import REPORTS_DIR, print_gate, print_tables, write_reports
from evals.runner import MODES, SHIPPED, run

__all__ = ["EvalOptions", "StaleDataset", "UnknownMode", "run_eval"]


class UnknownMode(ValueError):
    """A --mode that is not a retriever configuration."""


@dataclass(frozen=True)
class EvalOptions:
    modes: tuple[str, ...] = ()  # empty: all of MODES
    update_baseline: bool = False
    reports: Path | None = None
    baseline: Path | None = None


def run_eval(answerer: Answerer, console: Console, options: EvalOptions) -> bool:
    """Run, print and write the reports; True when the gate passes (or the baseline was rewritten)."""
    artifact = answerer.retriever.artifact
    cases = load_dataset()
    check_against_index(cases, {c.id for c in artifact.chunks})
    chosen = options.modes or MODES
    unknown = [m for m in chosen if m not in MODES]
    if unknown:
        raise UnknownMode(f"unknown --mode {', '.join(unknown)}; choose from {', '.join(MODES)}")
    if SHIPPED not in chosen:
        chosen = (*chosen, SHIPPED)  # the gate always judges the shipped configuration
    runs = run(answerer, cases, chosen)  # type: ignore[arg-type]
    shipped = runs[SHIPPED]
    console.print(
        f"framing: {shipped.metrics['framing_changed']:.3f} of the tuning set's framed answers changed"
        " (evals/framing.yaml)",
        highlight=False,
    )
    baseline_file = options.baseline or BASELINE_FILE
    result = check(
        shipped, load_thresholds(), None if options.update_baseline else load_baseline(baseline_file)
    )
    print_tables(console, runs)
    print_gate(console, result)
    meta = {
        "build_id": artifact.manifest.build_id,
        "model": artifact.manifest.model.id,
        "corpus_hash": artifact.manifest.corpus_hash,
    }
    for path in write_reports(runs, result, meta, options.reports or REPORTS_DIR):
        console.print(f"wrote {path}", style="dim", highlight=False)
    if options.update_baseline:
        baseline = baseline_of(shipped, artifact.manifest.corpus_hash)
        baseline_file.write_text(json.dumps(baseline, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        console.print(f"baseline rewritten: {baseline_file}")
        return True
    return result.ok
