"""`tutor eval-tutor`: item validity over every item, grading on the held-out labelled answers, plans on
the held-out profiles; printed, written to evals/reports/tutor.{json,md}, and gated."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bot.practice.grading import Grader
from bot.practice.model import GRADES, load_model
from evals.report import REPORTS_DIR
from evals.tutor_grading import run_grading
from evals.tutor_items import check_items
from evals.tutor_plans import run_plans
from index.artifact import Artifact
from index.encoder import Encoder
from index.yaml_files import read_yaml

THRESHOLDS = Path(__file__).with_name("tutor_thresholds.yaml")


def gate(metrics: dict[str, float], thresholds: dict[str, Any]) -> list[str]:
    """Why the gate fails, one line each; empty when it passes."""
    failures = [
        f"{name} {metrics[name]:.4f} is below its threshold {floor}"
        for name, floor in (thresholds.get("min") or {}).items()
        if metrics[name] < floor
    ]
    failures += [
        f"{name} {metrics[name]:.4f} is above its threshold {ceiling}"
        for name, ceiling in (thresholds.get("max") or {}).items()
        if metrics[name] > ceiling
    ]
    return failures


def run_tutor_eval(
    artifact: Artifact, encoder: Encoder, console: Console, reports: Path | None = None
) -> bool:
    """Run, print, write the reports; True when the gate passes."""
    grader = Grader(artifact, encoder, load_model())
    items = check_items(artifact.practice.items, artifact.chunks)
    grading = run_grading(grader)
    plans = run_plans(artifact.chunks)
    metrics = {"item_validity": items.validity, **grading.metrics(), **plans.metrics()}
    failures = gate(metrics, read_yaml(THRESHOLDS))

    console.print(f"items: {items.total} ({', '.join(f'{k} {v}' for k, v in sorted(items.by_kind.items()))})")
    for item_id, why in items.invalid:
        console.print(f"  invalid {item_id}: {why}", style="red", highlight=False)
    table = Table(title=f"grading: {grading.total} held-out answers (rows: label, columns: grade)")
    table.add_column("label")
    for grade in GRADES:
        table.add_column(grade, justify="right")
    for row in grading.table():
        table.add_row(*row)
    console.print(table)
    for name, value in metrics.items():
        console.print(f"{name:34} {value:.3f}", highlight=False)
    for profile_id, problems in plans.wrong:
        console.print(f"  plan {profile_id}: {'; '.join(problems)}", style="yellow", highlight=False)
    if failures:
        console.print("tutor-mode gate FAILED:\n  " + "\n  ".join(failures), style="bold red")
    else:
        console.print("tutor-mode gate passed", style="bold green")

    folder = reports or REPORTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    report = {
        "build_id": artifact.manifest.build_id,
        "metrics": metrics,
        "items": {"total": items.total, "by_kind": items.by_kind, "invalid": items.invalid},
        "grading": {
            "confusion": {label: dict(row) for label, row in grading.confusion.items()},
            "wrong": grading.wrong,
        },
        "plans": {"wrong": plans.wrong},
        "failures": failures,
    }
    (folder / "tutor.json").write_text(
        json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    lines = ["# Tutor-mode eval", "", "| metric | value |", "| --- | ---: |"]
    lines += [f"| {name} | {value:.3f} |" for name, value in metrics.items()]
    lines += ["", "| label | " + " | ".join(GRADES) + " |", "| --- |" + " ---: |" * len(GRADES)]
    lines += ["| " + " | ".join(row) + " |" for row in grading.table()]
    (folder / "tutor.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    console.print(f"wrote {folder / 'tutor.json'}", style="dim", highlight=False)
    return not failures
