"""Errors that name the input at fault, so a maintainer can fix the corpus without reading code."""

from __future__ import annotations

from pathlib import Path


class IngestError(Exception):
    """Bad input: nothing was built or overwritten."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        self.reason = message
        where = self.path or ""
        if where and line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {message}" if where else message)
