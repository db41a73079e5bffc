"""schemathesis against /openapi.json with every check; the server's access log counts the 5xx."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

from scripts.attack.report import Row
from scripts.attack.server import ADMIN_TOKEN, Served

FAILURE = re.compile(r"❌ (ST\d+) ([^:\n]+): (\d+)")


def schemathesis(server: Served, work: Path, seconds: int) -> list[Row]:
    before = len(server.access())
    command = [
        str(Path(sys.executable).with_name("schemathesis")), "run", f"{server.url}/openapi.json",
        "--checks", "all", "--max-time", str(seconds), "--workers", "2", "--seed", "14",
        "--header", f"Authorization: Bearer {ADMIN_TOKEN}", "--request-timeout", "30",
        "--suppress-health-check", "all",
    ]  # fmt: skip
    # In the work folder: schemathesis keeps a cache of the failures it found, to replay them next time.
    result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=work)
    (work / "schemathesis.txt").write_text(result.stdout + result.stderr)
    entries = server.access()[before:]
    errors = [e for e in entries if int(str(e.get("status", 0))) >= 500]
    by_path = Counter(f"{e.get('method')} {e.get('path')}" for e in errors)
    rows = [Row("schemathesis: 5xx responses", len(entries), len(errors),
                ", ".join(f"{k} x{v}" for k, v in by_path.most_common(5)) or "none")]  # fmt: skip
    for code, name, count in summary(result.stdout):
        rows.append(Row(f"schemathesis: {code} {name}", len(entries), count, "unique failures"))
    return rows


def summary(output: str) -> list[tuple[str, str, int]]:
    """The failures of schemathesis' summary: (code, name, unique failures), e.g. ("ST101", "Server error", 1)."""
    return [(code, name, int(count)) for code, name, count in FAILURE.findall(output)]
