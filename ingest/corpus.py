"""Read the corpus: Markdown files with YAML front matter, validated before anything is built."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from ingest.errors import IngestError

FRONT_MATTER_FENCE = "---"
# Front-matter keys the tutor understands; other keys are kept as metadata too.
REQUIRED_KEYS = ("title",)
STRING_KEYS = ("title", "kind", "level", "track", "row_sentence")


@dataclass(frozen=True)
class Document:
    """One corpus file: its metadata and its Markdown body, with the body's first line number."""

    path: Path  # relative to the corpus root
    location: Path  # the file as found on disk, for error messages
    meta: dict[str, Any]
    body_lines: list[str]
    body_start: int  # 1-based line number of body_lines[0] in the file
    sha256: str = field(repr=False)

    @property
    def title(self) -> str:
        return str(self.meta["title"])


def snapshot_time(root: Path) -> datetime:
    """When the corpus last changed, as the file system tells: the newest modification time of its folders
    (a file added or deleted) and of its Markdown files (a file edited)."""
    if not root.is_dir():
        raise IngestError("corpus folder not found", root)
    paths = [root, *(p for p in root.rglob("*") if p.is_dir() or p.suffix == ".md")]
    return datetime.fromtimestamp(max(p.stat().st_mtime for p in paths), UTC)


def file_sha256(data: bytes) -> str:
    """Content hash of a corpus file, as the manifest records it."""
    return hashlib.sha256(data).hexdigest()


def corpus_files(root: Path) -> list[Path]:
    """The Markdown files of the corpus, in a stable order (README files are documentation, not corpus)."""
    if not root.is_dir():
        raise IngestError("corpus folder not found", root)
    return sorted(p for p in root.rglob("*.md") if p.name.lower() != "readme.md")


def decode_utf8(data: bytes, path: Path) -> str:
    """Decode as UTF-8, naming the line of the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise IngestError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); save the file as UTF-8",
            path,
            line,
        ) from None


def split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], list[str], int]:
    """Separate the YAML front matter from the body; return (meta, body lines, body start line)."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        raise IngestError("missing front matter: the file must start with a '---' line", path, 1)
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == FRONT_MATTER_FENCE)
    except StopIteration:
        raise IngestError("front matter is not closed by a '---' line", path, 1) from None
    try:
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2  # +1 for 1-based, +1 for the opening fence
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise IngestError(f"broken front matter: {problem}", path, line) from None
    if not isinstance(meta, dict):
        raise IngestError("broken front matter: expected 'key: value' lines", path, 2)
    for key in REQUIRED_KEYS:
        if not meta.get(key):
            raise IngestError(f"front matter lacks '{key}'", path, 1)
    for key in STRING_KEYS:
        if key in meta and not isinstance(meta[key], str | int):
            raise IngestError(f"front matter '{key}' must be text", path, 1)
        if key in meta:
            meta[key] = str(meta[key])
    return meta, lines[end + 1 :], end + 2


def read_document(root: Path, path: Path) -> Document:
    """Read and validate one corpus file."""
    rel = path.relative_to(root)
    data = path.read_bytes()
    text = decode_utf8(data, path)
    meta, body, start = split_front_matter(text, path)
    return Document(
        path=rel, location=path, meta=meta, body_lines=body, body_start=start, sha256=file_sha256(data)
    )


def read_corpus(root: Path) -> list[Document]:
    """Read every corpus file; an empty corpus is an error, not an empty index."""
    files = corpus_files(root)
    if not files:
        raise IngestError("the corpus is empty: no .md files found", root)
    return [read_document(root, p) for p in files]
