"""The chunk record: one quotable passage of the curriculum, as ingest writes it and readers load it."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

ChunkKind = Literal["faq", "row", "section"]
BREADCRUMB_SEPARATOR = " › "


@dataclass(frozen=True)
class Chunk:
    """A passage the tutor can retrieve and quote."""

    id: str  # file stem + heading path + position: stable across rebuilds
    kind: ChunkKind
    title: str  # the document's title
    breadcrumb: tuple[str, ...]  # heading path, outermost first
    text: str  # the quotable passage, faithful to the corpus
    source: str  # corpus-relative path
    lines: tuple[int, int]  # first and last line in the corpus file, 1-based
    meta: dict[str, str]  # the document's front matter (kind, level, track…)
    sentences: tuple[str, ...]  # what an answer may quote, in order
    question: str | None = None  # FAQ entries: the question heading
    cells: dict[str, str] | None = None  # table rows: column -> cell
    content_hash: str = field(default="")

    @property
    def section(self) -> str:
        """The heading breadcrumb as one line, e.g. 'Foundation Level › Common mistakes'."""
        return BREADCRUMB_SEPARATOR.join(self.breadcrumb)

    @property
    def topic(self) -> str | None:
        """What the passage is about, in the curriculum's words: an FAQ's question, or a section's
        document title and nearest heading ("Foundation Level › Common mistakes"); None for a table
        row, which its cells say. Embedded as the passage's topic view, second after the passage."""
        if self.question:
            return self.question
        if self.kind == "section" and self.breadcrumb:
            heading = self.breadcrumb[-1]
            return heading if heading == self.title else f"{self.title}{BREADCRUMB_SEPARATOR}{heading}"
        return None

    @property
    def embed_text(self) -> str:
        """What is embedded and keyword-indexed: the breadcrumb gives shared sub-headings their context."""
        return f"{self.section}\n{self.text}"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["breadcrumb"] = list(self.breadcrumb)
        data["lines"] = list(self.lines)
        data["sentences"] = list(self.sentences)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Chunk:
        data = dict(data)
        data["breadcrumb"] = tuple(data["breadcrumb"])
        data["lines"] = tuple(data["lines"])
        data["sentences"] = tuple(data["sentences"])
        return cls(**data)


def text_hash(text: str) -> str:
    """The content hash that keys the embedding cache."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parallel_groups(chunks: Sequence[Chunk]) -> list[int]:
    """Each chunk's group, as the number of its first member: a section whose heading (the last of
    its path) recurs as a section of other documents joins the others of that heading; any other
    chunk is a group of its own."""
    sources: dict[str, set[str]] = {}
    for c in chunks:
        if c.kind == "section" and len(c.breadcrumb) >= 2:
            sources.setdefault(c.breadcrumb[-1], set()).add(c.source)
    first: dict[str, int] = {}
    groups = [
        first.setdefault(c.breadcrumb[-1], n)
        if c.kind == "section" and len(c.breadcrumb) >= 2 and len(sources[c.breadcrumb[-1]]) > 1
        else n
        for n, c in enumerate(chunks)
    ]
    return groups
