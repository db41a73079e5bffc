"""A row of the attack's table, and the table itself."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

TIMEOUT = 0  # the status recorded for a request that got no answer in time


@dataclass
class Row:
    """One check: how many requests it sent, how many of them the service got wrong, and what was seen."""

    check: str
    requests: int
    failures: int
    note: str = ""


def table(rows: list[Row]) -> str:
    """The rows as a Markdown table."""
    lines = ["| check | requests | failures | what was seen |", "| --- | ---: | ---: | --- |"]
    lines += [f"| {r.check} | {r.requests} | {r.failures} | {r.note} |" for r in rows]
    return "\n".join(lines)


def status(client: httpx.Client, method: str, path: str, **kwargs: Any) -> int:
    """The response's status, or TIMEOUT (0) when the server did not answer in time."""
    try:
        return client.request(method, path, **kwargs).status_code
    except httpx.TimeoutException:
        return TIMEOUT
