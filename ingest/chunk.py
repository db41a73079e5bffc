"""Turn parsed documents into chunks that follow the curriculum's structure.

One chunk per FAQ entry, one per table row, and otherwise one per section, split on sentence
boundaries (with a small overlap) only when a section is long. No chunk crosses a heading.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from index.chunk import Chunk, ChunkKind, text_hash
from ingest.corpus import Document
from ingest.errors import IngestError
from ingest.markdown import Block, Section, parse_sections
from ingest.sentences import split_sentences
from ingest.tables import row_sentence, row_text, template_columns


def slugify(text: str) -> str:
    """A readable, stable id fragment: lower-case ASCII words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "section"


@dataclass(frozen=True)
class _Unit:
    """A quotable piece of a section: a sentence of a paragraph, or a list item."""

    text: str
    line: int
    block: int  # index of the block it came from, to rebuild paragraphs and lists


def _units(blocks: Iterable[tuple[int, Block]]) -> list[_Unit]:
    units: list[_Unit] = []
    for index, block in blocks:
        if block.kind == "list":
            units.extend(_Unit(item.text, item.number, index) for item in block.lines)
        else:
            for line in block.lines:
                units.extend(_Unit(s, line.number, index) for s in split_sentences(line.text.strip()))
    return units


def _render(units: list[_Unit], blocks: dict[int, Block]) -> str:
    """Rebuild Markdown text for a run of units: paragraphs joined by spaces, list items as bullets."""
    parts: list[str] = []
    current = -1
    for unit in units:
        is_list = blocks[unit.block].kind == "list"
        if unit.block != current:
            parts.append(f"- {unit.text}" if is_list else unit.text)
            current = unit.block
        else:
            parts[-1] += f"\n- {unit.text}" if is_list else f" {unit.text}"
    return "\n\n".join(parts)


def _windows(units: list[_Unit], max_chars: int, overlap: int) -> Iterator[list[_Unit]]:
    """Greedy windows of whole units under max_chars, each starting `overlap` units back.

    A window that is already half full ends at a paragraph break rather than running into
    the next paragraph, so chunks keep to the author's paragraphs where they can.
    """
    start = 0
    while start < len(units):
        end = start + 1
        size = len(units[start].text)
        while end < len(units) and size + 1 + len(units[end].text) <= max_chars:
            if units[end].block != units[end - 1].block and size >= max_chars // 2:
                break
            size += 1 + len(units[end].text)
            end += 1
        yield units[start:end]
        if end >= len(units):
            return
        start = max(end - overlap, start + 1)


class Chunker:
    """Chunks documents; settings that change chunk boundaries are recorded in the manifest."""

    def __init__(self, max_chars: int = 1000, overlap_sentences: int = 1) -> None:
        self.max_chars = max_chars
        self.overlap = overlap_sentences

    def chunk_document(self, doc: Document) -> list[Chunk]:
        sections = parse_sections(doc.body_lines, doc.body_start, doc.location)
        template = doc.meta.get("row_sentence")
        chunks: list[Chunk] = []
        for section in sections:
            if doc.meta.get("kind") == "faq" and section.heading_line and len(section.path) > 1:
                chunks.extend(self._faq(doc, section))
                continue
            tables = [b for b in section.blocks if b.kind == "table"]
            for table in tables:
                chunks.extend(self._rows(doc, section, table, template))
            prose = [(i, b) for i, b in enumerate(section.blocks) if b.kind != "table"]
            if prose:
                chunks.extend(self._prose(doc, section, prose))
        return chunks

    def _make(
        self,
        doc: Document,
        section: Section,
        position: str,
        kind: ChunkKind,
        text: str,
        lines: tuple[int, int],
        sentences: tuple[str, ...],
        **extra: Any,
    ) -> Chunk:
        path = "/".join(slugify(h) for h in section.path) or "_"
        chunk = Chunk(
            id=f"{doc.path.with_suffix('').as_posix()}/{path}#{position}",
            kind=kind,
            title=doc.title,
            breadcrumb=section.path,
            text=text,
            source=doc.path.as_posix(),
            lines=lines,
            meta={k: str(v) for k, v in doc.meta.items() if k != "row_sentence"},
            sentences=sentences,
            **extra,
        )
        return _with_hash(chunk)

    def _faq(self, doc: Document, section: Section) -> list[Chunk]:
        units = _units(enumerate(section.blocks))
        if not units:
            raise IngestError("FAQ question has no answer under it", doc.location, section.heading_line)
        question = section.path[-1]
        answer = _render(units, dict(enumerate(section.blocks)))
        last = max(b.lines[-1].number for b in section.blocks)
        return [
            self._make(
                doc,
                section,
                "0",
                "faq",
                f"{question}\n\n{answer}",
                (section.heading_line, last),
                tuple(u.text for u in units),
                question=question,
            )
        ]

    def _rows(self, doc: Document, section: Section, table: Block, template: str | None) -> list[Chunk]:
        caption = section.path[-1] if section.path else doc.title
        if template:
            missing = [c for c in template_columns(template) if c not in table.header]
            if missing:
                raise IngestError(
                    f"row_sentence names columns the table lacks: {', '.join(missing)}",
                    doc.location,
                    table.lines[0].number,
                )
        chunks = []
        for n, (line, cells) in enumerate(table.rows, start=1):
            chunks.append(
                self._make(
                    doc,
                    section,
                    f"row-{n}",
                    "row",
                    row_text(caption, table.header, cells),
                    (line.number, line.number),
                    (row_sentence(template, table.header, cells),),
                    cells=dict(zip(table.header, cells, strict=True)),
                )
            )
        return chunks

    def _prose(self, doc: Document, section: Section, blocks: list[tuple[int, Block]]) -> list[Chunk]:
        units = _units(blocks)
        by_index = dict(blocks)
        windows = (
            [units]
            if sum(len(u.text) + 1 for u in units) <= self.max_chars
            else list(_windows(units, self.max_chars, self.overlap))
        )
        chunks = []
        for n, window in enumerate(windows):
            last_block = by_index[window[-1].block]
            end = (
                window[-1].line
                if last_block.kind == "list"
                else max(ln.number for ln in last_block.lines if ln.number >= window[-1].line)
            )
            chunks.append(
                self._make(
                    doc,
                    section,
                    str(n),
                    "section",
                    _render(window, by_index),
                    (window[0].line, end),
                    tuple(u.text for u in window),
                )
            )
        return chunks

    def chunk_corpus(self, docs: Iterable[Document]) -> list[Chunk]:
        """Chunk every document and refuse duplicate ids, naming both places."""
        seen: dict[str, tuple[Path, Chunk]] = {}
        chunks: list[Chunk] = []
        for doc in docs:
            for chunk in self.chunk_document(doc):
                if chunk.id in seen:
                    where, first = seen[chunk.id]
                    raise IngestError(
                        f"duplicate chunk id {chunk.id!r} (also at {where}:{first.lines[0]}); "
                        "give the headings distinct names",
                        doc.location,
                        chunk.lines[0],
                    )
                seen[chunk.id] = (doc.location, chunk)
                chunks.append(chunk)
        return chunks


def _with_hash(chunk: Chunk) -> Chunk:
    # Hash what is embedded plus what is quoted: either changing means the chunk changed.
    digest = text_hash(chunk.embed_text + "\x00" + "\x00".join(chunk.sentences))
    return replace(chunk, content_hash=digest)
