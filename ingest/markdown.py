"""Parse a Markdown body by its heading structure into sections of paragraphs, lists and tables."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ingest.errors import IngestError

HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")
TABLE_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Line:
    """A line of text with its 1-based number in the corpus file."""

    number: int
    text: str


@dataclass
class Block:
    """A run of content under one heading: a paragraph, a list (one entry per item) or a table."""

    kind: Literal["paragraph", "list", "table"]
    lines: list[Line] = field(default_factory=list)
    header: list[str] = field(default_factory=list)  # table column names
    rows: list[tuple[Line, list[str]]] = field(default_factory=list)  # table rows and their cells


@dataclass
class Section:
    """Everything between one heading and the next heading."""

    path: tuple[str, ...]  # heading breadcrumb, outermost first
    heading_line: int  # 0 for content before the first heading
    blocks: list[Block] = field(default_factory=list)


def split_cells(row: str) -> list[str]:
    """Cells of a pipe table row (escaped pipes stay in the cell)."""
    row = row.strip()
    row = row.removeprefix("|")
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", row)]


def _table(lines: list[Line], path: Path) -> Block:
    header = split_cells(lines[0].text)
    if len(lines) < 2 or not TABLE_SEPARATOR.match(lines[1].text.strip()):
        raise IngestError("table without a '| --- |' separator row under its header", path, lines[0].number)
    block = Block(kind="table", lines=lines, header=header)
    for line in lines[2:]:
        cells = split_cells(line.text)
        if len(cells) != len(header):
            raise IngestError(
                f"table row has {len(cells)} cells but the header has {len(header)}", path, line.number
            )
        block.rows.append((line, cells))
    return block


def _blocks(lines: list[Line], path: Path) -> list[Block]:
    """Group a section's lines into paragraphs, lists and tables."""
    blocks: list[Block] = []
    run: list[Line] = []

    def flush() -> None:
        if not run:
            return
        first = run[0].text.lstrip()
        if first.startswith("|"):
            blocks.append(_table(list(run), path))
        elif LIST_ITEM.match(run[0].text):
            block = Block(kind="list")
            for line in run:
                m = LIST_ITEM.match(line.text)
                if m:
                    block.lines.append(Line(line.number, m.group(1).strip()))
                elif block.lines:  # a wrapped continuation of the previous item
                    prev = block.lines[-1]
                    block.lines[-1] = Line(prev.number, f"{prev.text} {line.text.strip()}")
            blocks.append(block)
        else:
            blocks.append(Block(kind="paragraph", lines=list(run)))
        run.clear()

    for line in lines:
        if not line.text.strip():
            flush()
            continue
        # A new kind of block may start without a blank line in between.
        if run and (line.text.lstrip().startswith("|") != run[0].text.lstrip().startswith("|")):
            flush()
        run.append(line)
    flush()
    return blocks


def parse_sections(body: list[str], start: int, path: Path) -> list[Section]:
    """Split a body into sections at each heading; fenced code never counts as a heading."""
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    current: list[Line] = []
    heading_line = 0
    in_fence = False

    def close() -> None:
        blocks = _blocks(current, path)
        if blocks or stack:
            sections.append(
                Section(path=tuple(t for _, t in stack), heading_line=heading_line, blocks=blocks)
            )
        current.clear()

    for offset, text in enumerate(body):
        number = start + offset
        if FENCE.match(text):
            in_fence = not in_fence
        m = None if in_fence else HEADING.match(text)
        if m is None:
            current.append(Line(number, text))
            continue
        close()
        depth = len(m.group(1))
        while stack and stack[-1][0] >= depth:
            stack.pop()
        stack.append((depth, m.group(2).strip()))
        heading_line = number
    close()
    return [s for s in sections if s.blocks or s.path]
