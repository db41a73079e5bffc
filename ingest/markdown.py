"""Parse a Markdown body by its heading structure into sections of paragraphs, lists and tables.

markdown-it-py (CommonMark, plus GFM tables) reads the structure; its tokens carry the source
lines they came from, so every block keeps its line numbers and paragraphs keep their text
exactly as written (inline markup and all), which is what answers quote and citations point to.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ingest.errors import IngestError

# CommonMark with GFM tables; raw HTML is read as text, as the rest of the prose is.
_PARSER = MarkdownIt("commonmark", {"html": False}).enable("table")
# Code, and what markdown-it leaves as one raw block, is kept as a paragraph of its lines.
_RAW_BLOCKS = ("fence", "code_block", "html_block")


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


def joined(text: str) -> str:
    """A block's lines as one line: each stripped, joined by spaces."""
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


class _Reader:
    """Walks markdown-it's block tokens for one body, collecting sections and their blocks."""

    def __init__(self, body: Sequence[str], start: int, path: Path) -> None:
        self.body = body
        self.start = start
        self.path = path
        self.sections: list[Section] = []
        self.current = Section(path=(), heading_line=0)
        self.stack: list[tuple[int, str]] = []  # (heading depth, title), outermost first
        self.list = Block(kind="list")  # the outermost list being read
        self.items: list[int] = []  # the open list items (positions in self.list.lines), outermost first

    def lines(self, token: Token) -> list[Line]:
        """The source lines a block token spans, numbered as in the corpus file."""
        first, end = token.map or (0, 0)
        return [Line(self.start + i, self.body[i]) for i in range(first, end)]

    def read(self, tokens: list[Token]) -> list[Section]:
        stream = iter(tokens)
        for token in stream:
            kind = token.type
            if kind == "heading_open" and token.level == 0:
                self.heading(token, next(stream))
            elif kind in ("bullet_list_open", "ordered_list_open") and not self.items:
                self.list = Block(kind="list")  # a nested list adds its items to the outermost one
                self.current.blocks.append(self.list)
            elif kind == "list_item_open":
                self.items.append(len(self.list.lines))
                self.list.lines.append(Line(self.lines(token)[0].number, ""))
            elif kind == "list_item_close":
                self.close_item()
            elif self.items and kind in ("inline", *_RAW_BLOCKS):
                # Everything inside a list item is that item's text; a nested list gives items of its own.
                self.add_to_item(joined(token.content))
            elif self.items or kind.endswith("_close"):
                continue
            elif kind == "paragraph_open" or kind in _RAW_BLOCKS or kind == "heading_open":
                self.paragraph(token)
            elif kind == "table_open":
                self.current.blocks.append(self.table(self.lines(token)))
        self.close_section()
        return [s for s in self.sections if s.blocks or s.path]

    def heading(self, token: Token, inline: Token) -> None:
        self.close_section()
        depth = int(token.tag[1])
        while self.stack and self.stack[-1][0] >= depth:
            self.stack.pop()
        self.stack.append((depth, joined(inline.content)))  # a setext heading may span lines
        self.current = Section(path=tuple(t for _, t in self.stack), heading_line=self.lines(token)[0].number)

    def close_section(self) -> None:
        if self.current.blocks or self.stack:
            self.sections.append(self.current)

    def add_to_item(self, text: str) -> None:
        if text:
            at = self.items[-1]
            item = self.list.lines[at]
            self.list.lines[at] = Line(item.number, f"{item.text} {text}" if item.text else text)

    def close_item(self) -> None:
        at = self.items.pop()
        if not self.list.lines[at].text:
            # An empty bullet quotes nothing. Only its own (closed) sub-items follow it.
            del self.list.lines[at]

    def paragraph(self, token: Token) -> None:
        lines = self.lines(token)
        if lines and lines[0].text.lstrip().startswith("|"):
            raise IngestError(
                "table without a '| --- |' separator row under its header (one cell per column)",
                self.path,
                lines[0].number,
            )
        self.current.blocks.append(Block(kind="paragraph", lines=lines))

    def table(self, lines: list[Line]) -> Block:
        header = split_cells(lines[0].text)
        block = Block(kind="table", lines=lines, header=header)
        for line in lines[2:]:
            if "|" not in line.text:
                raise IngestError(
                    "a line right under a table reads as one of its rows: put a blank line between "
                    "the table and the text after it",
                    self.path,
                    line.number,
                )
            cells = split_cells(line.text)
            if len(cells) != len(header):
                raise IngestError(
                    f"table row has {len(cells)} cells but the header has {len(header)}",
                    self.path,
                    line.number,
                )
            block.rows.append((line, cells))
        return block


def parse_sections(body: list[str], start: int, path: Path) -> list[Section]:
    """Split a body into sections at each heading (ATX or setext; never inside code or a list)."""
    return _Reader(body, start, path).read(_PARSER.parse("\n".join(body)))
