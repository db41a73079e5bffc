"""A published build that would not load, as the index holder (bot/runtime.py) remembers it: when it is
tried again, and what /readyz says about it."""

from __future__ import annotations

import time
from dataclasses import dataclass


@dataclass(frozen=True)
class BadBuild:
    """A published build that failed to load: when to try it again, and the short reason /readyz gives."""

    build_id: str
    reason: str
    attempts: int
    retry_at: float  # time.monotonic()

    def report(self) -> dict[str, object]:
        wait = max(0, round(self.retry_at - time.monotonic()))
        return {
            "build_id": self.build_id,
            "problem": self.reason,
            "attempts": self.attempts,
            "retry_in_seconds": wait,
        }
