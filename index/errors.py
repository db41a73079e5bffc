"""Errors that name the input at fault (a corpus file, a model folder), so it can be fixed without reading code."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """Bad input, with the file (and line) at fault: nothing was built or overwritten."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        self.reason = message
        where = self.path or ""
        if where and line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {message}" if where else message)


class ModelError(InputError):
    """The embedding model folder is missing or unreadable."""
