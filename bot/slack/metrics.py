"""What the Slack surface counts for /metrics: each request Slack sends, by type, and each error or
warning logged while serving Slack (by the listeners, delivery, or bolt), wherever it was caught."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from bot.metrics.record import RECORDER


def count_request(body: dict[str, Any], next_: Callable[[], None]) -> None:
    """bolt middleware: count the request by its type (the event's type for Events API requests)."""
    kind = body.get("type") or ("command" if "command" in body else "other")
    if kind == "event_callback":
        kind = str((body.get("event") or {}).get("type") or kind)
    RECORDER.count(("slack_events", str(kind)))
    next_()


class ErrorCounter(logging.Handler):
    """Counts the warnings and errors of the Slack surface's loggers, by level; it writes nothing.

    Most Web API failures are warnings (a message not updated, a modal not opened): the tutor carries on,
    but an operator wants to see them rise."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)

    def emit(self, record: logging.LogRecord) -> None:
        RECORDER.count(("slack_errors", "error" if record.levelno >= logging.ERROR else "warning"))


_COUNTER = ErrorCounter()


def count_errors() -> None:
    """Count what is logged under bot.slack (its modules, and bolt's bot.slack.bolt); once a process."""
    logger = logging.getLogger("bot.slack")
    if _COUNTER not in logger.handlers:
        logger.addHandler(_COUNTER)
