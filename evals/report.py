"""Eval reports: a terminal table, JSON, Markdown, a PNG chart and JUnit XML."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from evals.gate import GateResult
from evals.runner import SHIPPED, ConfigRun

REPORTS_DIR = Path(__file__).parent / "reports"
HEADLINE = (
    "recall_at_1",
    "recall_at_3",
    "recall_at_5",
    "mrr",
    "ndcg_at_10",
    "key_fact_accuracy",
    "citation_accuracy",
    "semantic_similarity",
    "abstention_precision",
    "abstention_recall",
    "false_abstention",
    "followup_accuracy",
    "latency_p50_ms",
    "latency_p95_ms",
)


def _fmt(name: str, value: float) -> str:
    return f"{value:.1f}" if name.endswith("_ms") else f"{value:.3f}"


# The breakdowns each report shows: (attribute of ConfigRun, title).
BREAKDOWNS = (
    ("by_group", "by case group"),
    ("by_part", "by curriculum part"),
    ("by_plan", "learner cases by answer plan"),
    ("by_learner_style", "learner cases by question style"),
)


def _rate(row: dict[str, float]) -> str:
    """Pass rate, with key-fact accuracy in brackets."""
    return f"{row['pass_rate']:.2f} ({row['key_fact_accuracy']:.2f})"


def print_tables(console: Console, runs: dict[str, ConfigRun]) -> None:
    """The configurations side by side, then each breakdown: pass rate (key-fact accuracy)."""
    table = Table(title="retriever configurations")
    table.add_column("metric")
    for mode in runs:
        table.add_column(mode + (" (shipped)" if mode == SHIPPED else ""), justify="right")
    for name in HEADLINE:
        table.add_row(name, *(_fmt(name, run.metrics[name]) for run in runs.values()))
    for name in ("recall_at_3", "key_fact_accuracy"):
        table.add_row(f"{name} (paraphrases)", *(_fmt(name, run.paraphrases[name]) for run in runs.values()))
    console.print(table)
    first = next(iter(runs.values()))
    for attribute, title in BREAKDOWNS:
        rows = Table(title=f"{title}: pass rate (key-fact accuracy)")
        rows.add_column(attribute.removeprefix("by_"))
        rows.add_column("cases", justify="right")
        for mode in runs:
            rows.add_column(mode, justify="right")
        for name, row in getattr(first, attribute).items():
            cells = [_rate(getattr(run, attribute)[name]) for run in runs.values()]
            rows.add_row(name, str(int(row["cases"])), *cells)
        console.print(rows)


def print_gate(console: Console, gate: GateResult) -> None:
    for case in gate.regressions:
        console.print(f"[red]flipped pass → fail:[/] {case}", highlight=False)
    for case in gate.improvements:
        console.print(f"[green]flipped fail → pass:[/] {case}", highlight=False)
    if gate.new_cases:
        console.print(f"{len(gate.new_cases)} case(s) not in the baseline", style="dim")
    for failure in gate.failures:
        console.print(f"[bold red]gate:[/] {failure}", highlight=False)
    if gate.ok:
        console.print("[bold green]gate passed[/]")


def report_json(runs: dict[str, ConfigRun], gate: GateResult, meta: dict[str, Any]) -> dict[str, Any]:
    return {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        **meta,
        "shipped": SHIPPED,
        "gate": {
            "ok": gate.ok,
            "failures": gate.failures,
            "regressions": gate.regressions,
            "improvements": gate.improvements,
        },
        "configs": {
            mode: {
                "metrics": run.metrics,
                "paraphrases": run.paraphrases,
                "by_part": run.by_part,
                "by_style": run.by_style,
                "by_group": run.by_group,
                "by_plan": run.by_plan,
                "by_learner_style": run.by_learner_style,
                "cases": [r.to_json() for r in run.results],
            }
            for mode, run in runs.items()
        },
    }


def report_markdown(runs: dict[str, ConfigRun], gate: GateResult, meta: dict[str, Any]) -> str:
    modes = list(runs)
    lines = [
        "# Eval report",
        "",
        f"Index {meta.get('build_id')}, model {meta.get('model')}, {int(runs[modes[0]].metrics['cases'])} cases. "
        f"Gate: {'passed' if gate.ok else 'FAILED'}.",
        "",
        "| metric | " + " | ".join(modes) + " |",
        "| --- |" + " ---: |" * len(modes),
    ]
    for name in HEADLINE:
        lines.append(f"| {name} | " + " | ".join(_fmt(name, runs[m].metrics[name]) for m in modes) + " |")
    for name in ("recall_at_3", "key_fact_accuracy"):
        lines.append(
            f"| {name} (paraphrases) | "
            + " | ".join(_fmt(name, runs[m].paraphrases[name]) for m in modes)
            + " |"
        )
    for attribute, title in BREAKDOWNS:
        lines += [
            "",
            f"## {title[0].upper()}{title[1:]} (pass rate, key-fact accuracy)",
            "",
            f"| {attribute.removeprefix('by_')} | cases | " + " | ".join(modes) + " |",
            "| --- | ---: |" + " ---: |" * len(modes),
        ]
        for name, row in getattr(runs[modes[0]], attribute).items():
            cells = (getattr(runs[m], attribute)[name] for m in modes)
            lines.append(f"| {name} | {int(row['cases'])} | " + " | ".join(_rate(c) for c in cells) + " |")
    failed = [r for r in runs.get(SHIPPED, runs[modes[-1]]).results if not r.passed]
    lines += ["", f"## Failed cases ({SHIPPED})", ""]
    lines += [f"- `{r.id}` {r.question!r}: {r.why}" for r in failed] or ["None."]
    if gate.failures:
        lines += ["", "## Gate failures", ""] + [f"- {f}" for f in gate.failures]
    return "\n".join(lines) + "\n"


def chart(runs: dict[str, ConfigRun], path: Path) -> None:
    """Pass rate per curriculum part, one bar per configuration."""
    import matplotlib

    matplotlib.use("Agg")  # no display on CI
    import matplotlib.pyplot as plt

    parts = list(next(iter(runs.values())).by_part)
    width = 0.8 / len(runs)
    fig, ax = plt.subplots(figsize=(max(8, len(parts) * 0.9), 4.5))
    for i, (mode, run) in enumerate(runs.items()):
        xs = [p + i * width for p in range(len(parts))]
        ax.bar(xs, [run.by_part[p]["pass_rate"] for p in parts], width, label=mode)
    ax.set_xticks(
        [p + width * (len(runs) - 1) / 2 for p in range(len(parts))], parts, rotation=35, ha="right"
    )
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("pass rate")
    ax.set_title("Eval pass rate by curriculum part and retriever")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def junit(run: ConfigRun, path: Path) -> None:
    """One testcase per case of the shipped configuration, so CI shows each."""
    failures = [r for r in run.results if not r.passed]
    suite = ET.Element(
        "testsuite",
        name=f"evals.{run.mode}",
        tests=str(len(run.results)),
        failures=str(len(failures)),
        time=f"{sum(r.latency_ms for r in run.results) / 1000:.3f}",
    )
    for r in run.results:
        case = ET.SubElement(
            suite, "testcase", classname=f"evals.{r.part}", name=r.id, time=f"{r.latency_ms / 1000:.4f}"
        )
        if not r.passed:
            failure = ET.SubElement(case, "failure", message=r.why)
            failure.text = f"question: {r.question}\nanswer: {r.answer}\nexpected: {', '.join(r.expected)}"
    ET.ElementTree(suite).write(path, encoding="utf-8", xml_declaration=True)


def write_reports(
    runs: dict[str, ConfigRun], gate: GateResult, meta: dict[str, Any], folder: Path
) -> list[Path]:
    """JSON, Markdown, PNG and JUnit files; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / "report.json", folder / "report.md", folder / "accuracy.png", folder / "junit.xml"]
    paths[0].write_text(
        json.dumps(report_json(runs, gate, meta), indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    paths[1].write_text(report_markdown(runs, gate, meta), encoding="utf-8")
    chart(runs, paths[2])
    junit(runs.get(SHIPPED, next(iter(runs.values()))), paths[3])
    return paths
