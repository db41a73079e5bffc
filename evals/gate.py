"""The gate: thresholds from one file, and no case that passed in the baseline may fail now."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evals.runner import ConfigRun
from index.yaml_files import read_yaml

THRESHOLDS_FILE = Path(__file__).parent / "thresholds.yaml"
BASELINE_FILE = Path(__file__).parent / "baseline.json"


@dataclass
class GateResult:
    failures: list[str] = field(default_factory=list)  # why the gate fails, one line each
    regressions: list[str] = field(default_factory=list)  # case ids: passed in the baseline, fail now
    improvements: list[str] = field(default_factory=list)  # case ids: failed in the baseline, pass now
    new_cases: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def load_thresholds(path: Path = THRESHOLDS_FILE) -> dict[str, Any]:
    return read_yaml(path)  # type: ignore[no-any-return]


def load_baseline(path: Path = BASELINE_FILE) -> dict[str, Any] | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def baseline_of(run: ConfigRun, corpus_hash: str) -> dict[str, Any]:
    """What the baseline file keeps: the shipped configuration's metrics and each case's pass/fail."""
    return {
        "config": run.mode,
        "corpus_hash": corpus_hash,
        "metrics": run.metrics,
        "paraphrases": run.paraphrases,
        "cases": {r.id: r.passed for r in run.results},
    }


def check(run: ConfigRun, thresholds: dict[str, Any], baseline: dict[str, Any] | None) -> GateResult:
    """Compare the shipped configuration against the thresholds and the baseline."""
    gate = GateResult()
    for name, floor in (thresholds.get("min") or {}).items():
        value = _metric(run, name)
        if value < floor:
            gate.failures.append(f"{name} {value:.4f} is below its threshold {floor}")
    for name, ceiling in (thresholds.get("max") or {}).items():
        value = _metric(run, name)
        if value > ceiling:
            gate.failures.append(f"{name} {value:.4f} is above its threshold {ceiling}")
    if baseline is not None:
        before: dict[str, bool] = baseline.get("cases", {})
        for r in run.results:
            if r.id not in before:
                gate.new_cases.append(r.id)
            elif before[r.id] and not r.passed:
                gate.regressions.append(r.id)
            elif not before[r.id] and r.passed:
                gate.improvements.append(r.id)
        if gate.regressions:
            gate.failures.append(f"{len(gate.regressions)} case(s) passed in the baseline and fail now")
    return gate


def _metric(run: ConfigRun, name: str) -> float:
    """A metric by name; 'paraphrases.x' reads the paraphrase subset, 'group.<group>.x' one case group."""
    if name.startswith("paraphrases."):
        return run.paraphrases[name.split(".", 1)[1]]
    if name.startswith("group."):
        _, group, metric = name.split(".", 2)
        return run.by_group[group][metric]
    return run.metrics[name]
