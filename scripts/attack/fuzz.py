"""schemathesis against /openapi.json with every check; the server's access log counts the 5xx."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from scripts.attack.report import Row
from scripts.attack.server import ADMIN_TOKEN, Served


def schemathesis(server: Served, work: Path, seconds: int) -> list[Row]:
    reports = work / "schemathesis"
    before = len(server.access())
    command = [
        str(Path(sys.executable).with_name("schemathesis")), "run", f"{server.url}/openapi.json",
        "--checks", "all", "--max-time", str(seconds), "--workers", "2", "--seed", "14",
        "--header", f"Authorization: Bearer {ADMIN_TOKEN}", "--request-timeout", "30",
        "--report", "ndjson", "--report-dir", str(reports), "--suppress-health-check", "all",
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    (work / "schemathesis.txt").write_text(result.stdout + result.stderr)
    entries = server.access()[before:]
    errors = [e for e in entries if int(str(e.get("status", 0))) >= 500]
    by_path = Counter(f"{e.get('method')} {e.get('path')}" for e in errors)
    failed = Counter[str]()
    for report in reports.glob("*.ndjson"):
        for line in report.read_text().splitlines():
            failed.update(_failed_checks(json.loads(line)))
    rows = [Row("schemathesis: 5xx responses", len(entries), len(errors),
                ", ".join(f"{k} x{v}" for k, v in by_path.most_common(5)) or "none")]  # fmt: skip
    for check, count in sorted(failed.items()):
        rows.append(Row(f"schemathesis: {check}", len(entries), count, "failing operations (distinct)"))
    return rows


def _failed_checks(event: dict[str, object]) -> list[str]:
    """The names of the checks that failed in one ndjson event, counted once per operation."""
    found: set[tuple[str, str]] = set()

    def walk(node: object, label: str) -> None:
        if isinstance(node, dict):
            label = str(node.get("label") or label)
            if node.get("status") == "FAILURE" and "name" in node and "response" in node:
                found.add((label, str(node["name"])))
            for value in node.values():
                walk(value, label)
        elif isinstance(node, list):
            for value in node:
                walk(value, label)

    walk(event, "")
    return [name for _, name in found]
