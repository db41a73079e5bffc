"""What a build changes: chunks added, changed, removed and unchanged per corpus file, against the
published build (the CLI reports it after an ingest)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from index.artifact import read_chunks
from index.chunk import Chunk


@dataclass(frozen=True)
class FileChange:
    path: str
    added: int
    changed: int
    removed: int
    unchanged: int


def diff_chunks(old: list[Chunk], new: list[Chunk]) -> list[FileChange]:
    """Added, changed, removed and unchanged chunks per corpus file."""
    before = {c.id: (c.source, c.content_hash) for c in old}
    after = {c.id: (c.source, c.content_hash) for c in new}
    counts: dict[str, Counter[str]] = {}
    for cid, (source, digest) in after.items():
        status = "added" if cid not in before else "unchanged" if before[cid][1] == digest else "changed"
        counts.setdefault(source, Counter())[status] += 1
    for cid, (source, _) in before.items():
        if cid not in after:
            counts.setdefault(source, Counter())["removed"] += 1
    return [
        FileChange(path, c["added"], c["changed"], c["removed"], c["unchanged"])
        for path, c in sorted(counts.items())
    ]


def previous_chunks(index_dir: Path) -> list[Chunk]:
    """The published build's chunks, or none when there is no readable build."""
    try:
        return read_chunks((index_dir / "current").resolve())
    except (OSError, ValueError, KeyError, TypeError):
        return []  # no previous index, or an unreadable one: everything counts as added
