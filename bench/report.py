"""Shared by the benchmarks: percentiles, a table on the terminal, JSON in bench/results/."""

from __future__ import annotations

import json
import platform
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

RESULTS = Path(__file__).parent / "results"
# Wide enough for the tables when the output is a file or a pipe (rich would assume 80 columns).
console = Console() if sys.stdout.isatty() else Console(width=160)


def percentiles(values_ms: Sequence[float]) -> dict[str, float]:
    """p50, p95 and p99 (and the count) of a list of milliseconds."""
    v = np.asarray(values_ms, dtype=float)
    if v.size == 0:
        return {"n": 0, "p50": 0.0, "p95": 0.0, "p99": 0.0}
    return {
        "n": int(v.size),
        "p50": round(float(np.percentile(v, 50)), 3),
        "p95": round(float(np.percentile(v, 95)), 3),
        "p99": round(float(np.percentile(v, 99)), 3),
    }


def show(title: str, columns: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    table = Table(title=title)
    for i, column in enumerate(columns):
        table.add_column(column, justify="left" if i == 0 else "right")
    for row in rows:
        table.add_row(*(f"{c:.3f}" if isinstance(c, float) else str(c) for c in row))
    console.print(table)


def write(name: str, data: dict[str, Any]) -> Path:
    """bench/results/<name>.json, stamped with when and where it ran."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    payload = {
        "benchmark": name,
        "ran_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": _cpus(), "python": platform.python_version(), "platform": platform.platform()},
        **data,
    }
    path.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    console.print(f"wrote {path}", style="dim")
    return path


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0))
