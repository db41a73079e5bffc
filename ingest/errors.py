"""The error ingest raises for a bad corpus: it names the file and line at fault."""

from __future__ import annotations

from index.errors import InputError


class IngestError(InputError):
    """Bad corpus input: nothing was built or overwritten."""
