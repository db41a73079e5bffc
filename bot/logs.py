"""Logging set-up: readable lines on a terminal, JSON lines (with request ids) where a collector reads them."""

from __future__ import annotations

import logging
import sys
from typing import Literal, TextIO

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

# auto: text when the log goes to a terminal, JSON lines otherwise (a container's or a service's log).
LogFormat = Literal["auto", "text", "json"]

_QUIET = ("faiss.loader", "httpx", "httpcore", "bm25s", "urllib3", "filelock", "alembic")
# uvicorn adds an ANSI-coloured copy of its message to each record: noise in JSON.
_NOT_LOGGED = (*RESERVED_ATTRS, "color_message")


def json_formatter() -> logging.Formatter:
    """One JSON object a line: time, level, logger, message and any `extra` fields."""
    return JsonFormatter(
        "{levelname}{name}{message}",
        style="{",
        timestamp="time",
        rename_fields={"levelname": "level", "name": "logger"},
        reserved_attrs=_NOT_LOGGED,
    )


def text_formatter() -> logging.Formatter:
    """One readable line: time, level, logger and message."""
    return logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", datefmt="%H:%M:%S")


def configure_logging(
    level: str = "INFO", log_format: LogFormat = "auto", stream: TextIO | None = None
) -> None:
    """Configure the root logger once per process; libraries' chatter stays at WARNING."""
    stream = stream or sys.stderr
    as_json = log_format == "json" or (log_format == "auto" and not stream.isatty())
    handler = logging.StreamHandler(stream)
    handler.setFormatter(json_formatter() if as_json else text_formatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in _QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
